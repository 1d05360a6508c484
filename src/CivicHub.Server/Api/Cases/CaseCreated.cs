using CivicHub.Core.Cases;
using CivicHub.Core.Interactions;

namespace CivicHub.Server.Api.Cases;

/// <summary>The answer to creating a case: its reference and where it landed; GET the Location for the rest.</summary>
public sealed record CaseCreated(
    string Reference,
    Guid CitizenId,
    CaseStatus Status,
    CasePriority Priority,
    Channel OriginChannel,
    int DepartmentId,
    int QueueId,
    DateTime CreatedAt,
    DateTime? SlaDueAt)
{
    public static CaseCreated From(Case @case) => new(
        @case.Reference, @case.CitizenId, @case.Status, @case.Priority, @case.OriginChannel, @case.DepartmentId, @case.QueueId, @case.CreatedAt, @case.SlaDueAt);
}
