using CivicHub.Browser.Tests.Hosting;
using CivicHub.Core.Staff;

namespace CivicHub.Browser.Tests.Desk;

[Collection(BrowserCollection.Name)]
public sealed class AdministrationTests(PortalHost host)
{
    [Fact]
    public async Task Administrator_adds_a_field_to_a_service_form_and_the_catalog_api_shows_it()
    {
        var page = await host.SignedInPageAsync("morgan");
        await page.GotoAsync("/admin/services");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Business licence" }).ClickAsync();
        var rows = page.GetByTestId("field-row");
        await Assertions.Expect(rows).ToHaveCountAsync(6);

        await page.GetByRole(AriaRole.Button, new() { Name = "Add a field" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(7);
        var added = rows.Last;
        // The new field's label takes the focus, so typing carries on there.
        await Assertions.Expect(added.GetByLabel("Label", new() { Exact = true })).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Trading name");
        await added.GetByLabel("Key", new() { Exact = true }).FillAsync("trading_name");
        await added.GetByLabel("Help text").FillAsync("If the business trades under another name.");
        await added.GetByRole(AriaRole.Button, new() { Name = "Move up" }).ClickAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await Screenshots.SaveAsync(page, "admin-service-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save service" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("admin-message")).ToContainTextAsync("saved with 7 fields");

        using var api = await host.StaffApiAsync("luis");
        var service = await api.GetJsonAsync("/api/v1/services/business-licence");
        var keys = service.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("key").GetString()).ToList();
        Assert.Equal(["business_name", "business_type", "owner_name", "business_address", "ein", "trading_name", "email"], keys);
    }

    [Fact]
    public async Task Administrator_writes_a_data_sharing_agreement_that_the_api_then_shows_in_force()
    {
        var page = await host.SignedInPageAsync("morgan");
        await page.GotoAsync("/admin/agreements");
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Benefits assessment with tax records" })).ToBeVisibleAsync();
        var name = $"Clerks see health inspections {Guid.NewGuid():N}";
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("Departments that may see").FillAsync("CLERK");
        await page.GetByLabel("Departments whose data it opens").FillAsync("HEALTH");
        await page.Locator("label[for=agreement-category-cases]").ClickAsync();
        await page.GetByLabel("Purpose").FillAsync("Licensing food businesses");
        await page.GetByLabel("Legal basis").FillAsync("Municipal code 5.2");
        await page.GetByLabel("Valid from").FillAsync("2026-01-01");
        await page.GetByLabel("Status").SelectOptionAsync("Active");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save agreement" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("admin-message")).ToContainTextAsync($"Agreement {name} saved.");

        using var api = await host.StaffApiAsync("morgan");
        var saved = (await api.GetJsonAsync("/api/v1/agreements")).EnumerateArray().Single(a => a.GetProperty("name").GetString() == name);
        Assert.True(saved.GetProperty("inForce").GetBoolean());
        Assert.Equal(["CLERK"], saved.GetProperty("recipientDepartments").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(["cases"], saved.GetProperty("categories").EnumerateArray().Select(d => d.GetString()));
    }

    [Fact]
    public async Task An_agent_cannot_open_the_administration()
    {
        var page = await host.SignedInPageAsync("dana");
        await page.GotoAsync("/admin/staff");
        Assert.Equal("/desk/denied", new Uri(page.Url).AbsolutePath);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Administration" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Administrator_creates_a_member_of_staff_who_can_then_sign_in()
    {
        var page = await host.SignedInPageAsync("morgan");
        await page.GotoAsync("/admin/staff");
        await page.GetByLabel("User name").FillAsync("quinn");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Quinn Adler");
        await page.GetByLabel("Role").SelectOptionAsync("Caseworker");
        await page.Locator("label", new() { HasText = "Revenue and Tax" }).ClickAsync();
        await page.GetByLabel("Password").FillAsync("a long enough password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save member of staff" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("admin-message")).ToContainTextAsync("Quinn Adler saved.");
        await Assertions.Expect(page.GetByTestId("staff").Locator("tr", new() { HasText = "quinn" })).ToContainTextAsync("TAX");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await Screenshots.SaveAsync(page, "admin-staff");

        var quinn = await host.NewPageAsync();
        await quinn.GotoAsync("/desk/sign-in");
        await quinn.GetByLabel("User name").FillAsync("quinn");
        await quinn.GetByLabel("Password").FillAsync("a long enough password");
        await quinn.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

        // The first sign-in sets up the authenticator: the app is given the key, and its code confirms it.
        await quinn.ArriveAtPathAsync("/desk/sign-in/authenticator");
        await Accessibility.AssertNoSeriousViolationsAsync(quinn);
        var secret = Totp.FromBase32(await quinn.GetByTestId("totp-secret").TextContentAsync())!;
        await quinn.GetByLabel("Code from the app").FillAsync(Totp.Code(secret, Totp.StepAt(DateTimeOffset.UtcNow)));
        await quinn.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Assertions.Expect(quinn.GetByTestId("recovery-codes").Locator("li")).ToHaveCountAsync(StaffSignIn.RecoveryCodeCount);
        await quinn.GetByRole(AriaRole.Link, new() { Name = "Continue to the desk" }).ClickAsync();
        await Assertions.Expect(quinn.GetByTestId("inbox")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Administrator_registers_a_confidential_department_site_and_sees_its_secret_once()
    {
        var page = await host.SignedInPageAsync("morgan");
        await page.GotoAsync("/admin/relying-parties");
        await Assertions.Expect(page.Locator("tr", new() { HasText = "civichub-mobile" })).ToContainTextAsync("CivicHub's own");
        var clientId = $"permits-{Guid.NewGuid():N}"[..20];
        await page.GetByLabel("Client id").FillAsync(clientId);
        await page.GetByLabel("Name citizens see").FillAsync("Building permits");
        await page.GetByLabel("Client type").SelectOptionAsync("confidential");
        await page.GetByLabel("Redirect addresses, one a line").FillAsync("http://permits.example/callback");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save application" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("admin-message")).ToContainTextAsync("redirectUris[0]");

        await page.GetByLabel("Redirect addresses, one a line").FillAsync("https://permits.example/callback");
        await page.GetByLabel("Owning department").SelectOptionAsync(new SelectOptionValue { Label = "Public Works" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Save application" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("admin-message")).ToContainTextAsync("Building permits saved.");
        await Assertions.Expect(page.GetByTestId("client-secret")).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await Screenshots.SaveAsync(page, "admin-relying-parties");

        using var api = await host.StaffApiAsync("morgan");
        var registered = await api.GetJsonAsync($"/api/v1/relying-parties/{clientId}");
        Assert.Equal("confidential", registered.GetProperty("clientType").GetString());
        Assert.False(registered.TryGetProperty("clientSecret", out _));
    }
}
