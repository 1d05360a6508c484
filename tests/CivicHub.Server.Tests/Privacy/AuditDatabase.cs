using CivicHub.Core.Data;
using CivicHub.Core.Privacy.Audit;
using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Server.Tests.Privacy;

/// <summary>Reaching under the API to the audit table: waiting for the sealer, and tampering as an intruder with the database's keys would.</summary>
public static class AuditDatabase
{
    /// <summary>Waits until every entry recorded so far is sealed into the chain.</summary>
    public static async Task WaitSealedAsync(this CivicHubHost host)
    {
        var last = await host.InDbAsync(db => db.AuditEntries.MaxAsync(e => (long?)e.Id));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await host.InDbAsync(db => db.AuditEntries.AnyAsync(e => e.Id <= last && !db.AuditSeals.Any(s => s.EntryId == e.Id))))
        {
            Assert.True(DateTime.UtcNow < deadline, "The sealer did not seal the audit entries within 30 s.");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Two sealed entries next to each other in the chain, with their seals, not the last (the chain's end is checked separately).</summary>
    public static Task<(Sealed First, Sealed Second)> SealedPairAsync(this CivicHubHost host) => host.InDbAsync(async db =>
    {
        var last = await db.AuditSeals.MaxAsync(s => s.Sequence);
        var seals = await db.AuditSeals.AsNoTracking().Where(s => s.Sequence < last).OrderByDescending(s => s.Sequence).Take(2).ToListAsync();
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Id == seals[0].EntryId || e.Id == seals[1].EntryId).ToDictionaryAsync(e => e.Id);
        return (new Sealed(entries[seals[1].EntryId], seals[1]), new Sealed(entries[seals[0].EntryId], seals[0]));
    });

    /// <summary>
    /// Runs SQL with the append-only triggers switched off, in one transaction so no one else sees them off (on
    /// PostgreSQL; SQLite has one writer at a time).
    /// </summary>
    public static Task TamperAsync(this CivicHubHost host, params string[] statements) => host.InDbAsync(async db =>
    {
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlRawAsync(host.Provider == DatabaseProvider.Postgres ? AuditTriggers.DropAppendOnlyForPostgres : AuditTriggers.DropAppendOnlyForSqlite);
        foreach (var statement in statements)
        {
            await db.Database.ExecuteSqlRawAsync(statement);
        }

        await db.Database.ExecuteSqlRawAsync(host.Provider == DatabaseProvider.Postgres ? AuditTriggers.AppendOnlyForPostgres : AuditTriggers.AppendOnlyForSqlite);
        await transaction.CommitAsync();
        return true;
    });

    /// <summary>
    /// Puts a deleted entry back exactly as it was (its id included), with its seal when that went too, in one save: the
    /// sealer must never see the entry without it.
    /// </summary>
    public static Task RestoreAsync(this CivicHubHost host, AuditEntry entry, AuditSeal? seal = null) => host.InDbAsync(async db =>
    {
        db.AuditEntries.Add(entry);
        if (seal is not null)
        {
            db.AuditSeals.Add(seal);
        }

        await db.SaveChangesAsync();
        return true;
    });

    public static Task<AuditVerification> VerifyAsync(this CivicHubHost host) =>
        host.InScopeAsync(sp => sp.GetRequiredService<AuditChain>().VerifyAsync(CancellationToken.None));

    /// <summary>An entry and its place in the chain.</summary>
    public sealed record Sealed(AuditEntry Entry, AuditSeal Seal);
}
