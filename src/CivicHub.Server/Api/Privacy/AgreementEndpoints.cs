using CivicHub.Core.Privacy.Agreements;
using CivicHub.Server.Api.Problems;
using CivicHub.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CivicHub.Server.Api.Privacy;

/// <summary>Data-sharing agreements (administrators) and citizens' consents to them (staff recording what a citizen said).</summary>
public static class AgreementEndpoints
{
    public static void MapAgreementEndpoints(this IEndpointRouteBuilder api)
    {
        var agreements = api.MapGroup("/agreements").WithTags("Privacy").RequireAuthorization(CivicClaims.StaffPolicy);
        agreements.MapGet("/", ListAsync).WithSummary("Every data-sharing agreement (administrators)");
        agreements.MapGet("/{id:guid}", GetAsync).WithSummary("One data-sharing agreement (administrators)");
        agreements.MapPost("/", CreateAsync)
            .WithSummary("Write a data-sharing agreement (administrators)")
            .WithDescription("Recipient departments may see the categories of the provider departments' data (or all departments') for the purpose, on the legal basis, between validFrom and validUntil, once status is active; with requiresConsent only for citizens who consented.");
        agreements.MapPut("/{id:guid}", UpdateAsync).WithSummary("Rewrite a data-sharing agreement; end it with status ended (administrators)");

        var consents = api.MapGroup("/citizens/{id:guid}/consents").WithTags("Privacy").RequireAuthorization(CivicClaims.StaffPolicy);
        consents.MapGet("/", ConsentsAsync).WithSummary("The agreements in force that need this citizen's consent, and whether it is given");
        consents.MapPost("/", GiveAsync)
            .WithSummary("Record a citizen's consent to an agreement")
            .WithDescription("For a consent given by phone or at a counter; channel says which (default phone). Giving it again changes nothing.");
        consents.MapDelete("/{agreementId:guid}", WithdrawAsync).WithSummary("Record that a citizen withdrew a consent");
    }

    private static async Task<Results<Ok<IReadOnlyList<ManageAgreements.View>>, ProblemHttpResult>> ListAsync(
        HttpContext http, ManageAgreements agreements, CancellationToken cancellationToken)
    {
        var list = await agreements.ListAsync(http.User.ToActor(), cancellationToken);
        return list.Succeeded ? TypedResults.Ok(list.Value) : list.Problem!.ToHttp();
    }

    private static async Task<Results<Ok<ManageAgreements.View>, ProblemHttpResult>> GetAsync(
        Guid id, HttpContext http, ManageAgreements agreements, CancellationToken cancellationToken)
    {
        var view = await agreements.GetAsync(id, http.User.ToActor(), cancellationToken);
        return view.Succeeded ? TypedResults.Ok(view.Value) : view.Problem!.ToHttp();
    }

    private static async Task<Results<Created<ManageAgreements.View>, ProblemHttpResult>> CreateAsync(
        ManageAgreements.Input input, HttpContext http, ManageAgreements agreements, CancellationToken cancellationToken)
    {
        var saved = await agreements.SaveAsync(null, input, http.User.ToActor(), cancellationToken);
        return saved.Succeeded ? TypedResults.Created($"/api/v1/agreements/{saved.Value!.Id}", saved.Value) : saved.Problem!.ToHttp();
    }

    private static async Task<Results<Ok<ManageAgreements.View>, ProblemHttpResult>> UpdateAsync(
        Guid id, ManageAgreements.Input input, HttpContext http, ManageAgreements agreements, CancellationToken cancellationToken)
    {
        var saved = await agreements.SaveAsync(id, input, http.User.ToActor(), cancellationToken);
        return saved.Succeeded ? TypedResults.Ok(saved.Value) : saved.Problem!.ToHttp();
    }

    private static async Task<Results<Ok<IReadOnlyList<CitizenConsents.Item>>, ProblemHttpResult>> ConsentsAsync(
        Guid id, CitizenConsents consents, CancellationToken cancellationToken)
    {
        var list = await consents.ListAsync(id, cancellationToken);
        return list.Succeeded ? TypedResults.Ok(list.Value) : list.Problem!.ToHttp();
    }

    private static async Task<Results<Ok<CitizenConsents.Item>, ProblemHttpResult>> GiveAsync(
        Guid id, CitizenConsents.Request request, HttpContext http, CitizenConsents consents, CancellationToken cancellationToken)
    {
        var given = await consents.GiveAsync(id, request, http.User.ToActor(), cancellationToken);
        return given.Succeeded ? TypedResults.Ok(given.Value) : given.Problem!.ToHttp();
    }

    private static async Task<Results<Ok<CitizenConsents.Item>, ProblemHttpResult>> WithdrawAsync(
        Guid id, Guid agreementId, CitizenConsents consents, CancellationToken cancellationToken)
    {
        var withdrawn = await consents.WithdrawAsync(id, agreementId, cancellationToken);
        return withdrawn.Succeeded ? TypedResults.Ok(withdrawn.Value) : withdrawn.Problem!.ToHttp();
    }
}
