using CivicHub.Core.Cases;
using CivicHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Privacy.Audit;

/// <summary>
/// Records reads of citizens' records: one unsealed INSERT each, no lock, no read of the chain; on PostgreSQL a plain
/// statement (<see cref="AuditInsert"/>) rather than a SaveChanges, which cost a read more server time than the INSERT
/// itself. Changes are recorded by <see cref="AuditInterceptor"/> in the same save as the change itself.
/// </summary>
public sealed class AuditTrail(CivicHubDb db, TimeProvider time)
{
    /// <summary>Records that <paramref name="from"/> opened one citizen's record (or a part of it).</summary>
    public Task RecordReadAsync(AuditSource from, Guid? citizenId, string recordKind, string recordId, CancellationToken cancellationToken) =>
        RecordAsync(from, AuditAction.Read, citizenId, recordKind, recordId, cancellationToken);

    /// <summary>Records a read of a case (or part of it) known by its reference, finding whose case it is.</summary>
    public async Task RecordCaseReadAsync(AuditSource from, string reference, string recordKind, CancellationToken cancellationToken)
    {
        var normalized = CaseReference.Normalize(reference) ?? reference;
        var citizenId = await db.Cases.AsNoTracking().Where(c => c.Reference == normalized).Select(c => (Guid?)c.CitizenId).FirstOrDefaultAsync(cancellationToken);
        await RecordReadAsync(from, citizenId, recordKind, normalized, cancellationToken);
    }

    /// <summary>One summary entry for a search, naming the citizens it returned (not one entry per citizen).</summary>
    public Task RecordSearchAsync(AuditSource from, IEnumerable<Guid> citizenIds, CancellationToken cancellationToken)
    {
        var ids = string.Join(',', citizenIds.Select(id => id.ToString("D")));
        return RecordAsync(from, AuditAction.Search, null, AuditRecords.CitizenSearch, ids.Length > 2_000 ? ids[..2_000] : ids, cancellationToken);
    }

    /// <summary>Writes the entry before returning, so a response sent after it always has its entry.</summary>
    public async Task RecordAsync(AuditSource from, AuditAction action, Guid? citizenId, string recordKind, string recordId, CancellationToken cancellationToken)
    {
        var entry = Entry(from, action, citizenId, recordKind, recordId);

        // A context holding unsaved changes saves them with the entry, as it always did; SQLite has no round trips to save.
        if (!db.Database.IsNpgsql() || db.ChangeTracker.HasChanges())
        {
            db.AuditEntries.Add(entry);
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        await AuditInsert.ExecuteAsync(db, entry, cancellationToken);
    }

    /// <summary>The entry for a read, for a use case that sends it with the read itself.</summary>
    public AuditEntry Entry(AuditSource from, AuditAction action, Guid? citizenId, string recordKind, string recordId)
    {
        ArgumentNullException.ThrowIfNull(from);
        return AuditInterceptor.NewEntry(from, time.GetUtcNow().UtcDateTime, action, recordKind, recordId, citizenId);
    }
}
