using CivicHub.Browser.Tests.Hosting;

namespace CivicHub.Browser.Tests.Portal;

/// <summary>A citizen who signed in on a device they no longer have signs out everywhere from the profile page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SignOutEverywhereTests(PortalHost host)
{
    [Fact]
    public async Task Signing_out_everywhere_from_the_keyboard_ends_the_other_browser_s_session_too()
    {
        var lost = await host.NewPageAsync();
        var email = await Citizens.SignUpAsync(lost, "Marcus", "Bell");
        var page = await host.NewPageAsync();
        await Citizens.SignInAsync(page, email);

        await page.GotoAsync("/account/profile");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Signed in on another device?" })).ToBeVisibleAsync();
        var button = page.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere" });
        await Assertions.Expect(button).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("will ask you to sign in again"));
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await button.FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await page.ArriveAtAsync("**/account/sign-in?signedOut=everywhere");
        await Assertions.Expect(page.GetByTestId("signed-out-everywhere")).ToContainTextAsync("You are signed out on every device and app.");
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        // The other browser, signed in before, is sent to sign in; the password still works.
        await lost.GotoAsync("/account/profile");
        await lost.ArriveAtAsync("**/account/sign-in**");
        await Citizens.SignInAsync(page, email);
    }
}
