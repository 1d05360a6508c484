using CivicHub.Core.Attachments;

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
    Guid CitizenId)
{
    /// <summary>The files that came with it, downloadable by staff.</summary>
    public IReadOnlyList<TimelineAttachment> Attachments { get; init; } = [];
}
