using CivicHub.Core.Open311;
using CivicHub.Server.Api.Problems;
using CivicHub.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CivicHub.Server.Open311;

/// <summary>Administrators issue, list and revoke the api_keys that Open311 clients submit requests with.</summary>
public static class ApiKeyEndpoints
{
    public static void MapOpen311KeyEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/open311-keys").WithTags("Open311 keys").RequireAuthorization(CivicClaims.StaffPolicy);
        group.MapPost("/", CreateAsync)
            .WithSummary("Issue an Open311 api_key (administrators)")
            .WithDescription("The key is in the answer once and never again: only its SHA-256 hash is stored. channel (default mobile) is the channel its requests arrive on.");
        group.MapGet("/", ListAsync).WithSummary("Open311 api_keys, without the keys themselves (administrators)");
        group.MapPost("/{id:guid}/revoke", RevokeAsync).WithSummary("Revoke an Open311 api_key at once (administrators)");
    }

    private static async Task<Results<Created<ApiKeys.Created>, ProblemHttpResult>> CreateAsync(
        ApiKeys.CreateRequest request, HttpContext http, ApiKeys keys, CancellationToken cancellationToken)
    {
        var created = await keys.CreateAsync(request, http.User.ToActor(), cancellationToken);
        return created.Succeeded
            ? TypedResults.Created($"/api/v1/open311-keys/{created.Value!.Key.Id}", created.Value)
            : created.Problem!.ToHttp();
    }

    private static async Task<Results<Ok<IReadOnlyList<ApiKeys.View>>, ProblemHttpResult>> ListAsync(
        HttpContext http, ApiKeys keys, CancellationToken cancellationToken)
    {
        var list = await keys.ListAsync(http.User.ToActor(), cancellationToken);
        return list.Succeeded ? TypedResults.Ok(list.Value) : list.Problem!.ToHttp();
    }

    private static async Task<Results<Ok<ApiKeys.View>, ProblemHttpResult>> RevokeAsync(
        Guid id, HttpContext http, ApiKeys keys, CancellationToken cancellationToken)
    {
        var revoked = await keys.RevokeAsync(id, http.User.ToActor(), cancellationToken);
        return revoked.Succeeded ? TypedResults.Ok(revoked.Value) : revoked.Problem!.ToHttp();
    }
}
