using CivicHub.Core.Privacy.Audit;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CivicHub.Server.Tests.Privacy;

/// <summary>
/// The sealer on PostgreSQL, where an entry's id is handed out before its transaction commits: an entry that commits
/// after later ones were sealed is still sealed, and the mark below which the sealer no longer looks moves past it
/// only once it has been.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AuditSealerTests(PostgresHost host)
{
    [Fact]
    public async Task An_entry_committed_after_later_ones_were_sealed_is_sealed_after_them_and_the_scan_mark_waits_for_it()
    {
        host.RequireDatabase();
        var dana = await host.StaffClientAsync("dana");
        var (citizenId, _, _) = await dana.NewCitizenAsync();

        await using var writer = new NpgsqlConnection(host.DatabaseConnectionString);
        await writer.OpenAsync(TestContext.Current.CancellationToken);
        await using var transaction = await writer.BeginTransactionAsync(TestContext.Current.CancellationToken);
        var late = await ScalarAsync<long>(
            writer,
            """
            INSERT INTO "AuditEntries" ("OccurredAt", "ActorKind", "ActorId", "ActorName", "ActorDepartments", "Action", "RecordKind", "RecordId", "Purpose")
            VALUES (now(), 'System', 'test', 'Test', '', 'Read', 'citizen', 'committed late', 'Testing the sealer') RETURNING "Id"
            """,
            transaction);
        var writerTransaction = await ScalarAsync<string>(
            writer, "SELECT virtualtransaction FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'virtualxid'", transaction);

        // Entries with higher ids, committed and sealed while the first is still open.
        await dana.GetJsonAsync($"/api/v1/citizens/{citizenId}");
        await dana.GetJsonAsync($"/api/v1/citizens/{citizenId}/timeline");
        await host.WaitSealedAsync();
        var later = await host.InDbAsync(db => db.AuditEntries.Where(e => e.CitizenId == citizenId).MaxAsync(e => e.Id));
        Assert.True(later > late);
        var noted = await WaitForLeaseAsync(l => l.PendingWriters?.Split(',').Contains(writerTransaction) == true, "the open writer to be noted");
        Assert.True(noted.ScannedThrough < late, $"The scan mark passed {late}, which is not committed yet: {noted.ScannedThrough}.");
        // Rounds that find nothing new leave the mark where it is while the writer is open.
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.True((await LeaseAsync()).ScannedThrough < late);

        await transaction.CommitAsync(TestContext.Current.CancellationToken);
        await host.WaitSealedAsync();

        var seals = await host.InDbAsync(db => db.AuditSeals.Where(s => s.EntryId == late || s.EntryId == later).ToDictionaryAsync(s => s.EntryId));
        Assert.True(seals[late].Sequence > seals[later].Sequence, "The late entry is sealed after the ones committed before it.");
        Assert.True((await host.VerifyAsync()).Intact);
        await WaitForLeaseAsync(l => l.ScannedThrough >= later && l.PendingThrough is null, "the scan mark to move past every entry once all are sealed");
    }

    private Task<AuditSealLease> LeaseAsync() =>
        host.InDbAsync(db => db.AuditSealLeases.AsNoTracking().SingleAsync(l => l.Id == AuditSealLease.TheLease));

    private async Task<AuditSealLease> WaitForLeaseAsync(Func<AuditSealLease, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var lease = await LeaseAsync();
            if (condition(lease))
            {
                return lease;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Waited 30 s for {what}; the lease is at {lease.ScannedThrough}, pending {lease.PendingThrough} ({lease.PendingWriters}).");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, NpgsqlTransaction transaction)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        return (T)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
