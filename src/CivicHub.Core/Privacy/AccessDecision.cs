namespace CivicHub.Core.Privacy;

/// <summary>
/// Whether a read is allowed, and on what ground: the purpose and legal basis of the agreement that allowed it (or
/// the actor's own department), so that an audit of the read can say why it happened.
/// </summary>
public sealed record AccessDecision(bool Allowed, string Purpose, Guid? AgreementId = null, string? LegalBasis = null)
{
    public static AccessDecision Denied { get; } = new(false, "No department of yours and no data-sharing agreement covers this.");

    public static AccessDecision OwnDepartment { get; } = new(true, "Work of your own department.");

    public static AccessDecision System { get; } = new(true, "CivicHub's own processing.");

    public static AccessDecision Baseline { get; } = new(true, "Identifying the person in contact.");

    public static AccessDecision Under(Agreements.DataSharingAgreement agreement)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        return new(true, agreement.Purpose, agreement.Id, agreement.LegalBasis);
    }
}
