using CivicHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CivicHub.Core.Privacy.Audit;

/// <summary>
/// Chains unsealed audit entries in order: for each, an <see cref="AuditSeal"/> with the next sequence number, the
/// previous hash and the entry's own hash. Only the holder of the lease (a conditional update of one row, as outbox
/// claims are) seals, so the chain has one writer however many hosts run; the sequence number as the seals' key stops
/// a second one even if a lease ran out mid-batch. On PostgreSQL a batch's seals are one INSERT from arrays rather
/// than a row at a time through the change tracker: the sealer runs beside every read.
/// <para>
/// Unsealed entries are those above <see cref="AuditSealLease.ScannedThrough"/> without a seal. On SQLite one
/// transaction writes at a time, so entries commit in id order and the mark follows the last entry sealed. PostgreSQL
/// hands ids out before commit, so an entry with a lower id than one already sealed may still commit: the mark moves
/// only to an id seen while the transactions then writing audit entries were noted (<see cref="AuditSealLease.PendingWriters"/>),
/// once they have all ended and everything they could have written has been sealed.
/// </para>
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
        // Asked before the batch is read, so that whatever those writers committed is in it.
        var pendingSettled = postgres && await ScanMarks.PendingSettledAsync(db, lease, cancellationToken);
        var size = options.Value.SealBatchSize;
        // The seals' bound repeats the entries' (a seal of an entry above the mark is above it too) so that the
        // anti-join reads only the seals above the mark: without it PostgreSQL merged with every seal ever written,
        // a scan that grew with the log (5 ms a batch at 48,000 seals, docs/benchmarks.md run 23).
        var batch = await db.AuditEntries.AsNoTracking()
            .Where(e => e.Id > lease.ScannedThrough && !db.AuditSeals.Any(s => s.EntryId == e.Id && s.EntryId > lease.ScannedThrough))
            .OrderBy(e => e.Id).Take(size).ToListAsync(cancellationToken);

        var seals = Chain(batch, lease);
        if (postgres)
        {
            await InsertAsync(seals, cancellationToken);
            // Up to where every entry the batch could see is now sealed.
            var sealedUpTo = batch.Count == size ? batch[^1].Id : long.MaxValue;
            if (pendingSettled)
            {
                ScanMarks.Settle(lease, sealedUpTo);
            }

            await ScanMarks.NoteWritersAsync(db, "AuditEntries", lease, cancellationToken);
        }
        else
        {
            db.AuditSeals.AddRange(seals);
            if (batch.Count > 0)
            {
                lease.ScannedThrough = batch[^1].Id;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        if (seals.Count > 0)
        {
            LogSealed(logger, seals.Count, lease.SealedThrough);
        }

        return seals.Count;
    }

    // The seals continue the chain from the lease's last sequence and hash, which move on with them.
    private static List<AuditSeal> Chain(List<AuditEntry> batch, AuditSealLease lease)
    {
        var seals = new List<AuditSeal>(batch.Count);
        var sequence = lease.SealedThrough;
        var previous = lease.LastHash ?? AuditHash.Genesis;
        foreach (var entry in batch)
        {
            sequence++;
            var hash = AuditHash.Compute(entry, sequence, previous);
            seals.Add(new AuditSeal { Sequence = sequence, EntryId = entry.Id, PreviousHash = previous, Hash = hash });
            previous = hash;
        }

        if (seals.Count > 0)
        {
            lease.SealedThrough = sequence;
            lease.LastHash = previous;
        }

        return seals;
    }

    // The batch's seals in one statement, inside the sealer's transaction.
    private async Task InsertAsync(List<AuditSeal> seals, CancellationToken cancellationToken)
    {
        if (seals.Count == 0)
        {
            return;
        }

        await using var command = Command(
            """
            INSERT INTO "AuditSeals" ("Sequence", "EntryId", "PreviousHash", "Hash")
            SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::varchar[], $4::varchar[])
            """);
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. seals.Select(s => s.Sequence)] });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. seals.Select(s => s.EntryId)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. seals.Select(s => s.PreviousHash)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. seals.Select(s => s.Hash)] });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // A command on the sealer's connection, in its transaction.
    private NpgsqlCommand Command(string sql) => new(sql, (NpgsqlConnection)db.Database.GetDbConnection(), AuditInsert.Transaction(db));

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sealed {Count} audit entries through sequence {Sequence}")]
    private static partial void LogSealed(ILogger logger, int count, long sequence);
}
