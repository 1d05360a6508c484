using CivicHub.Browser.Tests.Desk;
using CivicHub.Browser.Tests.Hosting;

namespace CivicHub.Browser.Tests.Security;

/// <summary>
/// The main pages, static and interactive, run under the host's content security policy without a single violation:
/// the policy is strict and the pages need nothing it forbids.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ContentSecurityPolicyTests(PortalHost host)
{
    [Fact]
    public async Task The_portal_and_desk_pages_break_no_rule_of_the_content_security_policy()
    {
        var page = await host.SignedInPageAsync();
        var violations = await WatchAsync(page);
        foreach (var path in new[] { "/", "/services", "/track", "/account/sign-in", "/account/sign-up", "/desk", "/desk/citizens", "/desk/chats" })
        {
            var response = await page.GotoAsync(path);
            Assert.Contains("default-src 'self'", (await response!.AllHeadersAsync())["content-security-policy"], StringComparison.Ordinal);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }

        // The interactive desk pages have started Blazor (its script and import map ran) under the policy.
        await Assertions.Expect(page.Locator("h1").First).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => typeof window.Blazor === 'object'"), "Blazor did not start under the policy");
        Assert.True(violations.Count == 0, $"Content security policy violations: {string.Join("; ", violations)}");
    }

    /// <summary>Records every violation the page reports, by event and on the console.</summary>
    private static async Task<List<string>> WatchAsync(IPage page)
    {
        var violations = new List<string>();
        await page.ExposeFunctionAsync("civicHubCspViolation", (string report) =>
        {
            lock (violations)
            {
                violations.Add(report);
            }
        });
        await page.AddInitScriptAsync(
            """
            document.addEventListener('securitypolicyviolation', e =>
              window.civicHubCspViolation(`${location.pathname}: ${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`));
            """);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (violations)
                {
                    violations.Add(message.Text);
                }
            }
        };
        return violations;
    }
}
