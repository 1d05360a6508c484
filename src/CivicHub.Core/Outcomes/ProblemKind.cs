namespace CivicHub.Core.Outcomes;

/// <summary>The expected ways a use case declines a request.</summary>
public enum ProblemKind
{
    Invalid,
    NotFound,
    Conflict,
    Forbidden,
}
