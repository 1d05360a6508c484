using CivicHub.Core.Privacy;
using CivicHub.Core.Privacy.Erasure;
using CivicHub.Core.Privacy.Export;
using CivicHub.Server.Api.Problems;
using CivicHub.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CivicHub.Server.Api.Privacy;

/// <summary>A citizen's data rights through the API: export, erasure, and the legal hold that stops erasure.</summary>
public static class PrivacyEndpoints
{
    public static void MapPrivacyEndpoints(this RouteGroupBuilder api)
    {
        var citizens = api.MapGroup("/citizens").WithTags("Privacy").RequireAuthorization(CivicClaims.StaffPolicy);
        citizens.MapGet("/{id:guid}/export", ExportAsync)
            .WithSummary("Everything held about a citizen, as JSON (supervisors)")
            .WithDescription("Profile, identities and consents, portal account, cases with history and form answers, interactions with attachment links, drafts, chats and sent messages. Recorded as a citizen.data_exported event.");
        citizens.MapPost("/{id:guid}/erasure", EraseAsync)
            .WithSummary("Erase a citizen's personal data (supervisors)")
            .WithDescription("Refused (409) while a case is open or on legal hold. Recorded as a citizen.erased event.");
        api.MapPost("/cases/{reference}/legal-hold", HoldAsync).WithTags("Privacy").RequireAuthorization(CivicClaims.StaffPolicy)
            .WithSummary("Place or lift a legal hold on a case (supervisors)");
    }

    private static async Task<Results<Ok<CitizenData>, ProblemHttpResult>> ExportAsync(
        Guid id, string? reason, HttpContext http, CitizenDataExport export, CancellationToken cancellationToken)
    {
        var data = await export.RunAsync(id, http.User.ToActor(), reason, attachment => $"/api/v1/attachments/{attachment}", cancellationToken);
        return data.Succeeded ? TypedResults.Ok(data.Value) : data.Problem!.ToHttp();
    }

    private static async Task<Results<Ok<EraseCitizen.Result>, ProblemHttpResult>> EraseAsync(
        Guid id, EraseCitizen.Request request, HttpContext http, EraseCitizen erase, CancellationToken cancellationToken)
    {
        var erased = await erase.RunAsync(id, request, http.User.ToActor(), cancellationToken);
        return erased.Succeeded ? TypedResults.Ok(erased.Value) : erased.Problem!.ToHttp();
    }

    public sealed record HoldView(string Reference, bool LegalHold);

    private static async Task<Results<Ok<HoldView>, ProblemHttpResult>> HoldAsync(
        string reference, LegalHolds.Request request, HttpContext http, LegalHolds holds, CancellationToken cancellationToken)
    {
        var held = await holds.SetAsync(reference, request, http.User.ToActor(), cancellationToken);
        return held.Succeeded ? TypedResults.Ok(new HoldView(reference, held.Value)) : held.Problem!.ToHttp();
    }
}
