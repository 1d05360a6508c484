using CivicHub.Core.Data;
using CivicHub.Core.Privacy;
using CivicHub.Core.Webhooks;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CivicHub.Server.Tests.Webhooks;

/// <summary>Department systems told of events by signed webhooks, or pulling them from the feed; nothing lost while they are down.</summary>
public abstract class WebhookTests(CivicHubHost host)
{
    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(50);
        }
    }

    private static async Task<string> NewCaseAsync(HttpClient staff, Guid citizenId, string description) =>
        (await (await staff.PostJsonAsync("/api/v1/cases", new { citizenId, channel = "phone", description })).JsonAsync(HttpStatusCode.Created))
            .GetProperty("reference").GetString()!;

    [Fact]
    public async Task A_subscriber_gets_each_event_signed_and_once()
    {
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        var integration = await host.IntegrationClientAsync();
        var created = await (await integration.PostJsonAsync("/api/v1/webhooks", new { url = receiver.Url, events = new[] { "case.created" }, description = "Tax system" }))
            .JsonAsync(HttpStatusCode.Created);
        var secret = created.GetProperty("secret").GetString()!;
        var subscriptionId = created.GetProperty("subscription").GetProperty("id").GetGuid();
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);

        var staff = await host.StaffClientAsync();
        var (citizenId, _, _) = await staff.NewCitizenAsync();
        var reference = await NewCaseAsync(staff, citizenId, "Webhook me");
        await WaitForAsync(() => Task.FromResult(receiver.Deliveries.Any(d => d.Payload.GetProperty("caseReference").GetString() == reference)), "the delivery");

        var delivery = receiver.Deliveries.Single(d => d.Payload.GetProperty("caseReference").GetString() == reference);
        Assert.Equal("case.created", delivery.Payload.GetProperty("type").GetString());
        Assert.Equal(citizenId, delivery.Payload.GetProperty("citizenId").GetGuid());
        Assert.True(WebhookSigner.Verify(secret, delivery.Id, delivery.Timestamp, delivery.Body, delivery.Signature, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSigner.Verify(secret, delivery.Id, delivery.Timestamp, delivery.Body.Replace(reference, "AAAA-AAAA", StringComparison.Ordinal), delivery.Signature, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        Assert.DoesNotContain(receiver.Deliveries, d => d.Payload.GetProperty("type").GetString() != "case.created");
        await WaitForFannedOutAsync(reference);

        // The worker records the outcome just after the receiver answers: wait for the log to catch up.
        var eventId = delivery.Payload.GetProperty("id").GetInt64();
        JsonElement entry = default;
        await WaitForAsync(
            async () =>
            {
                entry = (await integration.GetJsonAsync($"/api/v1/webhooks/{subscriptionId}/deliveries")).EnumerateArray()
                    .Single(d => d.GetProperty("eventId").GetInt64() == eventId);
                return entry.GetProperty("status").GetString() != "pending";
            },
            "the delivery log");
        Assert.Equal("delivered", entry.GetProperty("status").GetString());
        Assert.Equal(200, entry.GetProperty("lastStatusCode").GetInt32());
        await (await integration.DeleteAsync(Http.Url($"/api/v1/webhooks/{subscriptionId}"))).JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Nothing_is_lost_while_the_receiver_is_down_and_each_case_arrives_in_order()
    {
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        var integration = await host.IntegrationClientAsync();
        var subscriptionId = (await (await integration.PostJsonAsync("/api/v1/webhooks", new { url = receiver.Url, events = new[] { "case.*", "interaction.recorded" } }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("subscription").GetProperty("id").GetGuid();
        await receiver.StopAsync();

        var staff = await host.StaffClientAsync();
        var (citizenId, _, _) = await staff.NewCitizenAsync();
        var references = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var reference = await NewCaseAsync(staff, citizenId, $"Outage case {i}");
            references.Add(reference);
            await (await staff.PostJsonAsync($"/api/v1/cases/{reference}/status", new { status = "triaged" })).JsonAsync(HttpStatusCode.OK);
            await (await staff.PostJsonAsync($"/api/v1/cases/{reference}/notes", new { text = "Called back" })).JsonAsync(HttpStatusCode.OK);
            await (await staff.PostJsonAsync($"/api/v1/cases/{reference}/status", new { status = "in_progress" })).JsonAsync(HttpStatusCode.OK);
        }

        // The receiver is down: attempts fail and are logged, and retried.
        await WaitForAsync(
            async () =>
            {
                var log = (await integration.GetJsonAsync($"/api/v1/webhooks/{subscriptionId}/deliveries")).EnumerateArray().ToList();
                return log.Count == 15 && log.Any(d => d.GetProperty("attempts").GetInt32() >= 2 && d.GetProperty("lastError").GetString() is not null);
            },
            "every event fanned out and failed attempts");
        var pending = (await integration.GetJsonAsync($"/api/v1/webhooks/{subscriptionId}/deliveries")).EnumerateArray().ToList();
        Assert.Equal(15, pending.Count);
        Assert.All(pending, d => Assert.Equal("pending", d.GetProperty("status").GetString()));

        await receiver.StartAsync();
        await WaitForAsync(
            async () => (await integration.GetJsonAsync($"/api/v1/webhooks/{subscriptionId}/deliveries")).EnumerateArray()
                .All(d => d.GetProperty("status").GetString() == "delivered"),
            "every delivery");

        var received = receiver.Deliveries.ToList();
        Assert.Equal(15, received.Count);
        Assert.Equal(15, received.Select(r => r.Id).Distinct().Count());
        foreach (var reference in references)
        {
            var forCase = received.Where(r => r.Payload.GetProperty("caseReference").GetString() == reference).ToList();
            Assert.Equal(
                ["case.created", "interaction.recorded", "case.status_changed", "case.note_added", "case.status_changed"],
                forCase.Select(r => r.Payload.GetProperty("type").GetString()));
            var ids = forCase.Select(r => r.Payload.GetProperty("id").GetInt64()).ToList();
            Assert.Equal(ids.Order(), ids);
        }

        await (await integration.DeleteAsync(Http.Url($"/api/v1/webhooks/{subscriptionId}"))).JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_event_feed_pages_in_order_from_a_cursor()
    {
        var integration = await host.IntegrationClientAsync();
        var start = (await integration.GetJsonAsync("/api/v1/events?after=0&limit=500")).GetProperty("nextCursor").GetString();
        string cursor;
        do
        {
            cursor = start!;
            start = (await integration.GetJsonAsync($"/api/v1/events?after={cursor}&limit=500")).GetProperty("nextCursor").GetString();
        }
        while (start != cursor);

        var staff = await host.StaffClientAsync();
        var (citizenId, _, _) = await staff.NewCitizenAsync();
        var reference = await NewCaseAsync(staff, citizenId, "Feed me");
        // The feed shows events once the fan-out's mark has passed them.
        await WaitForFannedOutAsync(reference);
        var first = await integration.GetJsonAsync($"/api/v1/events?after={cursor}&limit=2");
        var second = await integration.GetJsonAsync($"/api/v1/events?after={first.GetProperty("nextCursor").GetString()}&limit=2");
        var types = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray())
            .Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal(["citizen.created", "case.created", "interaction.recorded"], types);
        var only = await integration.GetJsonAsync($"/api/v1/events?after={cursor}&type=case.created");
        Assert.Equal(reference, Assert.Single(only.GetProperty("items").EnumerateArray()).GetProperty("caseReference").GetString());
    }

    [Theory]
    [InlineData("""{"url":"ftp://example.org/hook","events":["case.*"]}""", "url")]
    [InlineData("""{"url":"not a url","events":["case.*"]}""", "url")]
    [InlineData("""{"url":"https://user:pw@example.org/hook","events":["case.*"]}""", "url")]
    [InlineData("""{"url":"https://example.org/hook","events":[]}""", "events")]
    [InlineData("""{"url":"https://example.org/hook","events":["parking.*"]}""", "events[0]")]
    [InlineData("""{"url":"https://example.org/hook","events":"case.*"}""", "events")]
    public async Task Bad_subscriptions_are_refused_naming_the_field(string body, string field)
    {
        var integration = await host.IntegrationClientAsync();
        await (await integration.PostRawAsync("/api/v1/webhooks", body)).ProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData("/api/v1/events?after=-1", "after")]
    [InlineData("/api/v1/events?after=abc", "after")]
    [InlineData("/api/v1/events?limit=0", "limit")]
    public async Task Bad_feed_queries_name_the_parameter(string path, string field)
    {
        var integration = await host.IntegrationClientAsync();
        await (await integration.GetAsync(Http.Url(path))).ProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Subscriptions_are_private_to_their_integration_and_closed_to_agents()
    {
        var integration = await host.IntegrationClientAsync();
        var id = (await (await integration.PostJsonAsync("/api/v1/webhooks", new { url = "https://example.org/hook", events = new[] { "*" } }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("subscription").GetProperty("id").GetGuid();
        var other = await host.IntegrationClientAsync("health-records", "health-secret-for-tests");
        Assert.DoesNotContain((await other.GetJsonAsync("/api/v1/webhooks")).EnumerateArray(), s => s.GetProperty("id").GetGuid() == id);
        await (await other.GetAsync(Http.Url($"/api/v1/webhooks/{id}/deliveries"))).ProblemAsync(HttpStatusCode.NotFound);
        await (await other.DeleteAsync(Http.Url($"/api/v1/webhooks/{id}"))).ProblemAsync(HttpStatusCode.NotFound);
        var agent = await host.StaffClientAsync("dana");
        await (await agent.GetAsync(Http.Url("/api/v1/webhooks"))).ProblemAsync(HttpStatusCode.Forbidden);
        await (await agent.GetAsync(Http.Url("/api/v1/events"))).ProblemAsync(HttpStatusCode.Forbidden);
        var admin = await host.StaffClientAsync("morgan");
        Assert.Contains((await admin.GetJsonAsync("/api/v1/webhooks")).EnumerateArray(), s => s.GetProperty("id").GetGuid() == id);
        await (await integration.DeleteAsync(Http.Url($"/api/v1/webhooks/{id}"))).JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Events_read_again_below_a_mark_set_back_are_not_delivered_twice()
    {
        // As after the migration that brought the mark in, which starts it below the oldest event not yet fanned out.
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        var integration = await host.IntegrationClientAsync();
        var subscription = (await (await integration.PostJsonAsync("/api/v1/webhooks", new { url = receiver.Url, events = new[] { "case.created" } }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("subscription").GetProperty("id").GetGuid();
        var staff = await host.StaffClientAsync();
        var (citizenId, _, _) = await staff.NewCitizenAsync();
        var reference = await NewCaseAsync(staff, citizenId, "Fanned out, then read again");
        await WaitForFannedOutAsync(reference);
        var created = await host.InDbAsync(db => db.Events.Where(e => e.CaseReference == reference && e.Type == "case.created").Select(e => e.Id).SingleAsync());

        await host.SetFanOutMarkAsync(null, null, scannedThrough: created - 1);
        await WaitForFannedOutAsync(reference);

        Assert.Equal(1, await host.InDbAsync(db => db.WebhookDeliveries.CountAsync(d => d.SubscriptionId == subscription && d.EventId == created)));
        await (await integration.DeleteAsync(Http.Url($"/api/v1/webhooks/{subscription}"))).JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Two_hosts_on_one_database_deliver_each_event_once()
    {
        host.RequireDatabase();
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        var integration = await host.IntegrationClientAsync();
        var subscription = (await (await integration.PostJsonAsync("/api/v1/webhooks", new { url = receiver.Url, events = new[] { "case.created" } }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("subscription").GetProperty("id").GetGuid();
        await using var second = new SameDatabaseHost(host);
        await second.InitializeAsync();
        var staff = await host.StaffClientAsync();
        var secondStaff = await second.StaffClientAsync();
        var (citizenId, _, _) = await staff.NewCitizenAsync();

        // Cases opened on both hosts, whose workers both try for the fan-out's lease.
        var references = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            references.Add(await NewCaseAsync(staff, citizenId, $"Opened on the first host, {i}"));
            references.Add(await NewCaseAsync(secondStaff, citizenId, $"Opened on the second host, {i}"));
        }

        await WaitForAsync(
            () => Task.FromResult(references.All(r => receiver.Deliveries.Any(d => d.Payload.GetProperty("caseReference").GetString() == r))),
            "a delivery of every case");
        var created = await host.InDbAsync(db => db.Events.Where(e => e.Type == "case.created" && references.Contains(e.CaseReference!)).Select(e => e.Id).ToListAsync());
        Assert.Equal(references.Count, created.Count);
        Assert.Equal(
            references.Count,
            await host.InDbAsync(db => db.WebhookDeliveries.CountAsync(d => d.SubscriptionId == subscription && created.Contains(d.EventId))));
        Assert.All(references, r => Assert.Single(receiver.Deliveries, d => d.Payload.GetProperty("caseReference").GetString() == r));
        await (await integration.DeleteAsync(Http.Url($"/api/v1/webhooks/{subscription}"))).JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_fan_out_lease_given_up_is_taken_over_at_once_rather_than_when_it_runs_out()
    {
        // What a host stopping does with the lease it holds (WebhookWorker), here for a holder that is not this host.
        var stopping = Guid.NewGuid();
        await host.SetFanOutLeaseAsync(stopping, DateTime.UtcNow.AddMinutes(10));

        var released = await host.InScopeAsync(sp => sp.GetRequiredService<WebhookFanOut>().ReleaseAsync(stopping, TestContext.Current.CancellationToken));
        Assert.Equal(1, released);
        await host.WaitForFanOutLeaseAsync(l => l.Holder is not null && l.Holder != stopping, "this host's fan-out to take the lease over");
        Assert.Equal(0, await host.InScopeAsync(sp => sp.GetRequiredService<WebhookFanOut>().ReleaseAsync(stopping, TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task The_fan_out_passes_events_no_subscription_wants_without_writing_to_them()
    {
        var staff = await host.StaffClientAsync();
        var (citizenId, _, _) = await staff.NewCitizenAsync();
        var reference = await NewCaseAsync(staff, citizenId, "Nobody listens for this one");
        await WaitForFannedOutAsync(reference);
        Assert.Equal(0, await host.InDbAsync(db => db.WebhookDeliveries.CountAsync(d => db.Events.Any(e => e.Id == d.EventId && e.CaseReference == reference))));
    }

    [Fact]
    public async Task A_pass_that_fills_its_batch_says_so_and_the_next_takes_the_rest()
    {
        // The worker goes round at once only after a full batch; after less it waits for more events to gather.
        var holder = Guid.NewGuid();
        await host.SetFanOutMarkAsync(holder, DateTime.UtcNow.AddMinutes(1));
        try
        {
            var staff = await host.StaffClientAsync();
            var (citizenId, _, _) = await staff.NewCitizenAsync();
            var references = new List<string>();
            for (var i = 0; i < 6; i++)
            {
                references.Add(await NewCaseAsync(staff, citizenId, $"One of six, {i}"));
            }

            // A batch of ten events (BatchSize 1): the six cases' twelve do not fit in one. On PostgreSQL the first
            // pass only notes the writers its mark waits for.
            var passes = new List<FanOutPass>();
            while (passes.Count == 0 || passes[^1].Handled == 0 || passes[^1].Full)
            {
                Assert.True(passes.Count < 8, $"Eight passes handled {string.Join(", ", passes.Select(p => p.Handled))} events.");
                passes.Add(await host.InScopeAsync(sp => new WebhookFanOut(
                        sp.GetRequiredService<CivicHubDb>(), TimeProvider.System, Options.Create(new WebhookOptions { BatchSize = 1 }), sp.GetRequiredService<RecordAccess>())
                    .RunOnceAsync(holder, TestContext.Current.CancellationToken)));
            }

            var first = passes.First(p => p.Handled > 0);
            Assert.Equal((10, true), (first.Handled, first.Full));
            Assert.InRange(passes.Sum(p => p.Handled), 12, 20);
            var last = await host.InDbAsync(db => db.Events.Where(e => references.Contains(e.CaseReference!)).MaxAsync(e => e.Id));
            Assert.True((await host.FanOutLeaseAsync()).ScannedThrough >= last);
        }
        finally
        {
            // Handed back to this host's worker, whatever happened above.
            await host.SetFanOutLeaseAsync(null, null);
        }
    }

    // The fan-out's mark passes every event it handled, with deliveries or without, so that it never reads them again.
    private async Task WaitForFannedOutAsync(string reference)
    {
        var events = await host.InDbAsync(db => db.Events.Where(e => e.CaseReference == reference).Select(e => e.Id).ToListAsync());
        Assert.Equal(2, events.Count);
        await host.WaitFannedOutAsync(events.Max());
    }

    [Fact]
    public async Task The_events_waiting_for_notification_have_an_index_of_their_own_and_the_fan_out_needs_none()
    {
        // The notifier reads the oldest events not yet notified on every pass; without its own partial index it walked
        // every event ever written (34 ms a pass at 140,000 events, docs/benchmarks.md run 18). The fan-out reads
        // above its mark, by the primary key, and marks no event (decision 0022).
        host.RequireDatabase();
        var definitions = await host.InDbAsync(db => db.Database.SqlQueryRaw<string>(host.Provider == DatabaseProvider.Postgres
            ? "SELECT indexdef AS \"Value\" FROM pg_indexes WHERE tablename = 'Events' AND indexname LIKE 'IX_Events_Awaiting%' ORDER BY indexname"
            : "SELECT sql AS \"Value\" FROM sqlite_master WHERE tbl_name = 'Events' AND name LIKE 'IX_Events_Awaiting%' ORDER BY name").ToListAsync());

        var notification = Assert.Single(definitions);
        Assert.Contains("\"NotifiedAt\" IS NULL", notification, StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class WebhookOnSqlite(SqliteHost host) : WebhookTests(host);

[Collection(PostgresCollection.Name)]
public sealed class WebhookOnPostgres(PostgresHost host) : WebhookTests(host);
