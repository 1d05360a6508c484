using System.Text.RegularExpressions;
using CivicHub.Core.Accounts;
using CivicHub.Core.Outreach;
using CivicHub.Server.Tests.Channels.Email;
using CivicHub.Server.Tests.Hosting;
using CivicHub.Server.Tests.Journeys;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Server.Tests.Portal;

/// <summary>
/// The account emails end to end: the portal's forms queue them, the outbox sends them over real SMTP, and the test
/// reads them back from the citizen's real mailbox over IMAP before following their links.
/// </summary>
public abstract partial class AccountEmailTests(CivicHubHost host)
{
    private const string Password = "a long portal passphrase";

    [Fact]
    public async Task Forgot_password_emails_a_spanish_link_that_resets_once_and_ends_every_session()
    {
        TestMailServer.Require();
        var email = TestMailServer.NewAddress("rosa");
        await SignUpAsync(email, "es");
        using var phone = new PortalForms(host);
        await phone.SignInAsync(email, Password);

        using var laptop = new PortalForms(host);
        var asked = await laptop.SubmitForPageAsync("/account/forgot-password", "forgot-password", new Dictionary<string, string> { ["Input.Email"] = email.ToUpperInvariant() });
        Assert.Contains("data-testid=\"reset-requested\"", asked, StringComparison.Ordinal);

        var (mail, _) = await TestMailServer.WaitForAsync(email, m => m.Subject == "Cambie su contraseña");
        Assert.Contains("válido por 1 hora", mail.TextBody, StringComparison.Ordinal);
        var link = new Uri(LinkOf(mail.TextBody, "reset-password"));

        var form = await laptop.Client.GetStringAsync(link.PathAndQuery);
        Assert.Contains("name=\"Input.Password\"", form, StringComparison.Ordinal);
        var done = await laptop.SubmitForPageAsync(link.PathAndQuery, "reset-password", new Dictionary<string, string>
        {
            ["Input.Token"] = Uri.UnescapeDataString(link.Query[(link.Query.IndexOf('=', StringComparison.Ordinal) + 1)..]),
            ["Input.Password"] = "river lanterns under october rain",
        });
        Assert.Contains("data-testid=\"password-reset\"", done, StringComparison.Ordinal);

        // The session opened before the reset (another device) is over; the new password signs in, the old one not.
        Assert.False(await phone.IsSignedInAsync());
        using var again = new PortalForms(host);
        await again.SignInAsync(email, "river lanterns under october rain");
        var old = await host.InScopeAsync(sp => sp.GetRequiredService<CitizenAccounts>().SignInAsync(email, Password, CancellationToken.None));
        Assert.False(old.Succeeded);

        // The link works once.
        var reused = await laptop.Client.GetStringAsync(link.PathAndQuery);
        Assert.Contains("data-testid=\"reset-link-failed\"", reused, StringComparison.Ordinal);

        // Neither the outbox nor the timeline keeps the link once it is sent.
        var token = Uri.UnescapeDataString(link.Query[(link.Query.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        var sent = await host.InDbAsync(db => db.OutboundMessages.AsNoTracking().SingleAsync(m => m.Recipient == email && m.TemplateKey == AccountEmails.ResetTemplate));
        Assert.Equal(OutboundStatus.Sent, sent.Status);
        Assert.DoesNotContain(token, sent.Body, StringComparison.Ordinal);
        var logged = await host.InDbAsync(db => db.Interactions.AsNoTracking().SingleAsync(i => i.Id == sent.InteractionId));
        Assert.DoesNotContain(token, logged.Body ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_the_link_again_emails_a_new_link_and_the_old_one_stops_working()
    {
        TestMailServer.Require();
        var email = TestMailServer.NewAddress("kofi");
        var first = await SignUpAsync(email, "en");
        using var browser = new PortalForms(host);
        await browser.SignInAsync(email, Password);
        // The first link was sent a moment ago: asking again at once sends nothing, so nobody can flood the mailbox.
        var tooSoon = await browser.SubmitForPageAsync("/account/verify/resend", "resend-verification", new Dictionary<string, string>());
        Assert.Contains("less than a minute ago", tooSoon, StringComparison.Ordinal);
        await host.InDbAsync(async db =>
        {
            var account = await db.CitizenAccounts.SingleAsync(a => a.Email == email);
            account.VerificationExpiresAt -= CitizenAccounts.EmailInterval;
            return await db.SaveChangesAsync();
        });

        var resent = await browser.SubmitForPageAsync("/account/verify/resend", "resend-verification", new Dictionary<string, string>());
        Assert.Contains("A new link is on its way", resent, StringComparison.Ordinal);

        var (mail, _) = await TestMailServer.WaitForAsync(email, m => m.Subject == "Confirm your email address" && m.TextBody?.Contains(Uri.EscapeDataString(first), StringComparison.Ordinal) != true);
        var link = new Uri(LinkOf(mail.TextBody, "verify"));
        var stale = await browser.Client.GetStringAsync($"/account/verify?token={Uri.EscapeDataString(first)}");
        Assert.Contains("expired", stale, StringComparison.Ordinal);
        var verified = await browser.Client.GetStringAsync(link.PathAndQuery);
        Assert.Contains("usa-alert--success", verified, StringComparison.Ordinal);
        Assert.True(await host.InDbAsync(db => db.CitizenAccounts.Where(a => a.Email == email).Select(a => a.EmailVerifiedAt != null).SingleAsync()));
    }

    /// <summary>An account on the test mail server; returns the token of its first verification link.</summary>
    private async Task<string> SignUpAsync(string email, string language)
    {
        var signedUp = await host.InScopeAsync(sp => sp.GetRequiredService<CitizenAccounts>().SignUpAsync(
            new CitizenAccounts.SignUpRequest("Rosa", "Delgado", email, Password, language, "http://localhost/account/verify"), CancellationToken.None));
        Assert.True(signedUp.Succeeded);
        return signedUp.Value!.VerificationToken;
    }

    private static string LinkOf(string? text, string page) =>
        LinkPattern().Matches(text ?? "").Select(m => m.Value).Single(l => l.Contains($"/account/{page}?token=", StringComparison.Ordinal));

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex LinkPattern();
}

[Collection(JourneySqliteCollection.Name)]
public sealed class AccountEmailOnSqlite(JourneySqliteHost host) : AccountEmailTests(host);

[Collection(JourneyPostgresCollection.Name)]
public sealed class AccountEmailOnPostgres(JourneyPostgresHost host) : AccountEmailTests(host);
