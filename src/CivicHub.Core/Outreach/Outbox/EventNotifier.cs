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
    /// <summary>
    /// Handles one batch of events; returns how many it looked at. What deciding and composing read (messages sent
    /// before, the citizens, the cases, the templates) is read once for the whole batch, not once per event: one
    /// event after another, the notifier fell far behind a busy intake (docs/benchmarks.md, run 26).
    /// </summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var events = await db.Events.AsNoTracking().Where(e => e.NotifiedAt == null).OrderBy(e => e.Id).Take(options.Value.BatchSize * 4).ToListAsync(cancellationToken);
        if (events.Count == 0)
        {
            return 0;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var oldest = now - options.Value.MaxEventAge;
        var due = new List<Notification>();
        foreach (var @event in events)
        {
            if (@event.OccurredAt >= oldest && @event.CaseId is { } caseId && @event.CitizenId is { } citizenId && KindFor(@event) is { } kind)
            {
                due.Add(new Notification(Notification.IdFor(@event.Id, kind), kind, citizenId, caseId, "system"));
            }
        }

        if (due.Count > 0)
        {
            var answered = await AnsweredDirectlyAsync(due, cancellationToken);
            // Handled already (a batch retried after a race): the unique index would refuse the whole batch.
            var notificationIds = due.Select(n => n.Id).ToList();
            var handled = (await db.OutboundMessages.Where(m => notificationIds.Contains(m.NotificationId)).Select(m => m.NotificationId).ToListAsync(cancellationToken)).ToHashSet();
            due = [.. due.Where(n => !handled.Contains(n.Id) && !(n.Kind == NotificationKinds.CaseReceived && answered.Contains(n.CaseId!.Value)))];
        }

        var messages = await composer.ComposeAllAsync(due, cancellationToken);
        for (var i = 0; i < due.Count; i++)
        {
            if (messages[i] is { } message)
            {
                db.OutboundMessages.Add(message);
            }
            else
            {
                await composer.RecordUnreachableAsync(due[i].CitizenId, due[i].CaseId, due[i].Kind, cancellationToken);
            }
        }

        // The messages and the events' marks commit together; another host's notifications of the same events stand.
        var ids = events.Select(e => e.Id).ToList();
        await db.SaveMarkingAsync(
            db.Events.Where(e => ids.Contains(e.Id) && e.NotifiedAt == null), e => e.SetProperty(x => x.NotifiedAt, now), cancellationToken);
        return events.Count;
    }

    /// <summary>
    /// Whether the event can come to a notification at all: the events that cannot are written already marked
    /// (<see cref="EventLog"/>), so this and <see cref="RunOnceAsync"/> must decide alike.
    /// </summary>
    public static bool MayNotify(DomainEvent @event) => @event.CaseId is not null && @event.CitizenId is not null && KindFor(@event) is not null;

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
    private async Task<HashSet<Guid>> AnsweredDirectlyAsync(List<Notification> due, CancellationToken cancellationToken)
    {
        var received = due.Where(n => n.Kind == NotificationKinds.CaseReceived).Select(n => n.CaseId!.Value).ToList();
        if (received.Count == 0)
        {
            return [];
        }

        var answered = await db.OutboundMessages
            .Where(m => m.CaseId != null && received.Contains(m.CaseId.Value)
                && (m.TemplateKey == NotificationKinds.StatusAnswer || m.TemplateKey == NotificationKinds.StatusUnknown))
            .Select(m => m.CaseId!.Value)
            .ToListAsync(cancellationToken);
        return [.. answered];
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
