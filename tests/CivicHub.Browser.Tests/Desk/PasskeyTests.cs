using CivicHub.Browser.Tests.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Browser.Tests.Desk;

/// <summary>
/// Passkeys in a real browser: Chromium's virtual authenticator (DevTools' WebAuthn domain) stands in for a device
/// with a screen lock. WebAuthn refuses an IP address as relying party, so these pages are opened as localhost.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PasskeyTests(PortalHost host)
{
    [Fact]
    public async Task Staff_add_a_passkey_then_sign_in_with_it_alone_and_land_on_the_desk()
    {
        await host.InDbAsync(db => db.StaffPasskeys.Where(p => db.Staff.Any(s => s.Id == p.StaffId && s.UserName == "taylor")).ExecuteDeleteAsync());
        var page = await host.NewPageAsync();
        var origin = $"http://localhost:{host.BaseAddress.Port}";
        var devTools = await page.Context.NewCDPSessionAsync(page);
        await devTools.SendAsync("WebAuthn.enable");
        await devTools.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });

        await page.GotoAsync(origin + "/desk/sign-in");
        await page.GetByLabel("User name").FillAsync("taylor");
        await page.GetByLabel("Password").FillAsync(PortalHost.StaffPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.ArriveAtPathAsync("/desk/sign-in/code");
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync(await host.OneTimeCodeAsync("taylor"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await page.ArriveAtPathAsync("/desk");

        await page.GetByRole(AriaRole.Link, new() { Name = "Passkeys", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("no-passkeys")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();
        // Without a name the page says so in its alert, and makes nothing.
        await Assertions.Expect(page.GetByTestId("passkey-message")).ToContainTextAsync("Enter a name");
        await Assertions.Expect(page.GetByLabel("Name for the new passkey")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Test laptop");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("passkeys")).ToContainTextAsync("Test laptop");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await Screenshots.SaveAsync(page, "desk-passkeys");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.ArriveAtPathAsync("/desk/sign-in");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();

        await page.ArriveAtPathAsync("/desk");
        await Assertions.Expect(page.GetByTestId("inbox")).ToBeVisibleAsync();
        var used = await host.InDbAsync(db => db.StaffPasskeys.Where(p => db.Staff.Any(s => s.Id == p.StaffId && s.UserName == "taylor")).Select(p => p.LastUsedAt).SingleAsync());
        Assert.NotNull(used);
    }
}
