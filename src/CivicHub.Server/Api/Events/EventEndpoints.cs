using CivicHub.Core.Events;
using CivicHub.Server.Api.Problems;
using CivicHub.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CivicHub.Server.Api.Events;

/// <summary>The event feed: the same events webhooks carry, pulled in order by systems that cannot receive them.</summary>
public static class EventEndpoints
{
    public static void MapEventEndpoints(this IEndpointRouteBuilder api) =>
        api.MapGet("/events", ReadAsync)
            .WithTags("Events")
            .RequireAuthorization(CivicClaims.IntegrationOrAdministratorPolicy)
            .WithSummary("Events after a cursor, oldest first")
            .WithDescription("Start with after=0; pass each page's nextCursor as after to continue. Filter by type. Events appear a few seconds after they happen, so no event is ever skipped.");

    private static async Task<Results<Ok<EventFeed.Page>, ProblemHttpResult>> ReadAsync(
        string? after, int? limit, string? type, EventFeed feed, CancellationToken cancellationToken)
    {
        var page = await feed.ReadAsync(after, limit, type, cancellationToken);
        return page.Succeeded ? TypedResults.Ok(page.Value) : page.Problem!.ToHttp();
    }
}
