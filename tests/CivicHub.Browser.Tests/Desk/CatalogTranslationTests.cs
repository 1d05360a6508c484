using CivicHub.Browser.Tests.Hosting;

namespace CivicHub.Browser.Tests.Desk;

/// <summary>Administrators write the catalog's Spanish in the form builder and on the departments page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CatalogTranslationTests(PortalHost host)
{
    [Fact]
    public async Task Administrator_writes_a_service_and_its_form_in_spanish_and_a_department_too()
    {
        var page = await host.SignedInPageAsync("morgan");
        await page.GotoAsync("/admin/services");
        await page.GetByRole(AriaRole.Link, new() { Name = "Marriage licence" }).ClickAsync();
        var spanish = page.GetByTestId("service-translation-es");
        await Assertions.Expect(spanish.GetByLabel("Name in Spanish")).ToHaveValueAsync("Licencia de matrimonio");
        await spanish.GetByLabel("Name in Spanish").FillAsync("Licencia matrimonial");
        await spanish.GetByLabel("Keywords in Spanish").FillAsync("matrimonio, boda, casarse, enlace");
        var details = page.GetByTestId("field-row").First;
        await details.GetByLabel("Label in Spanish").FillAsync("Cuéntenos qué necesita");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save service" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("admin-message")).ToContainTextAsync("saved");

        using var api = await host.StaffApiAsync("luis");
        var service = await api.GetJsonAsync("/api/v1/services/marriage-licence");
        var es = service.GetProperty("translations").EnumerateArray().Single(t => t.GetProperty("language").GetString() == "es");
        Assert.Equal("Licencia matrimonial", es.GetProperty("name").GetString());
        Assert.Contains("enlace", es.GetProperty("keywords").EnumerateArray().Select(k => k.GetString()));
        // The description was not touched: the seeded Spanish stays.
        Assert.Equal("Solicite una licencia de matrimonio.", es.GetProperty("description").GetString());
        var label = service.GetProperty("fields")[0].GetProperty("translations").EnumerateArray().Single().GetProperty("label").GetString();
        Assert.Equal("Cuéntenos qué necesita", label);

        await page.GotoAsync("/admin/departments");
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit Health" }).ClickAsync();
        var department = page.GetByTestId("department-translation-es");
        await Assertions.Expect(department.GetByLabel("Name in Spanish")).ToHaveValueAsync("Salud");
        await department.GetByLabel("Name in Spanish").FillAsync("Salud Pública");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save department" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("admin-message")).ToContainTextAsync("saved");
        var departments = await api.GetJsonAsync("/api/v1/departments");
        var health = departments.EnumerateArray().Single(d => d.GetProperty("code").GetString() == "HEALTH");
        Assert.Equal("Salud Pública", health.GetProperty("translations")[0].GetProperty("name").GetString());
    }
}
