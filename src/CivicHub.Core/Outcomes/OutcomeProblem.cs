namespace CivicHub.Core.Outcomes;

/// <summary>Why a use case could not do what was asked: the caller maps it to an HTTP problem.</summary>
public sealed record OutcomeProblem(ProblemKind Kind, string Detail, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public static OutcomeProblem NotFound(string detail) => new(ProblemKind.NotFound, detail);

    public static OutcomeProblem Conflict(string detail) => new(ProblemKind.Conflict, detail);

    public static OutcomeProblem Forbidden(string detail) => new(ProblemKind.Forbidden, detail);

    public static OutcomeProblem Invalid(string field, string message) =>
        new(ProblemKind.Invalid, message, new Dictionary<string, string[]> { [field] = [message] });

    public static OutcomeProblem Invalid(ValidationErrors errors) =>
        new(ProblemKind.Invalid, "One or more fields are not valid.", errors.ToDictionary());
}
