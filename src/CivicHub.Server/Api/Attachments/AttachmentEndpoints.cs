using CivicHub.Core.Attachments;
using CivicHub.Core.Privacy.Audit;
using CivicHub.Server.Api.Problems;
using CivicHub.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CivicHub.Server.Api.Attachments;

/// <summary>Files citizens sent, for staff to download.</summary>
public static class AttachmentEndpoints
{
    public static void MapAttachmentEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGroup("/attachments").WithTags("Attachments").RequireAuthorization(CivicClaims.StaffPolicy)
            .MapGet("/{id:guid}", DownloadAsync)
            .WithSummary("Download a file a citizen sent")
            .WithDescription("Always as a download (Content-Disposition: attachment) and never sniffed or run by the browser: the file comes from outside. Timeline entries list the ids.");
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadAsync(
        Guid id, HttpContext http, AttachmentDownload download, AuditTrail audit, CancellationToken cancellationToken)
    {
        var file = await download.GetAsync(id, cancellationToken);
        if (!file.Succeeded)
        {
            return file.Problem!.ToHttp();
        }

        await audit.RecordReadAsync(await AuditScope.CurrentAsync(cancellationToken), file.Value!.CitizenId, AuditRecords.Attachment, id.ToString("D"), cancellationToken);

        // A citizen's file is untrusted content: the browser must save it, not render or sniff it, and never run its scripts.
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        headers.CacheControl = "private, no-store";
        headers["Digest"] = $"sha-256={Convert.ToBase64String(Convert.FromHexString(file.Value!.Sha256))}";
        return TypedResults.File(file.Value.Content, file.Value.ContentType, file.Value.FileName);
    }
}
