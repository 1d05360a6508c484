namespace CivicHub.Core.Events;

/// <summary>The events a save just committed.</summary>
public sealed class EventsCommittedEventArgs(IReadOnlyList<DomainEvent> events) : EventArgs
{
    public IReadOnlyList<DomainEvent> Events { get; } = events;
}
