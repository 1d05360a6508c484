using CivicHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Privacy.Audit;

/// <summary>
/// Walks the sealed chain from the start and reports the first broken link: a changed entry (its hash no longer
/// matches), a deleted one (a gap in the sequence), entries moved (a previous hash that is not the one before), or
/// entries cut from the end (the chain stops short of what the sealer recorded).
/// </summary>
public sealed class AuditChain(CivicHubDb db, TimeProvider time)
{
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        var unsealed = await db.AuditEntries.LongCountAsync(e => e.Sequence == null, cancellationToken);
        var lease = await db.AuditSealLeases.AsNoTracking().SingleOrDefaultAsync(l => l.Id == AuditSealLease.TheLease, cancellationToken);
        long expected = 1;
        var previous = AuditHash.Genesis;
        await foreach (var entry in db.AuditEntries.AsNoTracking().Where(e => e.Sequence != null).OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var sequence = entry.Sequence!.Value;
            string? problem = null;
            if (sequence != expected)
            {
                problem = $"Entry {expected} is missing: the chain goes on at {sequence}.";
            }
            else if (entry.PreviousHash != previous)
            {
                problem = "The entry does not follow the one before it: it names another previous hash.";
            }
            else if (entry.Hash != AuditHash.Compute(entry, sequence, previous))
            {
                problem = "The entry was changed after it was sealed: its hash does not match its content.";
            }

            if (problem is not null)
            {
                return Broken(expected - 1, unsealed, expected, entry.Id, problem);
            }

            previous = entry.Hash!;
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
