namespace CivicHub.Core.Interactions;

/// <summary>One interaction as a timeline shows it.</summary>
public sealed record TimelineEntry(
    long Id,
    Channel Channel,
    Direction Direction,
    DateTime OccurredAt,
    string? Subject,
    string Body,
    string? AuthorName,
    string? CaseReference,
    Guid CitizenId);
