namespace CivicHub.Core.Interactions;

/// <summary>A page of a timeline, newest first; pass NextCursor back for the next (older) page.</summary>
public sealed record TimelinePage(IReadOnlyList<TimelineEntry> Items, string? NextCursor);
