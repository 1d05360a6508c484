using System.Globalization;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CivicHub.Server.Tests.Webhooks;

/// <summary>
/// The fan-out on PostgreSQL, where an event's id is handed out before its transaction commits: an event that commits
/// after events with higher ids is still delivered, because the mark below which the fan-out no longer reads waits for
/// every transaction that could still commit an event below it.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class WebhookFanOutTests(PostgresHost host)
{
    [Fact]
    public async Task An_event_committed_after_later_ones_is_delivered_once_and_the_mark_waits_for_it()
    {
        host.RequireDatabase();
        var cancellation = TestContext.Current.CancellationToken;
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        var integration = await host.IntegrationClientAsync();
        var subscription = (await (await integration.PostJsonAsync("/api/v1/webhooks", new { url = receiver.Url, events = new[] { "case.*" } }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("subscription").GetProperty("id").GetGuid();
        try
        {
            var staff = await host.StaffClientAsync();
            var (citizenId, _, _) = await staff.NewCitizenAsync();
            var first = await NewCaseAsync(staff, citizenId, "Opened before the late event");
            var caseId = await host.InDbAsync(db => db.Cases.Where(c => c.Reference == first).Select(c => c.Id).SingleAsync());

            await using var writer = new NpgsqlConnection(host.DatabaseConnectionString);
            await writer.OpenAsync(cancellation);
            await using var transaction = await writer.BeginTransactionAsync(cancellation);
            long late;
            await using (var insert = new NpgsqlCommand(
                """
                INSERT INTO "Events" ("Type", "CitizenId", "CaseId", "CaseReference", "OccurredAt", "Payload")
                VALUES ('case.late', $1, $2, $3, now(), '{}') RETURNING "Id"
                """,
                writer,
                transaction))
            {
                insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = citizenId });
                insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = caseId });
                insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = first });
                late = (long)(await insert.ExecuteScalarAsync(cancellation))!;
            }

            string writerTransaction;
            await using (var own = new NpgsqlCommand("SELECT virtualtransaction FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'virtualxid'", writer, transaction))
            {
                writerTransaction = (string)(await own.ExecuteScalarAsync(cancellation))!;
            }

            // Events with higher ids, committed while the late one is still open.
            var second = await NewCaseAsync(staff, citizenId, "Opened while the late event is not committed");
            var later = await host.InDbAsync(db => db.Events.Where(e => e.CaseReference == second && e.Type == "case.created").Select(e => e.Id).SingleAsync());
            Assert.True(later > late);
            var noted = await host.WaitForFanOutLeaseAsync(l => l.PendingWriters?.Split(',').Contains(writerTransaction) == true, "the open writer to be noted");
            Assert.True(noted.ScannedThrough < late, $"The mark passed {late}, which is not committed yet: {noted.ScannedThrough}.");
            // Rounds meanwhile leave the mark where it is: the events above it wait for the writer.
            await Task.Delay(500, cancellation);
            Assert.True((await host.FanOutLeaseAsync()).ScannedThrough < late);
            // The pull feed stops at the same mark, so a reader's cursor cannot pass the event still to commit.
            var waiting = await integration.GetJsonAsync($"/api/v1/events?after={late - 1}&limit=500");
            Assert.Empty(waiting.GetProperty("items").EnumerateArray());
            Assert.Equal((late - 1).ToString(CultureInfo.InvariantCulture), waiting.GetProperty("nextCursor").GetString());

            await transaction.CommitAsync(cancellation);
            await host.WaitFannedOutAsync(later);
            await WaitForAsync(() => Delivered(receiver, late) && Delivered(receiver, later), "the late event's delivery and the later case's");
            Assert.Single(receiver.Deliveries, d => d.Payload.GetProperty("id").GetInt64() == late);
            var feed = (await integration.GetJsonAsync($"/api/v1/events?after={late - 1}&limit=500")).GetProperty("items").EnumerateArray()
                .Select(e => e.GetProperty("id").GetInt64()).ToList();
            Assert.Equal(late, feed[0]);
            Assert.Contains(later, feed);
            Assert.Equal(
                1,
                await host.InDbAsync(db => db.WebhookDeliveries.CountAsync(d => d.SubscriptionId == subscription && d.EventId == late, cancellation)));
        }
        finally
        {
            await (await integration.DeleteAsync(Http.Url($"/api/v1/webhooks/{subscription}"), cancellation)).JsonAsync(HttpStatusCode.OK);
        }
    }

    private static bool Delivered(WebhookReceiver receiver, long eventId) =>
        receiver.Deliveries.Any(d => d.Payload.GetProperty("id").GetInt64() == eventId);

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<string> NewCaseAsync(HttpClient staff, Guid citizenId, string description) =>
        (await (await staff.PostJsonAsync("/api/v1/cases", new { citizenId, channel = "phone", description })).JsonAsync(HttpStatusCode.Created))
            .GetProperty("reference").GetString()!;
}
