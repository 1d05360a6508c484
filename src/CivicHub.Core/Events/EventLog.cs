using System.Text.Json;
using CivicHub.Core.Cases;
using CivicHub.Core.Data;
using CivicHub.Core.Outreach.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace CivicHub.Core.Events;

/// <summary>Adds events to the outbox in the caller's unit of work, so they commit with the change they describe.</summary>
public static class EventLog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Record(this CivicHubDb db, string type, Case @case, DateTime at, object? data = null) =>
        db.Events.Add(New(type, @case, at, data));

    public static void Record(this CivicHubDb db, string type, Guid citizenId, Guid caseId, string caseReference, DateTime at, object? data = null) =>
        db.Events.Add(New(type, citizenId, caseId, caseReference, at, data));

    /// <summary>A case's event, in no unit of work yet.</summary>
    public static DomainEvent New(string type, Case @case, DateTime at, object? data = null) => New(type, @case.CitizenId, @case.Id, @case.Reference, at, data);

    private static DomainEvent New(string type, Guid citizenId, Guid caseId, string caseReference, DateTime at, object? data) => ForNotifier(new()
    {
        Type = type,
        CitizenId = citizenId,
        CaseId = caseId,
        CaseReference = caseReference,
        OccurredAt = at,
        Payload = JsonSerializer.Serialize(data ?? new { }, Json),
    });

    public static void Record(this CivicHubDb db, string type, Guid citizenId, DateTime at, object? data = null) =>
        db.Events.Add(ForNotifier(new DomainEvent
        {
            Type = type,
            CitizenId = citizenId,
            OccurredAt = at,
            Payload = JsonSerializer.Serialize(data ?? new { }, Json),
        }));

    /// <summary>
    /// An event no notification can come of (a contact recorded, an event outside a case, most status changes) is
    /// written already marked as handled by the notifier, which decides from the event alone: it never reads the event
    /// back, and the event never takes the UPDATE of its mark, a new version of the whole row in PostgreSQL. That was
    /// half of the notifier's events, one for every case opened and every message sent.
    /// </summary>
    private static DomainEvent ForNotifier(DomainEvent @event)
    {
        @event.NotifiedAt = EventNotifier.MayNotify(@event) ? null : @event.OccurredAt;
        return @event;
    }

    /// <summary>
    /// For a worker that handles a batch of events (the notifier): saves what it made of them and marks the
    /// events handled with one UPDATE, not one per event, in one transaction. When another host handled the same
    /// events first, a unique index refuses the save: what that host wrote stands, these would be copies, and nothing
    /// is written.
    /// </summary>
    public static async Task SaveMarkingAsync(
        this CivicHubDb db, IQueryable<DomainEvent> events, Action<UpdateSettersBuilder<DomainEvent>> mark, CancellationToken cancellationToken)
    {
        if (!db.ChangeTracker.HasChanges())
        {
            await events.ExecuteUpdateAsync(mark, cancellationToken);
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return;
        }

        await events.ExecuteUpdateAsync(mark, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
