namespace CivicHub.Core.Privacy.Audit;

/// <summary>One page of the audit log, newest first; pass <see cref="NextCursor"/> back for the next.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntryView> Items, string? NextCursor);
