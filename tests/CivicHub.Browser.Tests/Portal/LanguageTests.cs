using CivicHub.Browser.Tests.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Browser.Tests.Portal;

[Collection(BrowserCollection.Name)]
public sealed class LanguageTests(PortalHost host)
{
    [Fact]
    public async Task The_language_switch_turns_the_portal_spanish_and_it_stays_spanish()
    {
        var page = await host.NewPageAsync();
        await page.GotoAsync("/services");
        await page.GetByRole(AriaRole.Button, new() { Name = "Español" }).ClickAsync();

        await page.ArriveAtAsync("**/services");
        Assert.Equal("es", await page.GetAttributeAsync("html", "lang"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2, Name = "Por tema" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Consultar una solicitud" })).ToBeVisibleAsync();

        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Servicios del gobierno en un solo lugar");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await Screenshots.SaveAsync(page, "portal-home-es");

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Government services in one place");
    }

    [Fact]
    public async Task A_citizens_language_is_remembered_on_their_record_and_used_when_they_sign_in()
    {
        var page = await host.NewPageAsync();
        var email = await Citizens.SignUpAsync(page, "Graciela", "Montes");
        await page.GetByRole(AriaRole.Button, new() { Name = "Español" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Mi perfil");

        var citizenId = await host.CitizenIdOfAsync(email);
        Assert.Equal("es", await host.InDbAsync(db => db.Citizens.Where(c => c.Id == citizenId).Select(c => c.PreferredLanguage).SingleAsync()));

        // Another browser, in English, with no culture cookie: signing in brings the citizen's Spanish back.
        var elsewhere = await host.NewPageAsync(language: "en-US");
        await Citizens.SignInAsync(elsewhere, email);
        await Assertions.Expect(elsewhere.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Mis solicitudes");
        Assert.Equal("es", await elsewhere.GetAttributeAsync("html", "lang"));
    }

    [Fact]
    public async Task A_browser_that_prefers_spanish_gets_spanish_without_choosing()
    {
        var page = await host.NewPageAsync(language: "es-MX");
        await page.GotoAsync("/track");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Consultar una solicitud");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
    }
}
