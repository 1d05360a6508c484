using CivicHub.Core.Cases;

namespace CivicHub.Core.Tests.Cases;

public sealed class CaseWorkflowTests
{
    [Theory]
    [InlineData(CaseStatus.Submitted, CaseStatus.Triaged)]
    [InlineData(CaseStatus.Triaged, CaseStatus.InProgress)]
    [InlineData(CaseStatus.InProgress, CaseStatus.WaitingOnCitizen)]
    [InlineData(CaseStatus.WaitingOnCitizen, CaseStatus.InProgress)]
    [InlineData(CaseStatus.InProgress, CaseStatus.Resolved)]
    [InlineData(CaseStatus.Resolved, CaseStatus.Closed)]
    [InlineData(CaseStatus.Resolved, CaseStatus.InProgress)]
    [InlineData(CaseStatus.Closed, CaseStatus.InProgress)]
    public void Allowed_moves(CaseStatus from, CaseStatus to) => Assert.True(CaseWorkflow.CanMove(from, to));

    [Theory]
    [InlineData(CaseStatus.Submitted, CaseStatus.Closed)]
    [InlineData(CaseStatus.Submitted, CaseStatus.Submitted)]
    [InlineData(CaseStatus.InProgress, CaseStatus.Triaged)]
    [InlineData(CaseStatus.Closed, CaseStatus.Resolved)]
    [InlineData(CaseStatus.Closed, CaseStatus.Submitted)]
    public void Refused_moves(CaseStatus from, CaseStatus to) => Assert.False(CaseWorkflow.CanMove(from, to));

    [Fact]
    public void Only_resolved_and_closed_cases_are_not_open() =>
        Assert.Equal([CaseStatus.Resolved, CaseStatus.Closed], Enum.GetValues<CaseStatus>().Where(s => !CaseWorkflow.IsOpen(s)));

    [Fact]
    public void Every_status_can_move_somewhere() =>
        Assert.All(Enum.GetValues<CaseStatus>(), s => Assert.NotEmpty(CaseWorkflow.NextFrom(s)));
}
