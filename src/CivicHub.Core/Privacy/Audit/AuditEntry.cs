using CivicHub.Core.Access;

namespace CivicHub.Core.Privacy.Audit;

/// <summary>
/// One access to or change of personal data, append-only: the database refuses to change or delete it. It is
/// inserted unsealed so a read costs one cheap INSERT; <see cref="AuditSealer"/> later chains it with an
/// <see cref="AuditSeal"/>, a row of another table, so the entry itself is never written twice.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTime OccurredAt { get; set; }

    public ActorKind ActorKind { get; set; }

    public required string ActorId { get; set; }

    public required string ActorName { get; set; }

    /// <summary>The role of a member of staff when they acted ("agent", "supervisor"); null for others.</summary>
    public string? ActorRole { get; set; }

    /// <summary>Department codes of the actor when they acted, comma-separated ("CONTACT,SOCIAL").</summary>
    public string ActorDepartments { get; set; } = "";

    public AuditAction Action { get; set; }

    /// <summary>What kind of record: see <see cref="AuditRecords"/>.</summary>
    public required string RecordKind { get; set; }

    /// <summary>The record's id; for a search, the ids of the citizens it returned.</summary>
    public required string RecordId { get; set; }

    /// <summary>Whose record; null for a search over many or a record not tied to one citizen.</summary>
    public Guid? CitizenId { get; set; }

    /// <summary>
    /// Why the read was allowed: the purpose of the data-sharing agreement that allowed it, the work of the actor's own
    /// department, or (when no decision applies, as for changes and lists) the caller's purpose.
    /// </summary>
    public required string Purpose { get; set; }

    /// <summary>The purpose the caller gave (header, desk page, or their role's default) when it differs from <see cref="Purpose"/>.</summary>
    public string? CallerPurpose { get; set; }

    /// <summary>The data-sharing agreement that allowed the read, when one did.</summary>
    public Guid? AgreementId { get; set; }

    public string? RemoteAddress { get; set; }

    public string? UserAgent { get; set; }
}
