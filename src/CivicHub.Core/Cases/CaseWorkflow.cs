namespace CivicHub.Core.Cases;

/// <summary>
/// The status moves a case may make: forward through the work, back to the citizen and in again,
/// and reopened from resolved or closed.
/// </summary>
public static class CaseWorkflow
{
    private static readonly Dictionary<CaseStatus, CaseStatus[]> Allowed = new()
    {
        [CaseStatus.Submitted] = [CaseStatus.Triaged, CaseStatus.InProgress, CaseStatus.WaitingOnCitizen, CaseStatus.Resolved],
        [CaseStatus.Triaged] = [CaseStatus.InProgress, CaseStatus.WaitingOnCitizen, CaseStatus.Resolved],
        [CaseStatus.InProgress] = [CaseStatus.WaitingOnCitizen, CaseStatus.Resolved],
        [CaseStatus.WaitingOnCitizen] = [CaseStatus.InProgress, CaseStatus.Resolved],
        [CaseStatus.Resolved] = [CaseStatus.Closed, CaseStatus.InProgress],
        [CaseStatus.Closed] = [CaseStatus.InProgress],
    };

    public static bool CanMove(CaseStatus from, CaseStatus to) => Allowed[from].Contains(to);

    public static IReadOnlyList<CaseStatus> NextFrom(CaseStatus from) => Allowed[from];

    /// <summary>Open cases are the ones still being worked; an inbound contact may thread onto them.</summary>
    public static bool IsOpen(CaseStatus status) => status is not (CaseStatus.Resolved or CaseStatus.Closed);
}
