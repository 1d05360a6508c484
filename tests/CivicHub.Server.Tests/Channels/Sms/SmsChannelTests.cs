using CivicHub.Core.Citizens;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outreach;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CivicHub.Server.Tests.Channels.Sms;

/// <summary>Texts in through Twilio's webhook format, texts out through its REST API shape, and the keywords carriers require.</summary>
public abstract class SmsChannelTests(CivicHubHost host)
{
    [Fact]
    public async Task Sms_from_known_number_lands_on_the_citizens_case_and_then_on_the_open_conversation()
    {
        var staff = await host.StaffClientAsync();
        var (citizenId, phone, _) = await staff.NewCitizenAsync();
        var reference = (await (await staff.PostJsonAsync("/api/v1/cases", new { citizenId, channel = "phone", description = "Pothole on Elm Street" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("reference").GetString()!;

        var quoting = SmsWebhooks.Text(Http.E164(phone), $"Any news on {reference}?");
        Assert.Null(await (await SmsWebhooks.InboundAsync(host, quoting)).TwimlReplyAsync());
        var followUp = SmsWebhooks.Text(Http.E164(phone), "It is getting bigger.");
        Assert.Null(await (await SmsWebhooks.InboundAsync(host, followUp)).TwimlReplyAsync());

        var landed = await host.InDbAsync(db => db.Interactions
            .Where(i => i.ExternalId == quoting["MessageSid"] || i.ExternalId == followUp["MessageSid"])
            .Select(i => new { i.CitizenId, Reference = db.Cases.Where(c => c.Id == i.CaseId).Select(c => c.Reference).First(), i.Channel, i.Direction })
            .ToListAsync());
        Assert.Equal(2, landed.Count);
        Assert.All(landed, i =>
        {
            Assert.Equal(citizenId, i.CitizenId);
            Assert.Equal(reference, i.Reference);
            Assert.Equal(Channel.Sms, i.Channel);
            Assert.Equal(Direction.Inbound, i.Direction);
        });
    }

    [Fact]
    public async Task Sms_from_unknown_number_opens_a_case_for_a_provisional_citizen_with_its_picture()
    {
        var phone = Http.NewPhone();
        var form = SmsWebhooks.Text(Http.E164(phone), "Streetlight out at 5th and Main");
        form["NumMedia"] = "1";
        form["MediaUrl0"] = $"https://api.twilio.com/2010-04-01/Accounts/{CivicHubHost.SmsAccountSid}/Messages/{form["MessageSid"]}/Media/ME0123";
        form["MediaContentType0"] = "image/jpeg";

        Assert.Null(await (await SmsWebhooks.InboundAsync(host, form)).TwimlReplyAsync());

        var recorded = await host.InDbAsync(async db =>
        {
            var identity = await db.ChannelIdentities.SingleAsync(i => i.Kind == IdentityKind.Phone && i.Value == Http.E164(phone));
            var citizen = await db.Citizens.SingleAsync(c => c.Id == identity.CitizenId);
            var interaction = await db.Interactions.SingleAsync(i => i.ExternalId == form["MessageSid"]);
            var @case = await db.Cases.SingleAsync(c => c.Id == interaction.CaseId);
            return (citizen.IsProvisional, interaction.CitizenId == citizen.Id, @case.MediaUrl, @case.OriginChannel);
        });
        Assert.True(recorded.IsProvisional);
        Assert.True(recorded.Item2);
        Assert.Equal(form["MediaUrl0"], recorded.MediaUrl);
        Assert.Equal(Channel.Sms, recorded.OriginChannel);
    }

    [Fact]
    public async Task Forged_or_missing_signature_is_refused_and_nothing_recorded()
    {
        var form = SmsWebhooks.Text(Http.E164(Http.NewPhone()), "Please call me back");
        var before = await host.RowCountsAsync();

        var wrongToken = ProviderSignatures.Twilio("not-the-auth-token", CivicHubHost.PublicBaseUrl + "/channels/sms/inbound", form);
        Assert.Equal(HttpStatusCode.Forbidden, (await SmsWebhooks.PostAsync(host, "/channels/sms/inbound", form, wrongToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SmsWebhooks.PostAsync(host, "/channels/sms/inbound", form, "")).StatusCode);
        // Signed for another address than the one the provider is told to call.
        var wrongUrl = ProviderSignatures.Twilio(CivicHubHost.SmsAuthToken, "http://localhost/channels/sms/inbound", form);
        Assert.Equal(HttpStatusCode.Forbidden, (await SmsWebhooks.PostAsync(host, "/channels/sms/inbound", form, wrongUrl)).StatusCode);
        // Signed, then changed on the way.
        var signature = ProviderSignatures.Twilio(CivicHubHost.SmsAuthToken, CivicHubHost.PublicBaseUrl + "/channels/sms/inbound", form);
        var tampered = new Dictionary<string, string>(form) { ["Body"] = "STOP" };
        Assert.Equal(HttpStatusCode.Forbidden, (await SmsWebhooks.PostAsync(host, "/channels/sms/inbound", tampered, signature)).StatusCode);

        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Redelivered_message_sid_is_recorded_once()
    {
        var form = SmsWebhooks.Text(Http.E164(Http.NewPhone()), "Is the dump open on Sunday?");
        Assert.Null(await (await SmsWebhooks.InboundAsync(host, form)).TwimlReplyAsync());
        var after = await host.RowCountsAsync();
        Assert.Null(await (await SmsWebhooks.InboundAsync(host, form)).TwimlReplyAsync());

        Assert.Equal(after, await host.RowCountsAsync());
        Assert.Equal(1, await host.InDbAsync(db => db.Interactions.CountAsync(i => i.ExternalId == form["MessageSid"])));
    }

    [Fact]
    public async Task Malformed_webhook_is_answered_400_naming_the_field_and_nothing_recorded()
    {
        var before = await host.RowCountsAsync();
        var noFrom = SmsWebhooks.Text("", "hello");
        noFrom.Remove("From");
        await (await SmsWebhooks.InboundAsync(host, noFrom)).ProblemAsync(HttpStatusCode.BadRequest, "From");
        await (await SmsWebhooks.InboundAsync(host, SmsWebhooks.Text("12", "hello"))).ProblemAsync(HttpStatusCode.BadRequest, "From");
        var noSid = SmsWebhooks.Text(Http.E164(Http.NewPhone()), "hello");
        noSid.Remove("MessageSid");
        await (await SmsWebhooks.InboundAsync(host, noSid)).ProblemAsync(HttpStatusCode.BadRequest, "MessageSid");
        var badMedia = SmsWebhooks.Text(Http.E164(Http.NewPhone()), "photo");
        badMedia["NumMedia"] = "1";
        badMedia["MediaUrl0"] = "file:///etc/passwd";
        await (await SmsWebhooks.InboundAsync(host, badMedia)).ProblemAsync(HttpStatusCode.BadRequest, "MediaUrl0");
        // STOP from an invalid number is refused too, not remembered for nobody.
        await (await SmsWebhooks.InboundAsync(host, SmsWebhooks.Text("not a number", "STOP"))).ProblemAsync(HttpStatusCode.BadRequest, "From");

        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Stop_is_remembered_and_the_sender_refuses_afterwards_and_start_restores()
    {
        host.RequireDatabase();
        await using var twilio = await FakeTwilio.StartAsync(host.SmsProviderPort, CivicHubHost.SmsAccountSid, CivicHubHost.SmsAuthToken);
        var staff = await host.StaffClientAsync();
        var (citizenId, phone, _) = await staff.NewCitizenAsync();
        var number = Http.E164(phone);
        var interactionsBefore = await host.InDbAsync(db => db.Interactions.CountAsync(i => i.CitizenId == citizenId));

        var stopReply = await (await SmsWebhooks.InboundAsync(host, SmsWebhooks.Text(number, " Stop "))).TwimlReplyAsync();
        Assert.Contains("unsubscribed", stopReply, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(await host.InDbAsync(db => db.ChannelIdentities.Where(i => i.Value == number).Select(i => i.OptedOutAt).SingleAsync()));
        var refused = await SmsWebhooks.SendAsync(host, Channel.Sms, number, "Your appointment is tomorrow at 10.");
        Assert.Equal(SendOutcome.Rejected, refused.Outcome);
        Assert.Empty(twilio.Messages);

        var startReply = await (await SmsWebhooks.InboundAsync(host, SmsWebhooks.Text(number, "START"))).TwimlReplyAsync();
        Assert.Contains("subscribed again", startReply, StringComparison.OrdinalIgnoreCase);
        Assert.Null(await host.InDbAsync(db => db.ChannelIdentities.Where(i => i.Value == number).Select(i => i.OptedOutAt).SingleAsync()));
        var sent = await SmsWebhooks.SendAsync(host, Channel.Sms, number, "Your appointment is tomorrow at 10.");
        Assert.Equal(SendOutcome.Sent, sent.Outcome);

        var message = Assert.Single(twilio.Messages);
        Assert.Equal(sent.ProviderMessageId, message.Sid);
        Assert.Equal(number, message.To);
        Assert.Equal(CivicHubHost.SmsFrom, message.From);
        Assert.Equal("Your appointment is tomorrow at 10.", message.Body);
        Assert.Equal(CivicHubHost.PublicBaseUrl + "/channels/sms/status", message.StatusCallback);
        Assert.Empty(twilio.Refused);
        // Keywords are answered, never opened as cases or put on the timeline.
        Assert.Equal(interactionsBefore, await host.InDbAsync(db => db.Interactions.CountAsync(i => i.CitizenId == citizenId)));
    }

    [Fact]
    public async Task Stop_from_an_unknown_number_is_remembered_for_that_number()
    {
        var number = Http.E164(Http.NewPhone());
        Assert.NotNull(await (await SmsWebhooks.InboundAsync(host, SmsWebhooks.Text(number, "unsubscribe"))).TwimlReplyAsync());

        var identity = await host.InDbAsync(db => db.ChannelIdentities.SingleAsync(i => i.Kind == IdentityKind.Phone && i.Value == number));
        Assert.NotNull(identity.OptedOutAt);
        Assert.Equal(0, await host.InDbAsync(db => db.Interactions.CountAsync(i => i.ChannelIdentityId == identity.Id)));
    }

    [Fact]
    public async Task Help_is_answered_in_twiml_without_opening_a_case()
    {
        var number = Http.E164(Http.NewPhone());
        var before = await host.RowCountsAsync();
        var reply = await (await SmsWebhooks.InboundAsync(host, SmsWebhooks.Text(number, "help"))).TwimlReplyAsync();

        Assert.Contains("STOP", reply, StringComparison.Ordinal);
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Status_callbacks_update_the_outbox_message_and_a_forged_one_changes_nothing()
    {
        host.RequireDatabase();
        await using var twilio = await FakeTwilio.StartAsync(host.SmsProviderPort, CivicHubHost.SmsAccountSid, CivicHubHost.SmsAuthToken);
        var staff = await host.StaffClientAsync();
        var (citizenId, phone, _) = await staff.NewCitizenAsync();
        var delivered = await SentMessageAsync(citizenId, Http.E164(phone), "Your permit is ready.");
        var failed = await SentMessageAsync(citizenId, Http.E164(phone), "Your permit expires soon.");

        var forged = Status(delivered.Sid, "failed");
        Assert.Equal(HttpStatusCode.Forbidden, (await SmsWebhooks.PostAsync(host, "/channels/sms/status", forged, "bm90IGEgc2lnbmF0dXJl")).StatusCode);
        Assert.Null(await (await SmsWebhooks.PostAsync(host, "/channels/sms/status", Status(delivered.Sid, "sent"))).TwimlReplyAsync());
        Assert.Null(await (await SmsWebhooks.PostAsync(host, "/channels/sms/status", Status(delivered.Sid, "delivered"))).TwimlReplyAsync());
        // A late "sent" after "delivered" does not undo it.
        Assert.Null(await (await SmsWebhooks.PostAsync(host, "/channels/sms/status", Status(delivered.Sid, "sent"))).TwimlReplyAsync());
        var undelivered = Status(failed.Sid, "undelivered");
        undelivered["ErrorCode"] = "30003";
        Assert.Null(await (await SmsWebhooks.PostAsync(host, "/channels/sms/status", undelivered)).TwimlReplyAsync());

        var messages = await host.InDbAsync(db => db.OutboundMessages.Where(m => m.CitizenId == citizenId).ToDictionaryAsync(m => m.Id));
        Assert.Equal(OutboundStatus.Delivered, messages[delivered.Id].Status);
        Assert.NotNull(messages[delivered.Id].DeliveredAt);
        Assert.Equal(OutboundStatus.Failed, messages[failed.Id].Status);
        Assert.Contains("30003", messages[failed.Id].LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Provider_outage_is_retried_and_nothing_is_lost_or_sent_twice()
    {
        host.RequireDatabase();
        await using var twilio = await FakeTwilio.StartAsync(host.SmsProviderPort, CivicHubHost.SmsAccountSid, CivicHubHost.SmsAuthToken);
        var number = Http.E164(Http.NewPhone());
        twilio.FailNext(2);

        Assert.Equal(SendOutcome.Retry, (await SmsWebhooks.SendAsync(host, Channel.Sms, number, "Office closed Monday.")).Outcome);
        var second = await SmsWebhooks.SendAsync(host, Channel.Sms, number, "Office closed Monday.");
        Assert.Equal(SendOutcome.Retry, second.Outcome);
        Assert.Contains("20500", second.Error, StringComparison.Ordinal);
        var third = await SmsWebhooks.SendAsync(host, Channel.Sms, number, "Office closed Monday.");

        Assert.Equal(SendOutcome.Sent, third.Outcome);
        Assert.Equal(third.ProviderMessageId, Assert.Single(twilio.Messages).Sid);
        Assert.Empty(twilio.Refused);
    }

    [Fact]
    public async Task A_provider_call_adds_no_information_lines_of_the_http_client_to_the_log()
    {
        host.RequireDatabase();
        await using var twilio = await FakeTwilio.StartAsync(host.SmsProviderPort, CivicHubHost.SmsAccountSid, CivicHubHost.SmsAuthToken);

        var sent = await SmsWebhooks.SendAsync(host, Channel.Sms, Http.E164(Http.NewPhone()), "Office closed Monday.");

        // The outbox says what it sent; four lines a call from the HTTP client's own logging would only repeat it.
        Assert.Equal(SendOutcome.Sent, sent.Outcome);
        Assert.DoesNotContain(host.Logs.Entries, e => e.Category.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal) && e.Level < LogLevel.Warning);
    }

    [Fact]
    public async Task Rate_limit_and_a_provider_that_does_not_answer_are_retried_later()
    {
        host.RequireDatabase();
        await using var twilio = await FakeTwilio.StartAsync(host.SmsProviderPort, CivicHubHost.SmsAccountSid, CivicHubHost.SmsAuthToken);
        var number = Http.E164(Http.NewPhone());

        twilio.RateLimitNext();
        var limited = await SmsWebhooks.SendAsync(host, Channel.Sms, number, "Bin collection moves to Tuesday.");
        Assert.Equal(SendOutcome.Retry, limited.Outcome);
        Assert.Contains("20429", limited.Error, StringComparison.Ordinal);
        twilio.HangNext();
        var silent = await SmsWebhooks.SendAsync(host, Channel.Sms, number, "Bin collection moves to Tuesday.");
        Assert.Equal(SendOutcome.Retry, silent.Outcome);
        Assert.Contains("did not answer", silent.Error, StringComparison.Ordinal);

        Assert.Equal(SendOutcome.Sent, (await SmsWebhooks.SendAsync(host, Channel.Sms, number, "Bin collection moves to Tuesday.")).Outcome);
        Assert.Single(twilio.Messages);
    }

    [Fact]
    public async Task Provider_refusals_are_rejections_and_an_unsubscribed_number_is_remembered()
    {
        host.RequireDatabase();
        await using var twilio = await FakeTwilio.StartAsync(host.SmsProviderPort, CivicHubHost.SmsAccountSid, CivicHubHost.SmsAuthToken);
        var unsubscribed = Http.E164(Http.NewPhone());
        var invalid = Http.E164(Http.NewPhone());
        twilio.Unsubscribed[unsubscribed] = true;
        twilio.Invalid[invalid] = true;

        var first = await SmsWebhooks.SendAsync(host, Channel.Sms, unsubscribed, "Reminder");
        Assert.Equal(SendOutcome.Rejected, first.Outcome);
        Assert.Contains("21610", first.Error, StringComparison.Ordinal);
        Assert.NotNull(await host.InDbAsync(db => db.ChannelIdentities.Where(i => i.Value == unsubscribed).Select(i => i.OptedOutAt).SingleAsync()));
        Assert.Equal(SendOutcome.Rejected, (await SmsWebhooks.SendAsync(host, Channel.Sms, invalid, "Reminder")).Outcome);
        Assert.Equal(SendOutcome.Rejected, (await SmsWebhooks.SendAsync(host, Channel.Sms, "12", "Reminder")).Outcome);
        Assert.Empty(twilio.Messages);
        Assert.Empty(twilio.Refused);
    }

    [Fact]
    public async Task Long_text_goes_as_numbered_parts_cut_at_words_and_the_first_sid_identifies_it()
    {
        host.RequireDatabase();
        await using var twilio = await FakeTwilio.StartAsync(host.SmsProviderPort, CivicHubHost.SmsAccountSid, CivicHubHost.SmsAuthToken);
        var words = Enumerable.Range(0, 600).Select(i => $"step{i}").ToArray();

        var sent = await SmsWebhooks.SendAsync(host, Channel.Sms, Http.E164(Http.NewPhone()), string.Join(' ', words));

        Assert.Equal(SendOutcome.Sent, sent.Outcome);
        var parts = twilio.Messages.ToList();
        Assert.Equal(3, parts.Count);
        Assert.Equal(sent.ProviderMessageId, parts[0].Sid);
        Assert.Equal(["(1/3) ", "(2/3) ", "(3/3) "], parts.Select(p => p.Body[..6]));
        Assert.Equal(words, parts.SelectMany(p => p.Body[6..].Split(' ')));
        Assert.Empty(twilio.Refused);
    }

    private async Task<(Guid Id, string Sid)> SentMessageAsync(Guid citizenId, string number, string body)
    {
        var sent = await SmsWebhooks.SendAsync(host, Channel.Sms, number, body);
        Assert.Equal(SendOutcome.Sent, sent.Outcome);
        var id = Guid.NewGuid();
        await host.InDbAsync(async db =>
        {
            var now = DateTime.UtcNow;
            db.OutboundMessages.Add(new OutboundMessage
            {
                Id = id,
                CitizenId = citizenId,
                Channel = Channel.Sms,
                Recipient = number,
                Body = body,
                Author = "system",
                Status = OutboundStatus.Sent,
                ProviderMessageId = sent.ProviderMessageId,
                CreatedAt = now,
                NextAttemptAt = now,
                SentAt = now,
                Attempts = 1,
            });
            return await db.SaveChangesAsync();
        });
        return (id, sent.ProviderMessageId!);
    }

    private static Dictionary<string, string> Status(string sid, string status) => new()
    {
        ["SmsSid"] = sid,
        ["SmsStatus"] = status,
        ["MessageStatus"] = status,
        ["To"] = "+13125550100",
        ["MessageSid"] = sid,
        ["AccountSid"] = CivicHubHost.SmsAccountSid,
        ["From"] = CivicHubHost.SmsFrom,
        ["ApiVersion"] = "2010-04-01",
    };
}

[Collection(SqliteCollection.Name)]
public sealed class SmsChannelOnSqlite(SqliteHost host) : SmsChannelTests(host);

[Collection(PostgresCollection.Name)]
public sealed class SmsChannelOnPostgres(PostgresHost host) : SmsChannelTests(host);
