using CivicHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CivicHub.Core.Privacy.Audit;

/// <summary>
/// Chains unsealed audit entries in order: the next sequence number, the previous hash and the entry's own hash.
/// Only the holder of the lease (a conditional update of one row, as outbox claims are) seals, so the chain has
/// one writer however many hosts run; a unique sequence number stops a second one even if a lease ran out mid-batch.
/// On PostgreSQL a batch's seals are one UPDATE from arrays rather than an UPDATE per entry through the change
/// tracker: the sealer runs beside every read, and a read's entry was costing the host as much to seal as to write.
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
        var postgres = db.IsPostgres;
        var unsealed = db.AuditEntries.Where(e => e.Sequence == null).OrderBy(e => e.Id).Take(options.Value.SealBatchSize);
        var batch = await (postgres ? unsealed.AsNoTracking() : unsealed).ToListAsync(cancellationToken);
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

        if (postgres)
        {
            await SealAsync(batch, cancellationToken);
        }

        lease.SealedThrough = sequence;
        lease.LastHash = previous;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        LogSealed(logger, batch.Count, sequence);
        return batch.Count;
    }

    // The batch's sequence numbers and hashes in one statement, inside the sealer's transaction.
    private async Task SealAsync(List<AuditEntry> batch, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var command = new NpgsqlCommand(
            """
            UPDATE "AuditEntries" AS e SET "Sequence" = s."Sequence", "PreviousHash" = s."PreviousHash", "Hash" = s."Hash"
              FROM unnest($1::bigint[], $2::bigint[], $3::varchar[], $4::varchar[]) AS s("Id", "Sequence", "PreviousHash", "Hash")
             WHERE e."Id" = s."Id"
            """,
            connection,
            AuditInsert.Transaction(db));
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. batch.Select(e => e.Id)] });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. batch.Select(e => e.Sequence!.Value)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. batch.Select(e => e.PreviousHash!)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. batch.Select(e => e.Hash!)] });
        var sealedCount = await command.ExecuteNonQueryAsync(cancellationToken);
        if (sealedCount != batch.Count)
        {
            throw new InvalidOperationException($"Sealing {batch.Count} audit entries changed {sealedCount} rows; the batch is rolled back.");
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sealed {Count} audit entries through sequence {Sequence}")]
    private static partial void LogSealed(ILogger logger, int count, long sequence);
}
