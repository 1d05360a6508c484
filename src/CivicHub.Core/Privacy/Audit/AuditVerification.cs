namespace CivicHub.Core.Privacy.Audit;

/// <summary>The state of the audit chain: intact, or where it first breaks and how.</summary>
public sealed record AuditVerification(
    bool Intact,
    long SealedEntries,
    long UnsealedEntries,
    long? BrokenAtSequence,
    long? BrokenEntryId,
    string? Problem,
    DateTime CheckedAt);
