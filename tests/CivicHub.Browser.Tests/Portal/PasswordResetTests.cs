using System.Text.RegularExpressions;
using CivicHub.Browser.Tests.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Browser.Tests.Portal;

/// <summary>Forgetting a password and choosing a new one from the emailed link, in the browser, from the sign-in page.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class PasswordResetTests(PortalHost host)
{
    [Fact]
    public async Task A_citizen_who_forgot_the_password_chooses_a_new_one_from_the_emailed_link()
    {
        var setUp = await host.NewPageAsync();
        var email = await Citizens.SignUpAsync(setUp, "Alex", "Moreno");

        var page = await host.NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await page.GetByRole(AriaRole.Link, new() { Name = "Forgot your password?" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Reset your password");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the link" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("reset-requested")).ToContainTextAsync("If an account uses this email address");
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        // This host sends no email: the link is read from the message waiting in the outbox, as the mailbox would show it.
        var body = await host.InDbAsync(db => db.OutboundMessages.Where(m => m.Recipient == email && m.TemplateKey == "account.password_reset").Select(m => m.Body).SingleAsync());
        var link = Link().Match(body).Value;
        await page.GotoAsync(new Uri(link).PathAndQuery);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Choose a new password");

        // A weak password is refused with the error linked from the summary.
        await page.GetByLabel("New password").FillAsync("password1234");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change the password" }).ClickAsync();
        await Assertions.Expect(page.Locator("#error-summary")).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        await page.GetByLabel("New password").FillAsync("quiet harbour lights at dawn");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change the password" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("password-reset")).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        // The browser signed in before the reset is signed out; the new password opens the account.
        await setUp.GotoAsync("/account/profile");
        await setUp.ArriveAtAsync("**/account/sign-in**");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).Last.ClickAsync();
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync("quiet harbour lights at dawn");
        await page.Locator("main button[type=submit]").ClickAsync();
        await page.ArriveAtAsync("**/account/requests");
    }

    [GeneratedRegex(@"https?://\S+reset-password\?token=\S+")]
    private static partial Regex Link();
}
