using CivicHub.Core.Privacy.Audit;
using CivicHub.Server.Api.Audit;
using CivicHub.Server.Api.Problems;

namespace CivicHub.Server.Components.Desk.Audit;

/// <summary>
/// The desk's export button: the API's streamed export, with the desk's cookie instead of a token, so a supervisor
/// downloads from the page without a client of their own. The export is recorded like the API's.
/// </summary>
public static class DeskAuditExport
{
    public static void MapDeskAuditExport(this IEndpointRouteBuilder app) =>
        app.MapGet("/desk/audit/export", async (
            Guid? citizenId, string? actorId, string? department, string? action, string? from, string? to, string? format,
            HttpContext http, AuditLog log, CancellationToken cancellationToken) =>
        {
            var filter = AuditEndpoints.Filter(citizenId, actorId, department, action, from, to);
            var kind = (format ?? "csv").ToLowerInvariant();
            if (!filter.Succeeded)
            {
                return (IResult)filter.Problem!.ToHttp();
            }

            if (kind is not ("csv" or "jsonl"))
            {
                return OutcomeHttp.Invalid(new Dictionary<string, string[]> { ["format"] = ["Either csv or jsonl."] });
            }

            await AuditExport.WriteAsync(http, kind, log.ExportAsync(filter.Value!, await AuditScope.CurrentAsync(cancellationToken), cancellationToken), cancellationToken);
            return Results.Empty;
        }).RequireAuthorization(DeskAuth.SupervisorPolicy).ExcludeFromDescription();
}
