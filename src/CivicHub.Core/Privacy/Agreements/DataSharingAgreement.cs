namespace CivicHub.Core.Privacy.Agreements;

/// <summary>
/// A written permission for some departments (the recipients) to see some categories of another department's data
/// (the providers'), for a stated purpose and legal basis, between two dates. Without one, staff see only their own
/// departments' cases.
/// </summary>
public sealed class DataSharingAgreement
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    /// <summary>The departments whose staff and integrations it lets see.</summary>
    public List<int> RecipientDepartmentIds { get; set; } = [];

    /// <summary>The departments whose data it opens; ignored when <see cref="AllProviders"/> is set.</summary>
    public List<int> ProviderDepartmentIds { get; set; } = [];

    /// <summary>Opens every department's data, including departments added later.</summary>
    public bool AllProviders { get; set; }

    public DataCategories Categories { get; set; }

    /// <summary>Limits the Cases category to these services; empty means every service of the providers.</summary>
    public List<int> ServiceIds { get; set; } = [];

    public required string Purpose { get; set; }

    public required string LegalBasis { get; set; }

    public DateTime ValidFrom { get; set; }

    /// <summary>The first moment it no longer applies; null while it has no end date.</summary>
    public DateTime? ValidUntil { get; set; }

    /// <summary>Each citizen's own consent is needed before their data is shared under it.</summary>
    public bool RequiresConsent { get; set; }

    public AgreementStatus Status { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Whether it applies at the given moment: active, and between its dates.</summary>
    public bool AppliesAt(DateTime at) => Status == AgreementStatus.Active && ValidFrom <= at && (ValidUntil is null || at < ValidUntil);

    /// <summary>Whether it opens a case of this department and service.</summary>
    public bool Opens(int departmentId, int? serviceId) =>
        (AllProviders || ProviderDepartmentIds.Contains(departmentId))
        && (ServiceIds.Count == 0 || (serviceId is { } service && ServiceIds.Contains(service)));
}
