using CivicHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Privacy.Audit;

/// <summary>
/// Walks the sealed chain from the start and reports the first broken link: a changed entry (its hash no longer
/// matches), a deleted one (a seal whose entry is gone, or a gap in the sequence where its seal went too), entries
/// moved (a previous hash that is not the one before), or entries cut from the end (the chain stops short of what
/// the sealer recorded).
/// </summary>
public sealed class AuditChain(CivicHubDb db, TimeProvider time)
{
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        var unsealed = await db.AuditEntries.LongCountAsync(e => !db.AuditSeals.Any(s => s.EntryId == e.Id), cancellationToken);
        var lease = await db.AuditSealLeases.AsNoTracking().SingleOrDefaultAsync(l => l.Id == AuditSealLease.TheLease, cancellationToken);
        long expected = 1;
        var previous = AuditHash.Genesis;
        var chain =
            from seal in db.AuditSeals.AsNoTracking()
            join entry in db.AuditEntries.AsNoTracking() on seal.EntryId equals entry.Id into entries
            from entry in entries.DefaultIfEmpty()
            orderby seal.Sequence
            select new { Seal = seal, Entry = entry };
        await foreach (var link in chain.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var (seal, entry, sequence) = (link.Seal, link.Entry, link.Seal.Sequence);
            string? problem = null;
            if (sequence != expected)
            {
                problem = $"Entry {expected} is missing: the chain goes on at {sequence}.";
            }
            else if (entry is null)
            {
                problem = $"Entry {expected} is missing: its seal names entry {seal.EntryId}, which is no longer in the log.";
            }
            else if (seal.PreviousHash != previous)
            {
                problem = "The entry does not follow the one before it: it names another previous hash.";
            }
            else if (seal.Hash != AuditHash.Compute(entry, sequence, previous))
            {
                problem = "The entry was changed after it was sealed: its hash does not match its content.";
            }

            if (problem is not null)
            {
                return Broken(expected - 1, unsealed, expected, entry?.Id ?? seal.EntryId, problem);
            }

            previous = seal.Hash;
            expected++;
        }

        var sealedCount = expected - 1;
        if (lease is not null && lease.SealedThrough != sealedCount)
        {
            return Broken(sealedCount, unsealed, sealedCount + 1, null, $"The chain ends at {sealedCount} but {lease.SealedThrough} entries were sealed.");
        }

        if (lease is not null && sealedCount > 0 && lease.LastHash != previous)
        {
            return Broken(sealedCount, unsealed, sealedCount, null, "The last entry is not the one the sealer sealed last.");
        }

        return new AuditVerification(true, sealedCount, unsealed, null, null, null, time.GetUtcNow().UtcDateTime);
    }

    private AuditVerification Broken(long sealedCount, long unsealed, long sequence, long? entryId, string problem) =>
        new(false, sealedCount, unsealed, sequence, entryId, problem, time.GetUtcNow().UtcDateTime);
}
