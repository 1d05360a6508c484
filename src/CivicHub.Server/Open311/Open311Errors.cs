using System.Text.Json.Nodes;
using CivicHub.Core.Outcomes;

namespace CivicHub.Server.Open311;

/// <summary>Open311's error format: a list of {code, description}, code being the HTTP status, in either format.</summary>
public static class Open311Errors
{
    public static Open311Response Error(Open311Format format, int status, params IEnumerable<string> descriptions)
    {
        var errors = new JsonArray();
        foreach (var description in descriptions)
        {
            errors.Add(new JsonObject { ["code"] = status, ["description"] = description });
        }

        return new Open311Response(errors, "errors", format, status);
    }

    public static Open311Response BadRequest(Open311Format format, params IEnumerable<string> descriptions) =>
        Error(format, StatusCodes.Status400BadRequest, descriptions);

    public static Open311Response NotFound(Open311Format format, string description) =>
        Error(format, StatusCodes.Status404NotFound, description);

    /// <summary>A use case's problem, one error per field at fault, each named as the Open311 client sent it.</summary>
    public static Open311Response From(Open311Format format, OutcomeProblem problem, Func<string, string>? fieldName = null)
    {
        var status = problem.Kind switch
        {
            ProblemKind.NotFound => StatusCodes.Status404NotFound,
            ProblemKind.Forbidden => StatusCodes.Status403Forbidden,
            ProblemKind.Conflict => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        };
        if (problem.Errors is not { Count: > 0 } errors)
        {
            return Error(format, status, problem.Detail);
        }

        return Error(format, status, errors.SelectMany(e => e.Value.Select(message => $"{(fieldName ?? (f => f))(e.Key)}: {message}")));
    }
}
