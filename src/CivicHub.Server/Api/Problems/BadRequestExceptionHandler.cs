using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace CivicHub.Server.Api.Problems;

/// <summary>
/// Turns a request the framework could not read (malformed JSON, a wrong type, an unparsable route or query value,
/// a body too large) into problem details that name the field, instead of a bare 400 or a 500.
/// </summary>
public sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // The form readers throw InvalidDataException for a body they cannot decode (a NUL escaped in a value, a
        // multipart body without its boundary): bad input from the client, not a fault of the host.
        if (exception is InvalidDataException)
        {
            httpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                ProblemDetails = new ProblemDetails { Status = StatusCodes.Status400BadRequest, Title = "The request could not be read.", Detail = "The form body is not valid." },
                Exception = exception,
            });
        }

        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        var (field, message) = Describe(badRequest);
        httpContext.Response.StatusCode = badRequest.StatusCode;
        ProblemDetails details = field is null
            ? new ProblemDetails { Status = badRequest.StatusCode, Title = "The request could not be read.", Detail = message }
            : new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
            {
                Status = badRequest.StatusCode,
                Title = "One or more fields are not valid.",
                Detail = $"{field}: {message}",
            };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = details, Exception = exception });
    }

    internal static (string? Field, string Message) Describe(BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json)
        {
            var field = FieldOf(json.Path);
            return (field ?? "body", json.Path is null or "$"
                ? "The body is not valid JSON."
                : "Has a value of the wrong type or format for this field.");
        }

        if (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, "The request body is too large.");
        }

        var parameter = ParameterName().Match(exception.Message);
        if (parameter.Success)
        {
            return (parameter.Groups["name"].Value, exception.Message.Contains("from \"", StringComparison.Ordinal)
                ? "Has a value of the wrong type or format."
                : "This value is required.");
        }

        return (null, exception.StatusCode == StatusCodes.Status415UnsupportedMediaType
            ? "Send the body as application/json."
            : "The request could not be read.");
    }

    /// <summary>"$.citizen.phones[0]" → "citizen.phones[0]"; "$['odd key']" → "odd key".</summary>
    internal static string? FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return null;
        }

        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return BracketedName().Replace(field, m => (m.Index == 0 ? "" : ".") + m.Groups["name"].Value);
    }

    [GeneratedRegex(@"parameter ""(?:[^""]*\s)?(?<name>[A-Za-z_][A-Za-z0-9_]*)""")]
    private static partial Regex ParameterName();

    [GeneratedRegex(@"\['(?<name>[^']*)'\]")]
    private static partial Regex BracketedName();
}
