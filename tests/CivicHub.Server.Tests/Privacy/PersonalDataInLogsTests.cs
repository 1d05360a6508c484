using CivicHub.Core.Accounts;
using CivicHub.Core.Citizens;
using CivicHub.Core.Intake;
using CivicHub.Core.Interactions;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Channels.Sms;
using CivicHub.Server.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Server.Tests.Privacy;

/// <summary>A citizen's journey through every kind of intake, a reply and a portal sign-in leaves no personal data in the logs.</summary>
public abstract class PersonalDataInLogsTests(CivicHubHost host)
{
    [Fact]
    public async Task A_journey_by_sms_email_api_reply_and_portal_sign_in_logs_no_personal_value()
    {
        var staff = await host.StaffClientAsync();
        var marker = Guid.NewGuid().ToString("N")[..8];
        var given = $"Zephyrine{marker}";
        var family = $"Quillfeather{marker}";
        var phone = Http.NewPhone();
        var email = $"zq{marker}@mail.example";
        var street = $"{marker} Larkspur Lane";
        var smsText = $"The hedge at {street} blocks the sidewalk {marker}";
        var emailText = $"Following up about my hedge, {given} {marker}";
        var password = $"portal passphrase {marker}";

        // API: a citizen registered by an agent, and a case about them.
        var created = await (await staff.PostJsonAsync("/api/v1/citizens", new
        {
            givenName = given,
            familyName = family,
            dateOfBirth = "1977-08-09",
            phones = new[] { phone },
            emails = new[] { email },
            addresses = new[] { new { line1 = street, city = "Springfield", region = "IL", postalCode = "62701" } },
        })).JsonAsync(HttpStatusCode.Created);
        var citizenId = created.GetProperty("id").GetGuid();
        var reference = (await (await staff.PostJsonAsync("/api/v1/cases", new { citizenId, channel = "phone", description = $"Overgrown hedge at {street}" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("reference").GetString();

        // SMS, through the provider's signed webhook; an unknown sender too.
        await (await SmsWebhooks.InboundAsync(host, SmsWebhooks.Text(Http.E164(phone), smsText))).TwimlReplyAsync();
        var stranger = Http.NewPhone();
        await (await SmsWebhooks.InboundAsync(host, SmsWebhooks.Text(Http.E164(stranger), $"{smsText} (stranger)"))).TwimlReplyAsync();

        // Email, as the mailbox poller hands it to intake.
        var received = await host.InScopeAsync(sp => sp.GetRequiredService<IntakePipeline>().ReceiveAsync(
            new InboundContact(Channel.Email, IdentityKind.Email, email, emailText, DateTime.UtcNow) { Subject = $"Re: {reference}" },
            CancellationToken.None));
        Assert.True(received.Succeeded);

        // An agent's reply, which goes to the outbox.
        await (await staff.PostJsonAsync($"/api/v1/cases/{reference}/replies", new { text = $"Dear {given}, a crew will trim it {marker}" }))
            .JsonAsync(HttpStatusCode.Created);

        // The portal: sign up with the citizen's email, sign in, and a wrong password.
        var accounts = (Func<IServiceProvider, CitizenAccounts>)(sp => sp.GetRequiredService<CitizenAccounts>());
        await host.InScopeAsync(sp => accounts(sp).SignUpAsync(
            new CitizenAccounts.SignUpRequest(given, family, email, password, "en", "http://portal.example/account/verify"), CancellationToken.None));
        Assert.True((await host.InScopeAsync(sp => accounts(sp).SignInAsync(email, password, CancellationToken.None))).Succeeded);
        Assert.False((await host.InScopeAsync(sp => accounts(sp).SignInAsync(email, "wrong", CancellationToken.None))).Succeeded);

        // And the search an agent runs, whose query string carries the phone number.
        await staff.GetJsonAsync($"/api/v1/citizens?phone={Uri.EscapeDataString(phone)}");

        string[] personal = [given, family, email, phone, Http.E164(phone), Http.E164(stranger), street, smsText, emailText, password, "1977-08-09"];
        var leaks = host.Logs.Entries
            .SelectMany(e => personal.Where(p => e.AllText.Contains(p, StringComparison.OrdinalIgnoreCase)).Select(p => $"{e.Category}: {e.Message} (has '{p}')"))
            .ToList();
        Assert.True(leaks.Count == 0, string.Join('\n', leaks));
        // The capture works: the journey did write logs (intake logs each contact with its case reference).
        Assert.Contains(host.Logs.Entries, e => e.AllText.Contains(reference!, StringComparison.Ordinal));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PersonalDataInLogsOnSqlite(SqliteHost host) : PersonalDataInLogsTests(host);

[Collection(PostgresCollection.Name)]
public sealed class PersonalDataInLogsOnPostgres(PostgresHost host) : PersonalDataInLogsTests(host);
