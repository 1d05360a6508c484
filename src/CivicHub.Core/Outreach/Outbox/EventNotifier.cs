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
        var notifications = new Dictionary<long, Notification>();
        foreach (var @event in events)
        {
            if (@event.OccurredAt >= oldest && @event.CaseId is { } caseId && @event.CitizenId is { } citizenId && KindFor(@event) is { } kind)
            {
                notifications[@event.Id] = new Notification(Notification.IdFor(@event.Id, kind), kind, citizenId, caseId, "system");
            }
        }

        var (handled, answered) = await LookUpAsync(notifications, cancellationToken);
        foreach (var @event in events)
        {
            // Not when handled already (a batch retried after a race: the unique index would refuse the whole batch),
            // nor an acknowledgement of a case that a status question opened and that has had its answer.
            if (notifications.TryGetValue(@event.Id, out var notification) && !handled.Contains(notification.Id)
                && !(notification.Kind == NotificationKinds.CaseReceived && answered.Contains(notification.CaseId!.Value)))
            {
                var message = await composer.ComposeAsync(notification, tried: null, cancellationToken);
                if (message is null)
                {
                    await composer.RecordUnreachableAsync(notification.CitizenId, notification.CaseId, notification.Kind, cancellationToken);
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

    /// <summary>
    /// For the whole batch at once, two lookups rather than two per event: the notifications that have a message
    /// already, and the cases opened by a status question, which has already had its answer (an acknowledgement on top
    /// would be noise).
    /// </summary>
    private async Task<(HashSet<Guid> Handled, HashSet<Guid> AnsweredDirectly)> LookUpAsync(
        Dictionary<long, Notification> notifications, CancellationToken cancellationToken)
    {
        if (notifications.Count == 0)
        {
            return ([], []);
        }

        var ids = notifications.Values.Select(n => n.Id).ToList();
        var handled = await db.OutboundMessages.Where(m => ids.Contains(m.NotificationId)).Select(m => m.NotificationId).ToListAsync(cancellationToken);
        var received = notifications.Values.Where(n => n.Kind == NotificationKinds.CaseReceived).Select(n => n.CaseId!.Value).ToList();
        var answered = received.Count == 0 ? [] : await db.OutboundMessages
            .Where(m => m.CaseId != null && received.Contains(m.CaseId.Value)
                && (m.TemplateKey == NotificationKinds.StatusAnswer || m.TemplateKey == NotificationKinds.StatusUnknown))
            .Select(m => m.CaseId!.Value).ToListAsync(cancellationToken);
        return ([.. handled], [.. answered]);
    }

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
