using CivicHub.Core.Interactions;
using CivicHub.Server.Api.Idempotency;
using CivicHub.Server.Api.Problems;
using CivicHub.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CivicHub.Server.Api.Interactions;

/// <summary>Log what happened off-system: a phone call, a counter visit, a letter received.</summary>
public static class InteractionEndpoints
{
    public sealed record Logged(long Id, Guid CitizenId, string? CaseReference, Channel Channel, Direction Direction, DateTime OccurredAt);

    public static void MapInteractionEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGroup("/interactions").WithTags("Interactions").RequireAuthorization(CivicClaims.StaffOrIntegrationPolicy)
            .MapPost("/", LogAsync)
            .WithSummary("Record an interaction on a citizen's timeline")
            .WithDescription("For contacts that happened outside CivicHub's channels. With caseReference it joins that case's timeline. An externalId already recorded on the channel is refused with 409.")
            .WithIdempotency();
    }

    private static async Task<Results<Created<Logged>, ProblemHttpResult>> LogAsync(
        LogInteraction.Request request, HttpContext http, LogInteraction log, CancellationToken cancellationToken)
    {
        var logged = await log.RunAsync(request, http.User.ToActor(), cancellationToken);
        if (!logged.Succeeded)
        {
            return logged.Problem!.ToHttp();
        }

        var interaction = logged.Value!;
        var reference = request.CaseReference is null ? null : CivicHub.Core.Cases.CaseReference.Normalize(request.CaseReference);
        return TypedResults.Created(
            $"/api/v1/citizens/{interaction.CitizenId}/timeline",
            new Logged(interaction.Id, interaction.CitizenId, reference, interaction.Channel, interaction.Direction, interaction.OccurredAt));
    }
}
