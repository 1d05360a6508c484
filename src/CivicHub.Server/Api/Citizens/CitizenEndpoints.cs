using CivicHub.Core.Citizens;
using CivicHub.Core.Data;
using CivicHub.Core.Interactions;
using CivicHub.Core.Privacy.Audit;
using CivicHub.Server.Api.Idempotency;
using CivicHub.Server.Api.Problems;
using CivicHub.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CivicHub.Server.Api.Citizens;

/// <summary>Find citizens, register them, and see everything about one of them at once.</summary>
public static class CitizenEndpoints
{
    public static void MapCitizenEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/citizens").WithTags("Citizens").RequireAuthorization(CivicClaims.StaffPolicy);

        group.MapGet("/", FindAsync)
            .WithSummary("Find citizens")
            .WithDescription("By phone (any format, normalised to E.164), email, or free text q: a case reference, a phone, an email or a name. At most 20 results.");
        group.MapGet("/{id:guid}", OverviewAsync)
            .WithSummary("The 360-degree view of a citizen")
            .WithDescription("Profile, identities on every channel, open and past cases, open drafts and the most recent page of the cross-channel timeline, in one call.");
        group.MapGet("/{id:guid}/timeline", TimelineAsync)
            .WithSummary("A citizen's timeline across every channel, newest first")
            .WithDescription("Cursor paging: pass nextCursor from one page as cursor to get the next.");
        group.MapPost("/", CreateAsync).WithSummary("Register a citizen").WithIdempotency();
        group.MapPost("/{id:guid}/merge", MergeAsync)
            .WithSummary("Merge this record into another")
            .WithDescription("Moves identities, cases, drafts and interactions to intoCitizenId and marks this record merged. Returns the merge, which can be undone.");
        api.MapPost("/citizen-merges/{mergeId:guid}/undo", UndoMergeAsync)
            .WithTags("Citizens").RequireAuthorization(CivicClaims.StaffPolicy)
            .WithSummary("Undo a merge: everything it moved goes back");
    }

    public sealed record MergeView(Guid Id, Guid SourceId, Guid TargetId, DateTime MergedAt, DateTime? UndoneAt);

    private static async Task<Results<Ok<MergeView>, ProblemHttpResult>> MergeAsync(
        Guid id, MergeCitizens.Request request, HttpContext http, MergeCitizens merges, CancellationToken cancellationToken)
    {
        var merged = await merges.MergeAsync(id, request, http.User.ToActor(), cancellationToken);
        return merged.Succeeded ? TypedResults.Ok(View(merged.Value!)) : merged.Problem!.ToHttp();
    }

    private static async Task<Results<Ok<MergeView>, ProblemHttpResult>> UndoMergeAsync(
        Guid mergeId, HttpContext http, MergeCitizens merges, CancellationToken cancellationToken)
    {
        var undone = await merges.UndoAsync(mergeId, http.User.ToActor(), cancellationToken);
        return undone.Succeeded ? TypedResults.Ok(View(undone.Value!)) : undone.Problem!.ToHttp();
    }

    private static MergeView View(CitizenMerge merge) => new(merge.Id, merge.SourceId, merge.TargetId, merge.MergedAt, merge.UndoneAt);

    private static async Task<Results<Ok<IReadOnlyList<CitizenSummary>>, ProblemHttpResult>> FindAsync(
        string? phone, string? email, string? q, FindCitizens find, AuditTrail audit, CancellationToken cancellationToken)
    {
        var found = await find.RunAsync(new FindCitizens.Query(phone, email, q), cancellationToken);
        if (!found.Succeeded)
        {
            return found.Problem!.ToHttp();
        }

        await audit.RecordSearchAsync(await AuditScope.CurrentAsync(cancellationToken), found.Value!.Select(c => c.Id), cancellationToken);
        return TypedResults.Ok(found.Value);
    }

    private static async Task<Results<Ok<CitizenOverview.View>, ProblemHttpResult>> OverviewAsync(
        Guid id, CitizenOverview overview, CancellationToken cancellationToken)
    {
        var view = await overview.GetAsync(id, recordRead: true, cancellationToken);
        return view.Succeeded ? TypedResults.Ok(view.Value) : view.Problem!.ToHttp();
    }

    private static async Task<Results<Ok<TimelinePage>, ProblemHttpResult>> TimelineAsync(
        Guid id, string? cursor, int? limit, Timeline timeline, CancellationToken cancellationToken)
    {
        var page = await timeline.ForCitizenAsync(id, cursor, limit, recordRead: true, cancellationToken);
        return page.Succeeded ? TypedResults.Ok(page.Value) : page.Problem!.ToHttp();
    }

    private static async Task<Results<Created<CitizenSummary>, ProblemHttpResult>> CreateAsync(
        CreateCitizen.Request request, HttpContext http, CreateCitizen create, CivicHubDb db, CancellationToken cancellationToken)
    {
        var created = await create.RunAsync(request, http.User.ToActor(), cancellationToken);
        if (!created.Succeeded)
        {
            return created.Problem!.ToHttp();
        }

        await db.SaveChangesAsync(cancellationToken);
        var citizen = created.Value!;
        var summary = new CitizenSummary(
            citizen.Id,
            citizen.DisplayName,
            citizen.DateOfBirth,
            citizen.Identities.FirstOrDefault(i => i.Kind == IdentityKind.Phone)?.Display,
            citizen.Identities.FirstOrDefault(i => i.Kind == IdentityKind.Email)?.Display,
            citizen.PreferredLanguage,
            citizen.IsProvisional,
            OpenCases: 0);
        return TypedResults.Created($"/api/v1/citizens/{citizen.Id}", summary);
    }
}
