using CivicHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CivicHub.Core.Privacy.Audit;

/// <summary>
/// Chains unsealed audit entries in order: the next sequence number, the previous hash and the entry's own hash.
/// Only the holder of the lease (a conditional update of one row, as outbox claims are) seals, so the chain has
/// one writer however many hosts run; a unique sequence number stops a second one even if a lease ran out mid-batch.
/// </summary>
public sealed partial class AuditSealer(CivicHubDb db, TimeProvider time, IOptions<AuditOptions> options, ILogger<AuditSealer> logger)
{
    /// <summary>Seals one batch when this holder has (or can take) the lease; returns how many entries it sealed.</summary>
    public async Task<int> RunOnceAsync(Guid holder, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var leaseUntil = now + options.Value.SealLease;
        var claimed = await db.AuditSealLeases
            .Where(l => l.Id == AuditSealLease.TheLease && (l.Holder == holder || l.LeaseUntil == null || l.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.LeaseUntil, leaseUntil), cancellationToken);
        if (claimed == 0)
        {
            return 0;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var lease = await db.AuditSealLeases.SingleAsync(l => l.Id == AuditSealLease.TheLease, cancellationToken);
        var batch = await db.AuditEntries.Where(e => e.Sequence == null).OrderBy(e => e.Id).Take(options.Value.SealBatchSize).ToListAsync(cancellationToken);
        if (batch.Count == 0)
        {
            return 0;
        }

        var sequence = lease.SealedThrough;
        var previous = lease.LastHash ?? AuditHash.Genesis;
        foreach (var entry in batch)
        {
            sequence++;
            entry.Sequence = sequence;
            entry.PreviousHash = previous;
            entry.Hash = AuditHash.Compute(entry, sequence, previous);
            previous = entry.Hash;
        }

        lease.SealedThrough = sequence;
        lease.LastHash = previous;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        LogSealed(logger, batch.Count, sequence);
        return batch.Count;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sealed {Count} audit entries through sequence {Sequence}")]
    private static partial void LogSealed(ILogger logger, int count, long sequence);
}
