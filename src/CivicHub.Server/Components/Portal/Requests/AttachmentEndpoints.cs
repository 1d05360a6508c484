using CivicHub.Core.Attachments;

namespace CivicHub.Server.Components.Portal.Requests;

/// <summary>A citizen downloads a file they sent (on any channel) from their request page; nobody else's.</summary>
public static class AttachmentEndpoints
{
    public const string Path = "/account/attachments";

    public static void MapPortalAttachmentDownload(this IEndpointRouteBuilder app) =>
        app.MapGet(Path + "/{id:guid}", DownloadAsync)
            .RequireAuthorization(PortalAuth.CitizenPolicy)
            .ExcludeFromDescription();

    private static async Task<IResult> DownloadAsync(
        Guid id, HttpContext http, PortalSession session, AttachmentDownload download, CancellationToken cancellationToken)
    {
        // The record as it stands now: an agent may have merged the one the cookie was issued for into another.
        if (await session.CurrentAsync(http.User, cancellationToken) is not { } citizen)
        {
            return Results.Challenge(authenticationSchemes: [PortalAuth.Scheme]);
        }

        var file = await download.ForCitizenAsync(id, citizen.CitizenId, cancellationToken);
        if (!file.Succeeded)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No file of yours has that id.");
        }

        // The same care as the staff download: the bytes came from outside, so the browser saves them and never runs them.
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        headers.CacheControl = "private, no-store";
        return Results.File(file.Value!.Content, file.Value.ContentType, file.Value.FileName);
    }
}
