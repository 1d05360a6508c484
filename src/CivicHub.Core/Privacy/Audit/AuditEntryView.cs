using CivicHub.Core.Access;

namespace CivicHub.Core.Privacy.Audit;

/// <summary>An audit entry as supervisors read and export it.</summary>
public sealed record AuditEntryView(
    long Id,
    DateTime OccurredAt,
    ActorKind ActorKind,
    string ActorId,
    string ActorName,
    string? ActorRole,
    IReadOnlyList<string> ActorDepartments,
    AuditAction Action,
    string RecordKind,
    string RecordId,
    Guid? CitizenId,
    string Purpose,
    string? CallerPurpose,
    Guid? AgreementId,
    string? RemoteAddress,
    string? UserAgent,
    long? Sequence,
    string? PreviousHash,
    string? Hash);
