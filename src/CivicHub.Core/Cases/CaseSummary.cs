using CivicHub.Core.Interactions;

namespace CivicHub.Core.Cases;

/// <summary>A case in a list: what it is, where it stands, who has it.</summary>
public sealed record CaseSummary(
    string Reference,
    string Title,
    string? ServiceCode,
    CaseStatus Status,
    CasePriority Priority,
    Channel OriginChannel,
    int DepartmentId,
    Guid? AssigneeId,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? SlaDueAt);
