namespace CivicHub.Core.Cases;

/// <summary>A citizen's request, followed from submission to close across every channel it touches.</summary>
public sealed class Case
{
    public Guid Id { get; set; }

    /// <summary>The public reference, see <see cref="CaseReference"/>.</summary>
    public required string Reference { get; set; }

    public Guid CitizenId { get; set; }

    /// <summary>The service asked for; null for a general enquiry not yet classified.</summary>
    public int? ServiceId { get; set; }

    public int DepartmentId { get; set; }

    public int QueueId { get; set; }

    public Guid? AssigneeId { get; set; }

    public CaseStatus Status { get; set; }

    public CasePriority Priority { get; set; } = CasePriority.Normal;

    public required string Title { get; set; }

    public string? Description { get; set; }

    /// <summary>The answers to the service's form, as a JSON object of field key to value.</summary>
    public string? Answers { get; set; }

    /// <summary>
    /// The answers to the form's sensitive fields, as a JSON object of field key to value, encrypted at rest
    /// (Privacy/Protection/ProtectedFields); null when there are none. Read together with <see cref="Answers"/>.
    /// </summary>
    public string? SensitiveAnswers { get; set; }

    /// <summary>Where the problem is, for services with a location (Open311 lat/long and address).</summary>
    public double? Latitude { get; set; }

    public double? Longitude { get; set; }

    public string? LocationAddress { get; set; }

    /// <summary>The jurisdiction's master-address id for the location, as an Open311 client sent it (address_id).</summary>
    public string? LocationAddressId { get; set; }

    /// <summary>A photo or video of the problem, as a link the reporter's app hosts (Open311 media_url).</summary>
    public string? MediaUrl { get; set; }

    /// <summary>The channel the request first came in on.</summary>
    public Interactions.Channel OriginChannel { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? SlaDueAt { get; set; }

    public DateTime? ResolvedAt { get; set; }

    public DateTime? ClosedAt { get; set; }

    /// <summary>Kept whatever the retention schedule says, and its citizen cannot be erased, while a legal hold lasts.</summary>
    public bool LegalHold { get; set; }

    /// <summary>Optimistic concurrency: two agents changing one case at once get a conflict, not a lost update.</summary>
    public int Version { get; set; }
}
