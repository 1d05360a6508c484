using CivicHub.Core.Access;
using CivicHub.Core.Data;
using CivicHub.Core.Privacy.Audit;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CivicHub.Server.Tests.Privacy;

/// <summary>
/// Reads' audit entries committed in shared transactions on PostgreSQL (<see cref="AuditGroupCommit"/>): each
/// request returns once its own entry is committed, entries that waited together go in one INSERT, and an entry the
/// database refuses fails its own request alone. A table lock held by another connection holds the first group's
/// INSERT, so the requests behind it gather into one group whatever the machine's speed.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AuditGroupCommitTests(PostgresHost host)
{
    [Fact]
    public async Task Entries_that_wait_for_a_write_go_together_in_one_transaction_and_each_request_returns_with_its_own_committed()
    {
        var run = Guid.NewGuid().ToString("N");
        var (first, waiting) = await WriteBehindLockAsync(Enumerable.Range(0, 12).Select(i => Entry(run, $"entry-{i}")).ToList());

        await first;
        await Task.WhenAll(waiting);
        var rows = await RowsAsync(run);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"entry-{i}").Order(), rows.Select(r => r.RecordId).Order());
        // The first alone (its INSERT was under way), the eleven that waited for it in one transaction of their own.
        Assert.Equal(2, rows.Select(r => r.Transaction).Distinct().Count());
        Assert.Single(rows, r => r.RecordId == "entry-0" && rows.Count(o => o.Transaction == r.Transaction) == 1);
    }

    [Fact]
    public async Task An_entry_the_database_refuses_fails_only_its_own_request_and_the_rest_of_its_group_is_written_once()
    {
        var run = Guid.NewGuid().ToString("N");
        var entries = Enumerable.Range(0, 8).Select(i => Entry(run, $"entry-{i}")).ToList();
        entries[4].RecordKind = new string('x', 200); // the column holds 32 characters

        var (first, waiting) = await WriteBehindLockAsync(entries);

        await first;
        var refused = await Assert.ThrowsAsync<PostgresException>(() => waiting[3]);
        Assert.Equal(PostgresErrorCodes.StringDataRightTruncation, refused.SqlState);
        await Task.WhenAll(waiting.Where((_, i) => i != 3));
        var rows = await RowsAsync(run);
        Assert.Equal(["entry-0", "entry-1", "entry-2", "entry-3", "entry-5", "entry-6", "entry-7"], rows.Select(r => r.RecordId).Order());
        Assert.Contains(host.Logs.Entries, e => e.Level == LogLevel.Warning && e.Category.EndsWith(nameof(AuditGroupCommit), StringComparison.Ordinal)
            && e.Message.Contains("group of 7 audit entries", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Concurrent_timeline_reads_each_have_exactly_one_entry()
    {
        var dana = await host.StaffClientAsync("dana");
        var citizens = new List<Guid>();
        for (var i = 0; i < 16; i++)
        {
            citizens.Add((await dana.NewCitizenAsync()).Id);
        }

        var reads = citizens.SelectMany(id => new[] { id, id }).Select(id => dana.GetJsonAsync($"/api/v1/citizens/{id}/timeline"));
        await Task.WhenAll(reads);

        var counts = await host.InDbAsync(db => db.AuditEntries
            .Where(e => e.CitizenId != null && citizens.Contains(e.CitizenId.Value) && e.RecordKind == AuditRecords.Timeline)
            .GroupBy(e => e.CitizenId).Select(g => g.Count()).ToListAsync());
        Assert.Equal(16, counts.Count);
        Assert.All(counts, count => Assert.Equal(2, count));
    }

    /// <summary>
    /// Starts writing the first entry while another connection holds the audit table locked, queues the others behind
    /// it (each from its own context, as requests would), then lets the lock go.
    /// </summary>
    private async Task<(Task First, List<Task> Waiting)> WriteBehindLockAsync(List<AuditEntry> entries)
    {
        host.RequireDatabase();
        var groupCommit = host.Services.GetRequiredService<AuditGroupCommit>();
        var scopes = entries.Select(_ => host.Services.CreateScope()).ToList();
        await using var locker = new NpgsqlConnection(host.DatabaseConnectionString);
        await locker.OpenAsync(TestContext.Current.CancellationToken);
        await using var transaction = await locker.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await using (var command = new NpgsqlCommand("LOCK TABLE \"AuditEntries\" IN EXCLUSIVE MODE", locker, transaction))
        {
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var first = groupCommit.WriteAsync(scopes[0].ServiceProvider.GetRequiredService<CivicHubDb>(), entries[0]);
        await TableLock.WaitUntilBlockedAsync(locker, "AuditEntries", first, () =>
        {
            var (writing, gathering) = groupCommit.State;
            return $"the group commit {(writing ? "is writing a group" : "writes nothing")}, {gathering} entries gather for the next";
        });
        var waiting = entries.Skip(1).Select((entry, i) => groupCommit.WriteAsync(scopes[i + 1].ServiceProvider.GetRequiredService<CivicHubDb>(), entry)).ToList();
        Assert.False(first.IsCompleted);
        Assert.DoesNotContain(waiting, w => w.IsCompleted);
        await transaction.CommitAsync(TestContext.Current.CancellationToken);

        var all = Task.WhenAll(waiting.Append(first).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        _ = all.ContinueWith(_ => scopes.ForEach(s => s.Dispose()), TaskScheduler.Default);
        return (first, waiting);
    }

    private Task<List<(string RecordId, string Transaction)>> RowsAsync(string run) => host.InDbAsync(async db =>
    {
        // xmin: the transaction that inserted the row (entries are never updated; their seals are rows of their own).
        var rows = await db.Database.SqlQueryRaw<Row>(
            "SELECT \"RecordId\", xmin::text AS \"Transaction\" FROM \"AuditEntries\" WHERE \"ActorId\" = {0}", $"group-commit-{run}").ToListAsync();
        return rows.Select(r => (r.RecordId, r.Transaction)).ToList();
    });

    private static AuditEntry Entry(string run, string recordId) => new()
    {
        OccurredAt = DateTime.UtcNow,
        ActorKind = ActorKind.Staff,
        ActorId = $"group-commit-{run}",
        ActorName = "Group commit test",
        Action = AuditAction.Read,
        RecordKind = AuditRecords.Citizen,
        RecordId = recordId,
        Purpose = "Testing the audit group commit",
    };

    private sealed record Row(string RecordId, string Transaction);
}
