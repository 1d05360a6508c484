using CivicHub.Browser.Tests.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Browser.Tests.Portal;

/// <summary>The catalog's own texts in Spanish: a citizen finds, reads and applies for a service without meeting English.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SpanishCatalogTests(PortalHost host)
{
    [Fact]
    public async Task A_citizen_applies_for_a_service_in_spanish_with_spanish_labels_choices_and_errors()
    {
        var page = await host.NewPageAsync();
        await Citizens.SignUpAsync(page, "Rosa", "Delgado");
        await page.GetByRole(AriaRole.Button, new() { Name = "Español" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Mi perfil");

        // Found by its Spanish name, and read in Spanish.
        await page.GotoAsync("/services");
        await page.Locator("#service-search").FillAsync("bache");
        await page.Locator("#service-search").PressAsync("Enter");
        await page.GetByRole(AriaRole.Link, new() { Name = "Bache", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Bache");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Informe de un bache en una calle o carril bici.");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Obras Públicas");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Solicitar en línea" }).ClickAsync();

        // The labels, help and choices are the department's Spanish; the choices' values stay the catalog's own.
        var where = page.GetByLabel("¿Dónde está?");
        await Assertions.Expect(where).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#field-location-hint")).ToHaveTextAsync("Una dirección o el cruce de calles más cercano.");
        var size = page.GetByLabel("¿Qué tamaño tiene?");
        await Assertions.Expect(size.Locator("option[value=small]")).ToHaveTextAsync("pequeño");
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        // Submitted empty: the error summary, and each error, are in Spanish and name the Spanish label.
        await page.GetByRole(AriaRole.Button, new() { Name = "Enviar solicitud" }).ClickAsync();
        var summary = page.Locator("#error-summary");
        await Assertions.Expect(summary).ToBeVisibleAsync();
        await Assertions.Expect(summary.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Hay un problema");
        await Assertions.Expect(summary.GetByRole(AriaRole.Link, new() { Name = "Complete el campo: ¿Dónde está?." })).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        await page.GetByLabel("¿Dónde está?").FillAsync("Calle Olmo y Avenida 3");
        await page.GetByLabel("¿Qué tamaño tiene?").SelectOptionAsync(new SelectOptionValue { Label = "grande" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Enviar solicitud" }).ClickAsync();
        await page.ArriveAtAsync("**/account/requests/*?submitted=1");
        var reference = new Uri(page.Url).AbsolutePath.Split('/')[^1];
        var answers = await host.InDbAsync(db => db.Cases.Where(c => c.Reference == reference).Select(c => c.Answers).SingleAsync());
        Assert.Contains("\"size\":\"large\"", answers, StringComparison.Ordinal);

        // "My requests" names the service and its department in Spanish too.
        await page.GotoAsync("/account/requests");
        var row = page.Locator("tr", new() { HasText = reference });
        await Assertions.Expect(row).ToContainTextAsync("Bache");
        await Assertions.Expect(row).ToContainTextAsync("Obras Públicas");
    }
}
