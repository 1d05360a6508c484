using System.Security.Cryptography;
using System.Text;
using CivicHub.Browser.Tests.Hosting;

namespace CivicHub.Browser.Tests.Portal;

/// <summary>A citizen signing in to a department's site with their CivicHub account, in a real browser.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsentTests(PortalHost host)
{
    private const string TaxSite = "https://tax.city.example";

    [Fact]
    public async Task A_citizen_allows_a_department_site_once_and_is_not_asked_again()
    {
        var page = await host.NewPageAsync();
        // The department's site is not running in the test; its callback only has to show that a code arrived.
        await page.RouteAsync(TaxSite + "/**", route => route.FulfillAsync(new() { Status = 200, ContentType = "text/plain", Body = "Tax online filing" }));
        await Citizens.SignUpAsync(page);

        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(new string('v', 64)))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var authorize = "/connect/authorize?client_id=demo-tax-filing&response_type=code&scope=openid%20profile%20email"
            + $"&redirect_uri={Uri.EscapeDataString(TaxSite + "/signin-oidc")}&state=abc&code_challenge={challenge}&code_challenge_method=S256";
        await page.GotoAsync(authorize);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Tax online filing");
        await Assertions.Expect(page.Locator("#consent-scopes li")).ToHaveCountAsync(3);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await Screenshots.SaveAsync(page, "portal-consent");

        await page.GetByRole(AriaRole.Button, new() { Name = "Allow", Exact = true }).ClickAsync();
        await page.ArriveAtAsync(TaxSite + "/signin-oidc?**");
        Assert.Contains("code=", page.Url, StringComparison.Ordinal);

        await page.GotoAsync(authorize);
        await page.ArriveAtAsync(TaxSite + "/signin-oidc?**");
        Assert.Contains("code=", page.Url, StringComparison.Ordinal);
    }
}
