namespace CivicHub.Core.Events;

/// <summary>
/// Tells in-process listeners (the desk's real-time hub, the webhook sender) that events were committed.
/// It only says "look": listeners read the events from the outbox table, which is the truth.
/// </summary>
public sealed class EventSignal
{
    public event EventHandler<EventsCommittedEventArgs>? Committed;

    public void Notify(IReadOnlyList<DomainEvent> events)
    {
        if (events.Count > 0)
        {
            Committed?.Invoke(this, new EventsCommittedEventArgs(events));
        }
    }
}
