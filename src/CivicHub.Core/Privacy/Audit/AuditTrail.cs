using CivicHub.Core.Access;
using CivicHub.Core.Cases;
using CivicHub.Core.Data;
using CivicHub.Core.Text;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Privacy.Audit;

/// <summary>
/// Records reads of citizens' records: one unsealed INSERT each, no lock, no read of the chain; on PostgreSQL a plain
/// statement (<see cref="AuditInsert"/>) rather than a SaveChanges, which cost a read more server time than the INSERT
/// itself, committed together with the entries of other reads in flight (<see cref="AuditGroupCommit"/>). A read of
/// one citizen's record or case carries the ground <see cref="RecordAccess"/> found for it (the agreement's purpose,
/// or the actor's own department), with the caller's own purpose beside it. Changes are recorded by
/// <see cref="AuditInterceptor"/> in the same save as the change itself.
/// </summary>
public sealed class AuditTrail(CivicHubDb db, TimeProvider time, RecordAccess access, AuditGroupCommit groupCommit)
{
    /// <summary>The most citizen ids one list or search entry names; RecordId holds 2,000 characters.</summary>
    public const int MaxIdsPerEntry = 54;

    /// <summary>Whether reads by this source are recorded: staff and integrations, not the citizen nor CivicHub itself.</summary>
    public static bool Records(AuditSource from)
    {
        ArgumentNullException.ThrowIfNull(from);
        return from.Actor.Kind is ActorKind.Staff or ActorKind.Integration;
    }

    /// <summary>
    /// Records that <paramref name="from"/> opened one citizen's record (or a part of it). Without
    /// <paramref name="grounds"/>, the ground is what the actor may see of that citizen: their contact details'
    /// decision, else the baseline every member of staff has (knowing who is in contact).
    /// </summary>
    public async Task RecordReadAsync(
        AuditSource from, Guid? citizenId, string recordKind, string recordId, CancellationToken cancellationToken, AccessDecision? grounds = null)
    {
        ArgumentNullException.ThrowIfNull(from);
        if (grounds is null && citizenId is { } id && Records(from))
        {
            grounds = await CitizenGroundsAsync(id, cancellationToken);
        }

        await AddAsync(from, AuditAction.Read, citizenId, recordKind, recordId, grounds, cancellationToken);
    }

    /// <summary>Records a read of a case (or part of it) known by its reference, with the decision that let the actor see it.</summary>
    public async Task RecordCaseReadAsync(AuditSource from, string reference, string recordKind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(from);
        var normalized = CaseReference.Normalize(reference) ?? reference;
        // One lookup gives both whose case it is and what the decision needs.
        var found = await db.Cases.AsNoTracking().Where(c => c.Reference == normalized)
            .Select(c => new { c.CitizenId, c.DepartmentId, c.ServiceId }).FirstOrDefaultAsync(cancellationToken);
        var grounds = Records(from) && found is not null ? await access.DecideCaseAsync(found.CitizenId, found.DepartmentId, found.ServiceId, cancellationToken) : null;
        await AddAsync(from, AuditAction.Read, found?.CitizenId, recordKind, normalized, grounds, cancellationToken);
    }

    /// <summary>
    /// Records that a screen or response showed several citizens' records at once: one entry per citizen, each with
    /// its own ground, in one save. For what one person opens (a match review, the merge screen), not for lists.
    /// </summary>
    public async Task RecordReadsAsync(AuditSource from, IReadOnlyCollection<Guid> citizenIds, string recordKind, string recordId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(citizenIds);
        if (citizenIds.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var seen = Records(from) ? await access.CitizensAsync(citizenIds, cancellationToken) : null;
        foreach (var citizenId in citizenIds.Distinct())
        {
            var grounds = seen is null ? null : GroundsOf(seen[citizenId]);
            db.AuditEntries.Add(AuditInterceptor.NewEntry(from, now, AuditAction.Read, recordKind, recordId, citizenId, grounds));
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Records that a list (the inbox, the chats waiting, the match reviews) showed these citizens: one entry naming
    /// them, in chunks of <see cref="MaxIdsPerEntry"/>, not one per citizen; a list re-read on every change records
    /// only the citizens it had not shown before (<see cref="ShownCitizens"/>).
    /// </summary>
    public async Task RecordListAsync(AuditSource from, string listKind, IEnumerable<Guid> citizenIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(citizenIds);
        var ids = citizenIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        foreach (var chunk in ids.Chunk(MaxIdsPerEntry))
        {
            db.AuditEntries.Add(AuditInterceptor.NewEntry(from, now, AuditAction.Read, listKind, string.Join(',', chunk.Select(id => id.ToString("D"))), null));
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>One summary entry for a search, naming the citizens it returned (not one entry per citizen).</summary>
    public Task RecordSearchAsync(AuditSource from, IEnumerable<Guid> citizenIds, CancellationToken cancellationToken)
    {
        var ids = string.Join(',', citizenIds.Select(id => id.ToString("D")));
        return RecordAsync(from, AuditAction.Search, null, AuditRecords.CitizenSearch, TextClip.Clip(ids, 2_000), cancellationToken);
    }

    public Task RecordAsync(AuditSource from, AuditAction action, Guid? citizenId, string recordKind, string recordId, CancellationToken cancellationToken) =>
        AddAsync(from, action, citizenId, recordKind, recordId, null, cancellationToken);

    /// <summary>Why the actor may look at this citizen's record at all.</summary>
    public async Task<AccessDecision> CitizenGroundsAsync(Guid citizenId, CancellationToken cancellationToken) =>
        GroundsOf(await access.CitizenAsync(citizenId, cancellationToken));

    /// <summary>The ground of a read of the whole record: the contact details' decision, else the baseline of knowing who is in contact.</summary>
    public static AccessDecision GroundsOf(CitizenAccess seen)
    {
        ArgumentNullException.ThrowIfNull(seen);
        return seen.ContactDetails.Allowed ? seen.ContactDetails : AccessDecision.Baseline;
    }

    /// <summary>Writes the entry before returning, so a response sent after it always has its entry.</summary>
    private async Task AddAsync(AuditSource from, AuditAction action, Guid? citizenId, string recordKind, string recordId, AccessDecision? grounds, CancellationToken cancellationToken)
    {
        var entry = AuditInterceptor.NewEntry(from, time.GetUtcNow().UtcDateTime, action, recordKind, recordId, citizenId, grounds);

        // A context holding unsaved changes saves them with the entry, as it always did; SQLite has no round trips to save.
        if (!db.IsPostgres || db.ChangeTracker.HasChanges())
        {
            db.AuditEntries.Add(entry);
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        // Inside the caller's transaction the entry commits (or not) with its work; alone it joins the reads in flight.
        if (db.Database.CurrentTransaction is not null)
        {
            await AuditInsert.ExecuteAsync(db, [entry], cancellationToken);
            return;
        }

        await groupCommit.WriteAsync(db, entry);
    }
}
