using System.Text.Json;
using CivicHub.Browser.Tests.Hosting;

namespace CivicHub.Browser.Tests.Portal;

[Collection(BrowserCollection.Name)]
public sealed class InstallableAppTests(PortalHost host)
{
    [Fact]
    public async Task The_portal_is_installable_and_shows_the_offline_page_without_a_connection()
    {
        var page = await host.NewPageAsync();
        await page.GotoAsync("/");
        var manifestUrl = await page.GetAttributeAsync("link[rel=manifest]", "href");
        var manifest = JsonDocument.Parse(await (await page.APIRequest.GetAsync(manifestUrl!)).TextAsync()).RootElement;
        Assert.Equal("standalone", manifest.GetProperty("display").GetString());
        Assert.StartsWith("/", manifest.GetProperty("start_url").GetString(), StringComparison.Ordinal);
        foreach (var icon in manifest.GetProperty("icons").EnumerateArray())
        {
            var response = await page.APIRequest.GetAsync(icon.GetProperty("src").GetString()!);
            Assert.True(response.Ok, icon.GetProperty("src").GetString());
        }

        // The service worker takes control, then serves the offline page when the network is gone.
        await page.WaitForFunctionAsync("() => navigator.serviceWorker.ready.then(() => true)");
        await page.ReloadAsync();
        await page.WaitForFunctionAsync("() => navigator.serviceWorker.controller !== null");
        await page.Context.SetOfflineAsync(true);
        await page.GotoAsync("/services");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("You are offline");
        await page.Context.SetOfflineAsync(false);
    }
}
