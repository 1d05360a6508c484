using CivicHub.Core.Accounts;
using CivicHub.Core.Attachments;
using CivicHub.Core.Cases;
using CivicHub.Core.Citizens;
using CivicHub.Core.Data;
using CivicHub.Core.Drafts;
using CivicHub.Core.Events;
using CivicHub.Core.Interactions;
using CivicHub.Core.Privacy.Agreements;
using CivicHub.Core.Privacy.Erasure;
using CivicHub.Core.Privacy.Export;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CivicHub.Core.Privacy.Audit;

/// <summary>
/// Adds an audit entry for every added, changed or deleted record of personal data to the save that makes the
/// change, so the change and its record commit or fail together, whichever use case made it. Who acted comes from
/// <see cref="AuditScope"/>. It keeps no state of its own (what a save added is kept on the context until the save
/// ends), so one instance serves every pooled context.
/// </summary>
public sealed class AuditInterceptor(TimeProvider time) : ISaveChangesInterceptor
{
    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is CivicHubDb db)
        {
            db.SaveAudit = Changes(db) is { } changes ? Record(db, changes, AuditScope.Current) : null;
        }

        return result;
    }

    public async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        // Who acts is resolved only for a save that changes personal data (it may cost the request one lookup).
        if (eventData.Context is CivicHubDb db)
        {
            db.SaveAudit = Changes(db) is { } changes ? Record(db, changes, await AuditScope.CurrentAsync(cancellationToken)) : null;
        }

        return result;
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => TakeBack(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        TakeBack(eventData.Context);
        return Task.CompletedTask;
    }

    // The failed save's changes are still tracked, so a save tried again records them afresh: its entries from this
    // attempt would be copies (and name a new case by a reference it may no longer have).
    private static void TakeBack(DbContext? context)
    {
        if (context is CivicHubDb { SaveAudit: { } entries } db)
        {
            foreach (var entry in entries)
            {
                db.Entry(entry).State = EntityState.Detached;
            }

            db.SaveAudit = null;
        }
    }

    /// <summary>A new unsealed entry; with <c>grounds</c> (the access decision that allowed a read) its purpose and agreement are recorded, and the caller's purpose beside them.</summary>
    internal static AuditEntry NewEntry(AuditSource from, DateTime at, AuditAction action, string recordKind, string recordId, Guid? citizenId, AccessDecision? grounds = null) =>
        NewEntry(from, at, action, recordKind, recordId, citizenId, grounds is { Allowed: true } ? grounds.Purpose : null, grounds is { Allowed: true } ? grounds.AgreementId : null);

    private static AuditEntry NewEntry(AuditSource from, DateTime at, AuditAction action, string recordKind, string recordId, Guid? citizenId, string? groundsPurpose, Guid? agreementId) => new()
    {
        OccurredAt = at,
        ActorKind = from.Actor.Kind,
        ActorId = from.Actor.Id,
        ActorName = from.Actor.DisplayName,
        ActorRole = from.Actor.Role?.ToString().ToLowerInvariant(),
        ActorDepartments = string.Join(',', from.Departments),
        Action = action,
        RecordKind = recordKind,
        RecordId = recordId,
        CitizenId = citizenId,
        Purpose = AuditSource.CleanPurpose(groundsPurpose) ?? from.Purpose,
        CallerPurpose = groundsPurpose is null || string.Equals(AuditSource.CleanPurpose(groundsPurpose), from.Purpose, StringComparison.Ordinal) ? null : from.Purpose,
        AgreementId = agreementId,
        RemoteAddress = from.RemoteAddress,
        UserAgent = from.UserAgent,
    };

    private static List<(AuditAction Action, string Kind, string Id, Guid? CitizenId)>? Changes(CivicHubDb db)
    {
        List<(AuditAction, string, string, Guid?)>? changes = null;
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted) || Describe(entry.Entity, entry) is not { } record)
            {
                continue;
            }

            (changes ??= []).Add((ActionOf(entry.State, entry.Entity), record.Kind, record.Id, record.CitizenId));
        }

        return changes;
    }

    private static AuditAction ActionOf(EntityState state, object entity) => state switch
    {
        // An export or an erasure is told by its event, which commits with it.
        EntityState.Added when entity is DomainEvent { Type: CitizenDataExport.EventType } => AuditAction.Export,
        EntityState.Added when entity is DomainEvent { Type: EraseCitizen.EventType } => AuditAction.Erase,
        EntityState.Added => AuditAction.Create,
        EntityState.Deleted => AuditAction.Delete,
        _ => AuditAction.Update,
    };

    /// <summary>
    /// The entries a save would add for new rows that never enter a change tracker (<see cref="Cases.CaseRows"/>), as
    /// if they had been added to one; none when none is personal data, and who acts is then not resolved.
    /// </summary>
    internal static async Task<List<AuditEntry>> EntriesForNewAsync(IEnumerable<object> rows, DateTime at, CancellationToken cancellationToken)
    {
        var changes = rows.Select(row => (Row: row, Record: Describe(row, entry: null)))
            .Where(r => r.Record is not null)
            .Select(r => (ActionOf(EntityState.Added, r.Row), r.Record!.Value.Kind, r.Record.Value.Id, r.Record.Value.CitizenId))
            .ToList();
        return changes.Count == 0 ? [] : Entries(changes, await AuditScope.CurrentAsync(cancellationToken), at);
    }

    private List<AuditEntry> Record(CivicHubDb db, List<(AuditAction Action, string Kind, string Id, Guid? CitizenId)> changes, AuditSource from)
    {
        var entries = Entries(changes, from, time.GetUtcNow().UtcDateTime);
        db.AuditEntries.AddRange(entries);
        return entries;
    }

    private static List<AuditEntry> Entries(List<(AuditAction Action, string Kind, string Id, Guid? CitizenId)> changes, AuditSource from, DateTime at) =>
        [.. changes.Select(c => NewEntry(from, at, c.Action, c.Kind, c.Id, c.CitizenId))];

    /// <summary>
    /// The record kind, id and citizen of a personal-data entity; null for anything else. <paramref name="entry"/> is
    /// its change tracker's entry, or null for a new row no tracker holds (an address has none: its owner is a shadow
    /// property).
    /// </summary>
    private static (string Kind, string Id, Guid? CitizenId)? Describe(object entity, EntityEntry? entry) => entity switch
    {
        Citizen c => (AuditRecords.Citizen, c.Id.ToString("D"), c.Id),
        ChannelIdentity i => (AuditRecords.Identity, i.Id.ToString("D"), i.CitizenId),
        Address => entry is null
            ? throw new InvalidOperationException("An address is described by its change tracker's entry.")
            : (AuditRecords.Address, OwnerId(entry)?.ToString("D") ?? "", OwnerId(entry)),
        Case c => (AuditRecords.Case, c.Reference, c.CitizenId),
        // An interaction's id comes from the database, so a new one is named by its key only once saved.
        Interaction i => (AuditRecords.Interaction, KeyKnown(i, entry) ? i.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : "new", i.CitizenId),
        Draft d => (AuditRecords.Draft, d.Id.ToString("D"), d.CitizenId),
        Attachment a => (AuditRecords.Attachment, a.Id.ToString("D"), a.CitizenId),
        CitizenAccount a => (AuditRecords.Account, a.Id.ToString("D"), null),
        CitizenConsent c => (AuditRecords.Consent, c.Id.ToString("D"), c.CitizenId),
        // Who may see what changes with an agreement; the log keeps when, so a read's ground can be traced to the text it had.
        DataSharingAgreement a => (AuditRecords.Agreement, a.Id.ToString("D"), null),
        DomainEvent { Type: CitizenDataExport.EventType or EraseCitizen.EventType, CitizenId: { } citizenId } => (AuditRecords.Citizen, citizenId.ToString("D"), citizenId),
        _ => null,
    };

    private static bool KeyKnown(Interaction interaction, EntityEntry? entry) =>
        entry is null ? interaction.Id > 0 : entry.IsKeySet && !entry.Property(nameof(Interaction.Id)).IsTemporary;

    /// <summary>An address is owned by its citizen, whose key it carries as a shadow property.</summary>
    private static Guid? OwnerId(EntityEntry entry) =>
        entry.Metadata.FindProperty("CitizenId") is { } key && entry.Property(key.Name).CurrentValue is Guid id ? id : null;
}
