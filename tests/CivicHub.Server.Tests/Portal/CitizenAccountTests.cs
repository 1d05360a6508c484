using System.Text.RegularExpressions;
using CivicHub.Core.Accounts;
using CivicHub.Core.Cases;
using CivicHub.Core.Citizens;
using CivicHub.Core.Outreach;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Server.Tests.Portal;

/// <summary>Portal accounts: sign-up, sign-in, and linking to the citizen already known by the email once it is verified.</summary>
public abstract class CitizenAccountTests(CivicHubHost host)
{
    private const string Password = "a long portal passphrase";

    [Fact]
    public async Task An_account_joins_the_citizen_known_by_its_email_only_once_the_email_is_verified()
    {
        var staff = await host.StaffClientAsync();
        var (knownId, _, email) = await staff.NewCitizenAsync("Ines", "Moreau");
        var reference = (await (await staff.PostJsonAsync("/api/v1/cases", new { citizenId = knownId, channel = "mail", description = "Letter about a permit" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("reference").GetString();

        var signedUp = await host.InScopeAsync(sp => sp.GetRequiredService<CitizenAccounts>().SignUpAsync(
            new CitizenAccounts.SignUpRequest("Ines", "Moreau", email.ToUpperInvariant(), Password, "fr", "http://portal.example/account/verify"),
            CancellationToken.None));
        Assert.True(signedUp.Succeeded);
        var account = signedUp.Value!.Citizen;

        // Anyone can type anyone's email: before verification the account sees none of the known citizen's cases.
        Assert.NotEqual(knownId, account.CitizenId);
        var before = await host.InScopeAsync(sp => sp.GetRequiredService<CitizenRequests>().ListAsync(account.CitizenId, CancellationToken.None));
        Assert.Empty(before);

        // The link goes out by email through the outbox.
        var message = await host.InDbAsync(db => db.OutboundMessages.SingleAsync(m => m.CitizenId == account.CitizenId));
        Assert.Equal(OutboundStatus.Queued, message.Status);
        Assert.Equal("account.verify_email", message.TemplateKey);
        var token = Uri.UnescapeDataString(Regex.Match(message.Body, @"\?token=([^\s]+)").Groups[1].Value);

        var verified = await host.InScopeAsync(sp => sp.GetRequiredService<CitizenAccounts>().VerifyEmailAsync(token, CancellationToken.None));
        Assert.True(verified.Succeeded);
        Assert.Equal(knownId, verified.Value!.CitizenId);
        var current = await host.InScopeAsync(sp => sp.GetRequiredService<CitizenAccounts>().CurrentAsync(account.AccountId, CancellationToken.None));
        Assert.Equal(knownId, current!.CitizenId);
        var after = await host.InScopeAsync(sp => sp.GetRequiredService<CitizenRequests>().ListAsync(knownId, CancellationToken.None));
        Assert.Contains(after, r => r.Reference == reference);
        Assert.True(await host.InDbAsync(db => db.ChannelIdentities.Where(i => i.Kind == IdentityKind.Email && i.CitizenId == knownId).Select(i => i.Verified).SingleAsync()));

        // A link works once.
        var again = await host.InScopeAsync(sp => sp.GetRequiredService<CitizenAccounts>().VerifyEmailAsync(token, CancellationToken.None));
        Assert.False(again.Succeeded);
    }

    [Fact]
    public async Task Sign_in_answers_a_wrong_password_and_an_unknown_email_alike()
    {
        host.RequireDatabase();
        var email = $"{Guid.NewGuid():N}@mail.example";
        await host.InScopeAsync(sp => sp.GetRequiredService<CitizenAccounts>().SignUpAsync(
            new CitizenAccounts.SignUpRequest("Kofi", "Mensah", email, Password, "en", "http://portal.example/account/verify"), CancellationToken.None));

        async Task<Core.Outcomes.Outcome<SignedInCitizen>> SignInAsync(string who, string password) =>
            await host.InScopeAsync(sp => sp.GetRequiredService<CitizenAccounts>().SignInAsync(who, password, CancellationToken.None));

        var wrongPassword = await SignInAsync(email, "not the passphrase");
        var unknownEmail = await SignInAsync($"{Guid.NewGuid():N}@mail.example", Password);
        Assert.False(wrongPassword.Succeeded);
        Assert.Equal(unknownEmail.Problem!.Errors!["email"], wrongPassword.Problem!.Errors!["email"]);
        Assert.True((await SignInAsync(email.ToUpperInvariant(), Password)).Succeeded);
    }

    [Fact]
    public async Task Tracking_needs_the_reference_and_a_contact_of_the_same_citizen()
    {
        var staff = await host.StaffClientAsync();
        var (citizenId, phone, email) = await staff.NewCitizenAsync();
        var (_, _, otherEmail) = await staff.NewCitizenAsync();
        var reference = (await (await staff.PostJsonAsync("/api/v1/cases", new { citizenId, channel = "in_person", description = "Counter visit" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("reference").GetString()!;

        Task<CitizenRequests.Detail?> TrackAsync(string? tracked, string contact) =>
            host.InScopeAsync(sp => sp.GetRequiredService<CitizenRequests>().TrackAsync(tracked, contact, CancellationToken.None));

        Assert.Equal(reference, (await TrackAsync(reference, email))!.Request.Reference);
        Assert.Equal(reference, (await TrackAsync(reference.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant(), $"({phone[2..5]}) {phone[5..8]}-{phone[8..]}"))!.Request.Reference);
        Assert.Null(await TrackAsync(reference, otherEmail));
        Assert.Null(await TrackAsync(reference, "not a contact"));
        Assert.Empty((await TrackAsync(reference, email))!.Messages);
    }

    [Fact]
    public async Task The_start_page_is_the_portal_and_tracking_is_rate_limited_per_address()
    {
        var client = host.AnonymousClient();
        // An address of its own, as the trusted proxy reports it: other tests' look-ups count against theirs.
        client.DefaultRequestHeaders.Add("X-Forwarded-For", $"198.51.100.{Random.Shared.Next(1, 255)}");
        var home = await client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("Government services in one place", await home.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "track", ["Input.Reference"] = "ABCD-EFGH" });
            statuses.Add((await client.PostAsync(new Uri("/track", UriKind.Relative), form)).StatusCode);
        }

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(10));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CitizenAccountOnSqlite(SqliteHost host) : CitizenAccountTests(host);

[Collection(PostgresCollection.Name)]
public sealed class CitizenAccountOnPostgres(PostgresHost host) : CitizenAccountTests(host);
