namespace CivicHub.Core.Citizens.Matching;

/// <summary>Where a possible match waiting for staff stands.</summary>
public enum MatchReviewStatus
{
    Open,
    Linked,
    Separated,
}
