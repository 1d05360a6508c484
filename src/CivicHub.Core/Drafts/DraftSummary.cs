using CivicHub.Core.Interactions;

namespace CivicHub.Core.Drafts;

/// <summary>A draft in a list: which service, where it was started and last touched.</summary>
public sealed record DraftSummary(
    Guid Id,
    string ServiceCode,
    string ServiceName,
    DraftStatus Status,
    Channel StartedOn,
    Channel LastChannel,
    DateTime UpdatedAt);
