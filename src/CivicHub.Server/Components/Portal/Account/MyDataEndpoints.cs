using System.Text.Json;
using CivicHub.Core.Access;
using CivicHub.Core.Privacy.Audit;
using CivicHub.Core.Privacy.Export;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace CivicHub.Server.Components.Portal.Account;

/// <summary>
/// "Download my data": the signed-in citizen's own copy of everything held about them (the same export a supervisor
/// makes through the API), as a JSON file, recorded in the audit log as an export by the citizen.
/// </summary>
public static class MyDataEndpoints
{
    public const string Path = "/account/my-data";

    /// <summary>The reason the export event and its audit entry carry.</summary>
    public const string Reason = "Citizen's own download";

    public static void MapMyDataDownload(this IEndpointRouteBuilder app) =>
        app.MapGet(Path, DownloadAsync)
            .RequireAuthorization(PortalAuth.CitizenPolicy)
            .RequireRateLimiting(PortalRateLimits.DownloadPolicy)
            .ExcludeFromDescription();

    private static async Task<IResult> DownloadAsync(
        HttpContext http, PortalSession session, CitizenDataExport export, IOptions<JsonOptions> json, TimeProvider time, CancellationToken cancellationToken)
    {
        // The record as it stands now: an agent may have merged the one the cookie was issued for into another.
        if (await session.CurrentAsync(http.User, cancellationToken) is not { } citizen)
        {
            return Results.Challenge(authenticationSchemes: [PortalAuth.Scheme]);
        }

        var actor = new Actor(ActorKind.Citizen, citizen.CitizenId.ToString(), "citizen");
        // The request's scope names the citizen of the cookie; the entry names the record that is exported.
        var source = new AuditSource(
            actor, [], Reason, AuditSource.Address(http.Connection.RemoteIpAddress), AuditSource.ShortUserAgent(http.Request.Headers.UserAgent));
        CitizenData data;
        using (AuditScope.Begin(source))
        {
            // The portal has no file download of its own yet: an attachment is named by its id, not a link the citizen cannot open.
            var exported = await export.RunAsync(citizen.CitizenId, actor, Reason, attachment => $"urn:uuid:{attachment:D}", cancellationToken);
            if (!exported.Succeeded)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Your record was not found.");
            }

            data = exported.Value!;
        }

        // A personal file must not stay in a shared computer's or a proxy's cache.
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.Pragma = "no-cache";
        var bytes = JsonSerializer.SerializeToUtf8Bytes(data, json.Value.SerializerOptions);
        var day = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return Results.File(bytes, "application/json", $"civichub-my-data-{day}.json");
    }
}
