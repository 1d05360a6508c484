using System.Text.Json;
using CivicHub.Core.Cases;
using CivicHub.Core.Data;
using CivicHub.Core.Events;
using CivicHub.Core.Outreach.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CivicHub.Core.Outreach.Outbox;

/// <summary>
/// Turns committed case events into the citizen's notifications, never twice: each event is marked when handled,
/// and a notification's id is derived from its event, so the unique (notification, channel) index refuses a second
/// copy from a host that raced this one or ran the same batch again after a crash.
/// </summary>
public sealed class EventNotifier(CivicHubDb db, MessageComposer composer, TimeProvider time, IOptions<OutreachOptions> options)
{
    /// <summary>Handles one batch of events; returns how many it looked at.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var events = await db.Events.Where(e => e.NotifiedAt == null).OrderBy(e => e.Id).Take(options.Value.BatchSize * 4).ToListAsync(cancellationToken);
        if (events.Count == 0)
        {
            return 0;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var oldest = now - options.Value.MaxEventAge;
        foreach (var @event in events)
        {
            if (@event.OccurredAt >= oldest && @event.CaseId is { } caseId && @event.CitizenId is { } citizenId
                && KindFor(@event) is { } kind && !await AnsweredDirectlyAsync(kind, caseId, cancellationToken))
            {
                var notification = new Notification(Notification.IdFor(@event.Id, kind), kind, citizenId, caseId, "system");

                // Handled already (a batch retried after a race): the unique index would refuse the whole batch.
                if (await db.OutboundMessages.AnyAsync(m => m.NotificationId == notification.Id, cancellationToken))
                {
                    @event.NotifiedAt = now;
                    continue;
                }

                var message = await composer.ComposeAsync(notification, tried: null, cancellationToken);
                if (message is null)
                {
                    await composer.RecordUnreachableAsync(citizenId, caseId, kind, cancellationToken);
                }
                else
                {
                    db.OutboundMessages.Add(message);
                }
            }

            @event.NotifiedAt = now;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another host handled the same events first: its notifications stand, and these would be copies.
            db.ChangeTracker.Clear();
        }

        return events.Count;
    }

    /// <summary>
    /// The notification an event deserves, or null. Changes the citizen caused or that only matter inside the
    /// office are not worth a message: triage, closing after resolution, and back to "in progress" after the
    /// citizen answered our question (their own reply moved it).
    /// </summary>
    public static string? KindFor(DomainEvent @event)
    {
        switch (@event.Type)
        {
            case "case.created":
                return NotificationKinds.CaseReceived;
            case "case.status_changed":
                var (from, to) = Statuses(@event.Payload);
                return to switch
                {
                    CaseStatus.WaitingOnCitizen => NotificationKinds.InformationNeeded,
                    CaseStatus.Resolved => NotificationKinds.CaseResolved,
                    CaseStatus.InProgress when from != CaseStatus.WaitingOnCitizen => NotificationKinds.StatusChanged,
                    _ => null,
                };
            default:
                return null;
        }
    }

    // A case opened by a status question has already had its answer; an acknowledgement on top would be noise.
    private Task<bool> AnsweredDirectlyAsync(string kind, Guid caseId, CancellationToken cancellationToken) =>
        kind == NotificationKinds.CaseReceived
            ? db.OutboundMessages.AnyAsync(
                m => m.CaseId == caseId && (m.TemplateKey == NotificationKinds.StatusAnswer || m.TemplateKey == NotificationKinds.StatusUnknown), cancellationToken)
            : Task.FromResult(false);

    private static (CaseStatus? From, CaseStatus? To) Statuses(string payload)
    {
        using var json = JsonDocument.Parse(payload);
        return (Status(json.RootElement, "from"), Status(json.RootElement, "to"));
    }

    private static CaseStatus? Status(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.Number ? (CaseStatus)value.GetInt32()
        : Enum.TryParse<CaseStatus>(value.GetString(), ignoreCase: true, out var status) ? status
        : null;
}
