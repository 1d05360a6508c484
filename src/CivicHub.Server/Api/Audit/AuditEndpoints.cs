using System.Globalization;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Privacy.Audit;
using CivicHub.Server.Api.Problems;
using CivicHub.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CivicHub.Server.Api.Audit;

/// <summary>The audit log for supervisors and administrators: who read or changed whose record, and whether the chain holds.</summary>
public static class AuditEndpoints
{
    public static void MapAuditEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/audit").WithTags("Audit").RequireAuthorization(CivicClaims.SupervisorPolicy);
        group.MapGet("/", PageAsync)
            .WithSummary("Audit entries, newest first")
            .WithDescription("Filter by citizenId, actorId, department (code), action and a time range (from inclusive, to exclusive, ISO 8601 UTC). Cursor paging: pass nextCursor as cursor. Reading the log is itself recorded.");
        group.MapGet("/export", ExportAsync)
            .WithSummary("Export audit entries as CSV or JSON Lines, oldest first, streamed")
            .WithDescription("format=csv (default) or jsonl, with the same filters as the list. The export is recorded before it starts.");
        group.MapGet("/verification", VerifyAsync)
            .WithSummary("Check the audit chain")
            .WithDescription("Walks the sealed entries and reports the first broken link: a changed, missing or moved entry.");
    }

    private static async Task<Results<Ok<AuditPage>, ProblemHttpResult>> PageAsync(
        Guid? citizenId, string? actorId, string? department, string? action, string? from, string? to, string? cursor, int? limit,
        AuditLog log, CancellationToken cancellationToken)
    {
        var filter = Filter(citizenId, actorId, department, action, from, to);
        if (!filter.Succeeded)
        {
            return filter.Problem!.ToHttp();
        }

        var page = await log.PageAsync(filter.Value!, cursor, limit, await AuditScope.CurrentAsync(cancellationToken), cancellationToken);
        return page.Succeeded ? TypedResults.Ok(page.Value) : page.Problem!.ToHttp();
    }

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> ExportAsync(
        Guid? citizenId, string? actorId, string? department, string? action, string? from, string? to, string? format,
        HttpContext http, AuditLog log, CancellationToken cancellationToken)
    {
        var filter = Filter(citizenId, actorId, department, action, from, to);
        if (!filter.Succeeded)
        {
            return filter.Problem!.ToHttp();
        }

        var kind = (format ?? "csv").ToLowerInvariant();
        if (kind is not ("csv" or "jsonl"))
        {
            return OutcomeHttp.Invalid(new Dictionary<string, string[]> { ["format"] = ["Either csv or jsonl."] });
        }

        await AuditExport.WriteAsync(http, kind, log.ExportAsync(filter.Value!, await AuditScope.CurrentAsync(cancellationToken), cancellationToken), cancellationToken);
        return TypedResults.Empty;
    }

    private static async Task<Ok<AuditVerification>> VerifyAsync(AuditChain chain, CancellationToken cancellationToken) =>
        TypedResults.Ok(await chain.VerifyAsync(cancellationToken));

    /// <summary>The filter from the query string, with each bad part named.</summary>
    public static Outcome<AuditFilter> Filter(Guid? citizenId, string? actorId, string? department, string? action, string? from, string? to)
    {
        var errors = new ValidationErrors();
        AuditAction? parsedAction = null;
        if (!string.IsNullOrEmpty(action))
        {
            if (Enum.TryParse<AuditAction>(action.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var a) && Enum.IsDefined(a) && !char.IsDigit(action[0]))
            {
                parsedAction = a;
            }
            else
            {
                errors.Add("action", $"One of {string.Join(", ", Enum.GetNames<AuditAction>().Select(Snake))}.");
            }
        }

        var start = Time("from", from, errors);
        var end = Time("to", to, errors);
        errors.Text("actorId", actorId, 200, required: false);
        errors.Text("department", department, 32, required: false);
        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        return new AuditFilter(citizenId, string.IsNullOrEmpty(actorId) ? null : actorId, string.IsNullOrEmpty(department) ? null : department, parsedAction, start, end);
    }

    private static DateTime? Time(string field, string? text, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            return at.UtcDateTime;
        }

        errors.Add(field, "An ISO 8601 date and time, such as 2026-11-26T08:00:00Z.");
        return null;
    }

    private static string Snake(string name) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
}
