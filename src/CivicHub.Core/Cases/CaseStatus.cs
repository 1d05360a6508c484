namespace CivicHub.Core.Cases;

/// <summary>Where a case is in its life; <see cref="CaseWorkflow"/> says which moves are allowed.</summary>
public enum CaseStatus
{
    Submitted,
    Triaged,
    InProgress,
    WaitingOnCitizen,
    Resolved,
    Closed,
}
