using CivicHub.Core.Webhooks;
using CivicHub.Server.Api.Problems;
using CivicHub.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CivicHub.Server.Api.Webhooks;

/// <summary>Subscriptions to CivicHub's events for department systems, and their delivery logs.</summary>
public static class WebhookEndpoints
{
    public static void MapWebhookEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/webhooks").WithTags("Webhooks").RequireAuthorization(CivicClaims.IntegrationOrAdministratorPolicy);
        group.MapPost("/", CreateAsync)
            .WithSummary("Subscribe to events")
            .WithDescription("Returns the signing secret once. Deliveries are POSTed as JSON with the Standard Webhooks headers webhook-id, webhook-timestamp and webhook-signature (v1, HMAC-SHA256 over \"{id}.{timestamp}.{body}\"); see the API guide.");
        group.MapGet("/", async (HttpContext http, ManageWebhooks webhooks, CancellationToken cancellationToken) =>
            TypedResults.Ok(await webhooks.ListAsync(http.User.ToActor(), cancellationToken))).WithSummary("Your subscriptions");
        group.MapDelete("/{id:guid}", DeleteAsync).WithSummary("Remove a subscription and its pending deliveries");
        group.MapGet("/{id:guid}/deliveries", DeliveriesAsync).WithSummary("The delivery log: the latest 200 attempts' outcomes");
        group.MapPost("/{id:guid}/retry", RetryAsync).WithSummary("Queue failed deliveries again and reactivate the subscription");
    }

    private static async Task<Results<Created<ManageWebhooks.Created>, ProblemHttpResult>> CreateAsync(
        ManageWebhooks.CreateRequest request, HttpContext http, ManageWebhooks webhooks, CancellationToken cancellationToken)
    {
        var created = await webhooks.CreateAsync(request, http.User.ToActor(), cancellationToken);
        return created.Succeeded
            ? TypedResults.Created($"/api/v1/webhooks/{created.Value!.Subscription.Id}", created.Value)
            : created.Problem!.ToHttp();
    }

    private static async Task<Results<Ok<ManageWebhooks.SubscriptionView>, ProblemHttpResult>> DeleteAsync(
        Guid id, HttpContext http, ManageWebhooks webhooks, CancellationToken cancellationToken)
    {
        var deleted = await webhooks.DeleteAsync(id, http.User.ToActor(), cancellationToken);
        return deleted.Succeeded ? TypedResults.Ok(deleted.Value) : deleted.Problem!.ToHttp();
    }

    private static async Task<Results<Ok<IReadOnlyList<ManageWebhooks.DeliveryView>>, ProblemHttpResult>> DeliveriesAsync(
        Guid id, DeliveryStatus? status, HttpContext http, ManageWebhooks webhooks, CancellationToken cancellationToken)
    {
        var deliveries = await webhooks.DeliveriesAsync(id, status, http.User.ToActor(), cancellationToken);
        return deliveries.Succeeded ? TypedResults.Ok(deliveries.Value) : deliveries.Problem!.ToHttp();
    }

    private static async Task<Results<Ok<int>, ProblemHttpResult>> RetryAsync(
        Guid id, HttpContext http, ManageWebhooks webhooks, CancellationToken cancellationToken)
    {
        var retried = await webhooks.RetryFailedAsync(id, http.User.ToActor(), cancellationToken);
        return retried.Succeeded ? TypedResults.Ok(retried.Value) : retried.Problem!.ToHttp();
    }
}
