namespace CivicHub.Core.Events;

/// <summary>
/// Something that happened, written in the same transaction as the change itself: the outbox that the desk,
/// webhooks and the event feed read from.
/// </summary>
public sealed class DomainEvent
{
    /// <summary>Increasing position, the cursor of the event feed.</summary>
    public long Id { get; set; }

    /// <summary>Dotted name such as "case.created" or "interaction.recorded".</summary>
    public required string Type { get; set; }

    public Guid? CitizenId { get; set; }

    public Guid? CaseId { get; set; }

    public string? CaseReference { get; set; }

    public DateTime OccurredAt { get; set; }

    /// <summary>The event's data as JSON, free of personal data beyond ids.</summary>
    public required string Payload { get; set; }

    /// <summary>
    /// When outreach turned it into the citizen's notifications (or decided none was due); null while it waits. An event
    /// no notification can come of is written with its own time here (<see cref="EventLog"/>).
    /// </summary>
    public DateTime? NotifiedAt { get; set; }
}
