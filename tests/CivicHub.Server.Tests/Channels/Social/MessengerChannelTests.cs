using System.Text;
using CivicHub.Core.Citizens;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outreach;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Channels.Sms;
using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Server.Tests.Channels.Social;

/// <summary>Direct messages in through the Messenger Platform webhook, replies out through the Send API shape.</summary>
public abstract class MessengerChannelTests(CivicHubHost host)
{
    private const string PageId = "104857600000001";

    [Fact]
    public async Task Handshake_with_the_verify_token_echoes_the_challenge_and_any_other_is_forbidden()
    {
        using var client = host.AnonymousClient();
        var ok = await client.GetAsync(Http.Url($"/channels/messenger?hub.mode=subscribe&hub.verify_token={CivicHubHost.MessengerVerifyToken}&hub.challenge=1158201444"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("text/plain", ok.Content.Headers.ContentType?.MediaType);
        Assert.Equal("1158201444", await ok.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(Http.Url("/channels/messenger?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(Http.Url($"/channels/messenger?hub.mode=unsubscribe&hub.verify_token={CivicHubHost.MessengerVerifyToken}&hub.challenge=1"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(Http.Url("/channels/messenger"))).StatusCode);
    }

    [Fact]
    public async Task Signed_message_becomes_a_social_identity_and_a_case_and_echoes_and_reads_are_not_recorded()
    {
        var psid = NewPsid();
        var mid = NewMid();
        var echoMid = NewMid();
        var batch = Batch(
            Message(psid, mid, "The park fountain has been leaking for a week.",
                new[] { new { type = "image", payload = new { url = "https://scontent.xx.fbcdn.net/v/t1.15752-9/fountain.jpg?stp=dst-jpg" } } }),
            Event(PageId, psid, new { message = new { is_echo = true, app_id = 1517776481860111, mid = echoMid, text = "Thanks, we are on it." } }),
            Event(psid, PageId, new { read = new { watermark = 1764099999000 } }));

        await (await PostAsync(batch)).EventReceivedAsync();

        var recorded = await host.InDbAsync(async db =>
        {
            var identity = await db.ChannelIdentities.SingleAsync(i => i.Kind == IdentityKind.Social && i.Value == "messenger:" + psid);
            var interactions = await db.Interactions.Where(i => i.ChannelIdentityId == identity.Id).ToListAsync();
            var citizen = await db.Citizens.SingleAsync(c => c.Id == identity.CitizenId);
            var @case = await db.Cases.SingleAsync(c => c.Id == interactions[0].CaseId);
            return (citizen, interactions, @case);
        });
        Assert.True(recorded.citizen.IsProvisional);
        var interaction = Assert.Single(recorded.interactions);
        Assert.Equal(mid, interaction.ExternalId);
        Assert.Equal(Channel.Social, interaction.Channel);
        Assert.Equal("The park fountain has been leaking for a week.", interaction.Body);
        Assert.Equal(recorded.citizen.Id, recorded.@case.CitizenId);
        Assert.StartsWith("https://scontent.xx.fbcdn.net/", recorded.@case.MediaUrl, StringComparison.Ordinal);
        Assert.False(await host.InDbAsync(db => db.Interactions.AnyAsync(i => i.ExternalId == echoMid)));
        Assert.False(await host.InDbAsync(db => db.ChannelIdentities.AnyAsync(i => i.Value == "messenger:" + PageId)));

        // Meta redelivers until it gets a 200: the same mid is recorded once.
        var after = await host.RowCountsAsync();
        await (await PostAsync(batch)).EventReceivedAsync();
        Assert.Equal(after, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Forged_signature_is_refused_and_nothing_recorded()
    {
        var body = Batch(Message(NewPsid(), NewMid(), "Hello"));
        var before = await host.RowCountsAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(body, ProviderSignatures.Meta("not-the-app-secret", Encoding.UTF8.GetBytes(body)))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(body, "")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(body, "sha1=" + new string('0', 40))).StatusCode);
        var signedOther = ProviderSignatures.Meta(CivicHubHost.MessengerAppSecret, Encoding.UTF8.GetBytes(body + " "));
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(body, signedOther)).StatusCode);

        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Malformed_batch_is_refused_400_and_nothing_stored_and_other_objects_are_not_found()
    {
        var before = await host.RowCountsAsync();

        await (await PostAsync("{\"object\":\"page\",\"entry\":[")).ProblemAsync(HttpStatusCode.BadRequest, "body");
        await (await PostAsync("{\"object\":\"page\"}")).ProblemAsync(HttpStatusCode.BadRequest, "entry");
        // One good message and one without a sender: the whole batch is refused, the good one is not stored either.
        var halfBad = Batch(
            Message(NewPsid(), NewMid(), "Good message"),
            JsonSerializer.Serialize(new { recipient = new { id = PageId }, timestamp = 1764100000000, message = new { mid = NewMid(), text = "who am I" } }));
        await (await PostAsync(halfBad)).ProblemAsync(HttpStatusCode.BadRequest, "entry[0].messaging[1].sender.id");
        var userObject = Batch(Message(NewPsid(), NewMid(), "Hello")).Replace("\"object\":\"page\"", "\"object\":\"user\"", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(userObject)).StatusCode);

        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Reply_goes_out_through_the_send_api_split_when_long_and_retried_through_an_outage()
    {
        host.RequireDatabase();
        await using var graph = await FakeGraphApi.StartAsync(host.MessengerProviderPort, CivicHubHost.MessengerPageToken);
        var psid = NewPsid();

        var sent = await SmsWebhooks.SendAsync(host, Channel.Social, "messenger:" + psid, "Your case CH-1 is being worked on.");
        Assert.Equal(SendOutcome.Sent, sent.Outcome);
        var reply = Assert.Single(graph.Messages);
        Assert.Equal((sent.ProviderMessageId, "v21.0", psid, "RESPONSE", "Your case CH-1 is being worked on."),
            (reply.MessageId, reply.Version, reply.RecipientId, reply.MessagingType, reply.Text));

        var words = Enumerable.Range(0, 500).Select(i => $"word{i}").ToArray();
        var split = await SmsWebhooks.SendAsync(host, Channel.Social, psid, string.Join(' ', words));
        Assert.Equal(SendOutcome.Sent, split.Outcome);
        var parts = graph.Messages.Skip(1).ToList();
        Assert.Equal(2, parts.Count);
        Assert.Equal(split.ProviderMessageId, parts[0].MessageId);
        Assert.Equal(words, parts.SelectMany(p => p.Text[6..].Split(' ')));

        graph.FailNext(1);
        var outage = await SmsWebhooks.SendAsync(host, Channel.Social, psid, "Reminder");
        Assert.Equal(SendOutcome.Retry, outage.Outcome);
        Assert.Equal(SendOutcome.Sent, (await SmsWebhooks.SendAsync(host, Channel.Social, psid, "Reminder")).Outcome);
        Assert.Equal(4, graph.Messages.Count);

        graph.Unavailable[psid] = true;
        var gone = await SmsWebhooks.SendAsync(host, Channel.Social, psid, "Reminder");
        Assert.Equal(SendOutcome.Rejected, gone.Outcome);
        Assert.Contains("551", gone.Error, StringComparison.Ordinal);
        Assert.Empty(graph.Refused);
    }

    [Fact]
    public async Task Delivery_event_marks_the_outbox_message_delivered()
    {
        host.RequireDatabase();
        var psid = NewPsid();
        await (await PostAsync(Batch(Message(psid, NewMid(), "Hi")))).EventReceivedAsync();
        var citizenId = await host.InDbAsync(db => db.ChannelIdentities.Where(i => i.Value == "messenger:" + psid).Select(i => i.CitizenId).SingleAsync());
        var providerId = NewMid();
        var id = Guid.NewGuid();
        await host.InDbAsync(db =>
        {
            db.OutboundMessages.Add(new OutboundMessage
            {
                Id = id,
                CitizenId = citizenId,
                Channel = Channel.Social,
                Recipient = psid,
                Body = "Hello back",
                Author = "system",
                Status = OutboundStatus.Sent,
                ProviderMessageId = providerId,
                CreatedAt = DateTime.UtcNow,
                NextAttemptAt = DateTime.UtcNow,
            });
            return db.SaveChangesAsync();
        });

        var delivery = Event(psid, PageId, new { delivery = new { mids = new[] { providerId }, watermark = 1764100000000 } });
        await (await PostAsync(Batch(delivery))).EventReceivedAsync();

        Assert.Equal(OutboundStatus.Delivered, await host.InDbAsync(db => db.OutboundMessages.Where(m => m.Id == id).Select(m => m.Status).SingleAsync()));
    }

    [Fact]
    public async Task Agent_links_a_social_sender_to_a_known_citizen_by_merging_and_later_messages_land_there()
    {
        var staff = await host.StaffClientAsync();
        var (knownId, _, _) = await staff.NewCitizenAsync("Marcus", "Lee");
        var psid = NewPsid();
        await (await PostAsync(Batch(Message(psid, NewMid(), "Is my benefits application complete?")))).EventReceivedAsync();
        var provisionalId = await host.InDbAsync(db => db.ChannelIdentities.Where(i => i.Value == "messenger:" + psid).Select(i => i.CitizenId).SingleAsync());

        await (await staff.PostJsonAsync($"/api/v1/citizens/{provisionalId}/merge", new { intoCitizenId = knownId, reason = "Confirmed on Messenger" }))
            .JsonAsync(HttpStatusCode.OK);
        var later = NewMid();
        await (await PostAsync(Batch(Message(psid, later, "Thanks!")))).EventReceivedAsync();

        Assert.Equal(knownId, await host.InDbAsync(db => db.ChannelIdentities.Where(i => i.Value == "messenger:" + psid).Select(i => i.CitizenId).SingleAsync()));
        Assert.Equal(knownId, await host.InDbAsync(db => db.Interactions.Where(i => i.ExternalId == later).Select(i => i.CitizenId).SingleAsync()));
    }

    private static string NewPsid() => Random.Shared.NextInt64(1_000_000_000_000_000, 9_000_000_000_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string NewMid() => "m_" + Guid.NewGuid().ToString("N");

    private static string Message(string psid, string mid, string text, object? attachments = null) =>
        Event(psid, PageId, new { message = attachments is null ? (object)new { mid, text } : new { mid, text, attachments } });

    /// <summary>One messaging event: sender, recipient and timestamp, then the event's own field (message, read, delivery).</summary>
    private static string Event(string sender, string recipient, object body)
    {
        var common = JsonSerializer.Serialize(new { sender = new { id = sender }, recipient = new { id = recipient }, timestamp = 1764100000000 });
        return common[..^1] + "," + JsonSerializer.Serialize(body)[1..];
    }

    private static string Batch(params string[] events) =>
        "{\"object\":\"page\",\"entry\":[{\"id\":\"" + PageId + "\",\"time\":1764100000123,\"messaging\":[" + string.Join(',', events) + "]}]}";

    private async Task<HttpResponseMessage> PostAsync(string body, string? signature = null)
    {
        using var client = host.AnonymousClient();
        var bytes = Encoding.UTF8.GetBytes(body);
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, Http.Url("/channels/messenger")) { Content = content };
        request.Headers.Add("X-Hub-Signature-256", signature ?? ProviderSignatures.Meta(CivicHubHost.MessengerAppSecret, bytes));
        return await client.SendAsync(request);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class MessengerChannelOnSqlite(SqliteHost host) : MessengerChannelTests(host);

[Collection(PostgresCollection.Name)]
public sealed class MessengerChannelOnPostgres(PostgresHost host) : MessengerChannelTests(host);
