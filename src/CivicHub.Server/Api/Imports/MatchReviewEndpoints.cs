using CivicHub.Core.Citizens.Matching;
using CivicHub.Server.Api.Problems;
using CivicHub.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CivicHub.Server.Api.Imports;

/// <summary>The review queue of possible matches: staff link a record to a candidate or keep it separate.</summary>
public static class MatchReviewEndpoints
{
    public static void MapMatchReviewEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/match-reviews").WithTags("Imports").RequireAuthorization(CivicClaims.StaffPolicy);
        group.MapGet("/", ListAsync)
            .WithSummary("Possible matches waiting for a decision, oldest first")
            .WithDescription("status: open (default), linked or separated; importId narrows to one import; limit 1-100 (default 20).");
        group.MapGet("/{id:guid}", GetAsync).WithSummary("A possible match with its candidates, scores and per-field evidence");
        group.MapPost("/{id:guid}/link", LinkAsync)
            .WithSummary("Same person: merge the record into the candidate (the best one unless candidateId names another)")
            .WithDescription("The merge can be undone with POST /api/v1/imports/links/{linkId}/undo.");
        group.MapPost("/{id:guid}/separate", SeparateAsync).WithSummary("Different people: the record stays a citizen of its own");
    }

    private static async Task<Results<Ok<IReadOnlyList<MatchReviews.View>>, ProblemHttpResult>> ListAsync(
        MatchReviewStatus? status, Guid? importId, int? limit, MatchReviews reviews, CancellationToken cancellationToken)
    {
        var list = await reviews.ListAsync(status, importId, limit, cancellationToken);
        return list.Succeeded ? TypedResults.Ok(list.Value) : list.Problem!.ToHttp();
    }

    private static async Task<Results<Ok<MatchReviews.View>, ProblemHttpResult>> GetAsync(Guid id, MatchReviews reviews, CancellationToken cancellationToken)
    {
        var view = await reviews.GetAsync(id, cancellationToken);
        return view.Succeeded ? TypedResults.Ok(view.Value) : view.Problem!.ToHttp();
    }

    private static async Task<Results<Ok<MatchReviews.View>, ProblemHttpResult>> LinkAsync(
        Guid id, MatchReviews.LinkRequest? request, HttpContext http, MatchReviews reviews, CancellationToken cancellationToken)
    {
        var view = await reviews.LinkAsync(id, request ?? new MatchReviews.LinkRequest(null, null), http.User.ToActor(), cancellationToken);
        return view.Succeeded ? TypedResults.Ok(view.Value) : view.Problem!.ToHttp();
    }

    private static async Task<Results<Ok<MatchReviews.View>, ProblemHttpResult>> SeparateAsync(
        Guid id, HttpContext http, MatchReviews reviews, CancellationToken cancellationToken)
    {
        var view = await reviews.SeparateAsync(id, http.User.ToActor(), cancellationToken);
        return view.Succeeded ? TypedResults.Ok(view.Value) : view.Problem!.ToHttp();
    }
}
