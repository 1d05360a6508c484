using CivicHub.Server.Api.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CivicHub.Server.Auth.RelyingParties;

/// <summary>Administrators register the applications citizens sign in to with CivicHub (OpenID Connect relying parties).</summary>
public static class RelyingPartyEndpoints
{
    public static void MapRelyingPartyEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/relying-parties").WithTags("Relying parties").RequireAuthorization(CivicClaims.AdministratorPolicy);
        group.MapGet("/", async (RelyingPartyRegistry registry, CancellationToken cancellationToken) =>
            TypedResults.Ok(await registry.ListAsync(cancellationToken))).WithSummary("Every relying party, CivicHub's own included");
        group.MapGet("/{clientId}", GetAsync).WithSummary("One relying party");
        group.MapPost("/", CreateAsync)
            .WithSummary("Register a relying party")
            .WithDescription("A confidential party's client secret is in the response this once; CivicHub keeps only a hash.");
        group.MapPut("/{clientId}", UpdateAsync)
            .WithSummary("Replace a relying party's registration")
            .WithDescription("The client id cannot change. A party that becomes confidential gets a secret in the response; an existing secret is kept.");
        group.MapDelete("/{clientId}", DeleteAsync).WithSummary("Remove a relying party; its consents and tokens go with it");
    }

    private static async Task<Results<Ok<RelyingPartyView>, ProblemHttpResult>> GetAsync(
        string clientId, RelyingPartyRegistry registry, CancellationToken cancellationToken)
    {
        var found = await registry.GetAsync(clientId, cancellationToken);
        return found.Succeeded ? TypedResults.Ok(found.Value) : found.Problem!.ToHttp();
    }

    private static async Task<Results<Created<RelyingPartySaved>, ProblemHttpResult>> CreateAsync(
        RelyingPartyRequest request, RelyingPartyRegistry registry, CancellationToken cancellationToken)
    {
        var created = await registry.CreateAsync(request, cancellationToken);
        return created.Succeeded
            ? TypedResults.Created($"/api/v1/relying-parties/{Uri.EscapeDataString(created.Value!.RelyingParty.ClientId)}", created.Value)
            : created.Problem!.ToHttp();
    }

    private static async Task<Results<Ok<RelyingPartySaved>, ProblemHttpResult>> UpdateAsync(
        string clientId, RelyingPartyRequest request, RelyingPartyRegistry registry, CancellationToken cancellationToken)
    {
        var updated = await registry.UpdateAsync(clientId, request, cancellationToken);
        return updated.Succeeded ? TypedResults.Ok(updated.Value) : updated.Problem!.ToHttp();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string clientId, RelyingPartyRegistry registry, CancellationToken cancellationToken)
    {
        var deleted = await registry.DeleteAsync(clientId, cancellationToken);
        return deleted.Succeeded ? TypedResults.NoContent() : deleted.Problem!.ToHttp();
    }
}
