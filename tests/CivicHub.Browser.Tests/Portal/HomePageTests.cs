using CivicHub.Browser.Tests.Hosting;

namespace CivicHub.Browser.Tests.Portal;

[Collection(BrowserCollection.Name)]
public sealed class HomePageTests(PortalHost host)
{
    [Fact]
    public async Task Start_page_is_the_portal_and_shows_the_demo_sign_ins()
    {
        var page = await host.NewPageAsync();
        var response = await page.GotoAsync("/");

        Assert.Equal(200, response!.Status);
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Government services in one place");
        await Assertions.Expect(page.GetByTestId("demo-password")).ToHaveTextAsync("as configured");
        await Assertions.Expect(page.GetByTestId("demo-staff")).ToContainTextAsync("dana");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await Screenshots.SaveAsync(page, "portal-home");
    }
}
