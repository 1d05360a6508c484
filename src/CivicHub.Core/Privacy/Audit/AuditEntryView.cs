using CivicHub.Core.Access;

namespace CivicHub.Core.Privacy.Audit;

/// <summary>
/// An audit entry as supervisors read and export it. A read allowed by an agreement names it with its legal basis as
/// the agreement states it now; a change of the agreement is itself an entry of the log (record kind "agreement").
/// </summary>
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
    string? AgreementName,
    string? LegalBasis,
    string? RemoteAddress,
    string? UserAgent,
    long? Sequence,
    string? PreviousHash,
    string? Hash);
