namespace CivicHub.Core.Citizens.Matching;

/// <summary>
/// A record that scored between the two thresholds: it was kept as a citizen of its own, and staff decide whether it
/// is the same person as a candidate (link: the records are merged) or not (separate).
/// </summary>
public sealed class MatchReview
{
    public Guid Id { get; set; }

    public Guid? ImportId { get; set; }

    /// <summary>The source record link of the record under review.</summary>
    public Guid LinkId { get; set; }

    /// <summary>The citizen created from the record.</summary>
    public Guid CitizenId { get; set; }

    /// <summary>The best candidate.</summary>
    public Guid CandidateId { get; set; }

    public double Score { get; set; }

    /// <summary>Per-field agreement and weight against the best candidate, as JSON.</summary>
    public required string Evidence { get; set; }

    /// <summary>Every candidate in the review band: [{citizenId, score, evidence}], best first, as JSON.</summary>
    public required string Candidates { get; set; }

    public MatchReviewStatus Status { get; set; }

    public DateTime CreatedAt { get; set; }

    public string? ResolvedBy { get; set; }

    public DateTime? ResolvedAt { get; set; }
}
