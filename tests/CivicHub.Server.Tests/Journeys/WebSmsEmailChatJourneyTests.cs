using CivicHub.Channels.Email;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Channels.Chat;
using CivicHub.Server.Tests.Channels.Email;
using CivicHub.Server.Tests.Channels.Sms;
using CivicHub.Server.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Server.Tests.Journeys;

/// <summary>
/// One citizen on four channels through their real front doors: a web form, a signed Twilio webhook, a real mail
/// server both ways (SMTP out, IMAP in) and the chat hub. Everything must land on one citizen and one case timeline.
/// </summary>
public abstract class WebSmsEmailChatJourneyTests(CivicHubHost host)
{
    [Fact]
    public async Task A_case_filed_on_the_web_gathers_a_text_an_email_exchange_and_a_chat_on_one_timeline()
    {
        TestMailServer.Require();
        var dana = await host.StaffClientAsync("dana");
        var phone = Http.NewPhone();
        var email = TestMailServer.NewAddress("rosa");
        var citizenId = (await (await dana.PostJsonAsync("/api/v1/citizens", new
        {
            givenName = "Rosa",
            familyName = "Delgado",
            preferredLanguage = "en",
            preferredChannels = new[] { "sms", "email" },
            phones = new[] { phone },
            emails = new[] { email },
        })).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        // The portal files the web form for her (it signs citizens in and calls the API as a system).
        var portal = await host.IntegrationClientAsync();
        var reference = (await (await portal.PostJsonAsync("/api/v1/cases", new
        {
            citizenId,
            channel = "web",
            description = "The streetlight outside 40 Oak Avenue has been out for a week.",
        })).JsonAsync(HttpStatusCode.Created)).GetProperty("reference").GetString()!;

        // She texts a question from her phone quoting the reference; Twilio posts it signed.
        var text = await SmsWebhooks.InboundAsync(host, SmsWebhooks.Text(Http.E164(phone), $"Any news on {reference}? It is still dark out here."));
        Assert.Null(await text.TwimlReplyAsync());

        // Dana answers by email: the outreach worker sends it through the real SMTP server to her real mailbox.
        var reply = await (await dana.PostJsonAsync($"/api/v1/cases/{reference}/replies", new { text = "A crew is booked for Thursday night.", channel = "email" }))
            .JsonAsync(HttpStatusCode.Created);
        Assert.Equal("email", reply.GetProperty("channel").GetString());
        var (received, _) = await TestMailServer.WaitForAsync(email, m => m.TextBody?.Contains("A crew is booked for Thursday night.", StringComparison.Ordinal) == true);
        Assert.Contains(reference, received.Subject, StringComparison.Ordinal);

        // She answers that email; it reaches the department mailbox the reply came from, and the poller reads it.
        Assert.False(string.IsNullOrEmpty(received.MessageId));
        var departmentAddress = (received.ReplyTo.Mailboxes.FirstOrDefault() ?? received.From.Mailboxes.Single()).Address;
        var answer = TestMailServer.Email(email, departmentAddress, "Re: " + received.Subject, "Thank you, I will look out for them.", "Rosa Delgado");
        answer.InReplyTo = received.MessageId;
        answer.References.Add(received.MessageId!);
        await TestMailServer.AppendAsync(departmentAddress, answer);
        var polled = await host.InScopeAsync(sp => sp.GetRequiredService<MailboxPoller>().PollOnceAsync(TestMailServer.Mailbox(departmentAddress), CancellationToken.None));
        Assert.Equal(1, polled);
        var threaded = Assert.Single(await host.InteractionsWithExternalIdAsync(answer.MessageId));
        Assert.Equal(citizenId, threaded.CitizenId);
        Assert.Equal(reference, await host.InDbAsync(db => db.CaseReferenceOfAsync(threaded.CaseId)));

        // Signed in on the portal, she opens the chat: the portal asks for a session for her known record.
        var session = await (await portal.PostJsonAsync("/api/v1/chat/sessions", new { citizenId, language = "en" })).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(citizenId, session.GetProperty("citizenId").GetGuid());
        await using var visitor = await host.VisitorAsync();
        await visitor.OkAsync("Start", new { sessionToken = session.GetProperty("sessionToken").GetString(), department = (string?)null, language = "en" });
        // She quotes the reference, as the portal shows it next to the chat. Without it the message would open a new
        // case of hers: a chat session is a device identity of its own, and intake only continues a conversation on
        // the same identity and channel (or threads by a quoted reference or an answered message).
        await visitor.SayAsync($"About {reference}: the crew came and the light works again.");

        var timeline = await dana.GetJsonAsync($"/api/v1/cases/{reference}/timeline?limit=100");
        var entries = timeline.GetProperty("items").EnumerateArray().Reverse()
            .Select(i => $"{i.GetProperty("channel").GetString()} {i.GetProperty("direction").GetString()}")
            .ToList();
        // Compared as a set: an email is dated by its Date header (whole seconds, the sender's clock), so within a
        // fast run its place among entries less than a second apart is not fixed.
        var inbound = entries.Where(e => e.EndsWith(" inbound", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["chat inbound", "email inbound", "sms inbound", "web inbound"], inbound);
        Assert.Contains("email outbound", entries);

        var overview = await dana.GetJsonAsync($"/api/v1/citizens/{citizenId}");
        var open = Assert.Single(overview.GetProperty("openCases").EnumerateArray());
        Assert.Equal(reference, open.GetProperty("reference").GetString());
        var byPhone = await dana.GetJsonAsync($"/api/v1/citizens?phone={Uri.EscapeDataString(Http.E164(phone))}");
        Assert.Equal(citizenId, Assert.Single(byPhone.EnumerateArray()).GetProperty("id").GetGuid());
        var byEmail = await dana.GetJsonAsync($"/api/v1/citizens?email={Uri.EscapeDataString(email)}");
        Assert.Equal(citizenId, Assert.Single(byEmail.EnumerateArray()).GetProperty("id").GetGuid());
    }
}

[Collection(JourneySqliteCollection.Name)]
public sealed class WebSmsEmailChatJourneyOnSqlite(JourneySqliteHost host) : WebSmsEmailChatJourneyTests(host);

[Collection(JourneyPostgresCollection.Name)]
public sealed class WebSmsEmailChatJourneyOnPostgres(JourneyPostgresHost host) : WebSmsEmailChatJourneyTests(host);
