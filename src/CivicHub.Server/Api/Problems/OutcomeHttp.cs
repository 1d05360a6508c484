using CivicHub.Core.Outcomes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CivicHub.Server.Api.Problems;

/// <summary>Maps a use case's expected problems to RFC 9457 problem details, naming the fields at fault.</summary>
public static class OutcomeHttp
{
    public static ProblemHttpResult ToHttp(this OutcomeProblem problem) => problem.Kind switch
    {
        ProblemKind.Invalid => Invalid(problem.Errors ?? new Dictionary<string, string[]>(), problem.Detail),
        ProblemKind.NotFound => Problem(StatusCodes.Status404NotFound, "Not found", problem.Detail),
        ProblemKind.Conflict => Problem(StatusCodes.Status409Conflict, "Conflict", problem.Detail),
        ProblemKind.Forbidden => Problem(StatusCodes.Status403Forbidden, "Forbidden", problem.Detail),
        _ => Problem(StatusCodes.Status400BadRequest, "Bad request", problem.Detail),
    };

    public static ProblemHttpResult Invalid(IReadOnlyDictionary<string, string[]> errors, string? detail = null) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more fields are not valid.",
            Detail = detail ?? string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")),
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        });

    public static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail });
}
