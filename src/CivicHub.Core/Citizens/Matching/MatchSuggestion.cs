namespace CivicHub.Core.Citizens.Matching;

/// <summary>A citizen who may be the same person as a provisional one that intake created; shown, never merged silently.</summary>
public sealed class MatchSuggestion
{
    public Guid Id { get; set; }

    /// <summary>The provisional citizen.</summary>
    public Guid CitizenId { get; set; }

    public Guid CandidateId { get; set; }

    public double Score { get; set; }

    public required string Evidence { get; set; }

    public DateTime CreatedAt { get; set; }
}
