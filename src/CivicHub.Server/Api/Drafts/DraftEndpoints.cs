using CivicHub.Core.Drafts;
using CivicHub.Core.Privacy.Audit;
using CivicHub.Server.Api.Audit;
using CivicHub.Server.Api.Cases;
using CivicHub.Server.Api.Idempotency;
using CivicHub.Server.Api.Problems;
using CivicHub.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CivicHub.Server.Api.Drafts;

/// <summary>Applications in progress that any channel can resume: the citizen online, an agent on the phone.</summary>
public static class DraftEndpoints
{
    public sealed record Submitted(DraftView.View Draft, CaseCreated Case);

    public static void MapDraftEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/drafts").WithTags("Drafts").RequireAuthorization(CivicClaims.StaffPolicy);
        group.MapGet("/", ListAsync).WithSummary("A citizen's drafts").WithDescription("Open drafts only unless all=true.");
        group.MapPost("/", StartAsync).WithSummary("Start a draft application").WithIdempotency();
        group.MapGet("/{id:guid}", GetAsync)
            .WithSummary("A draft with its form, answers, what the citizen's record prefills and what is missing");
        group.MapPut("/{id:guid}", SaveAsync)
            .WithSummary("Save answers to a draft")
            .WithDescription("Answers are merged; null or an empty string clears a field. Pass version to refuse the save if someone else changed the draft meanwhile.");
        group.MapPost("/{id:guid}/submit", SubmitAsync).WithSummary("Submit a draft: it becomes a case").WithIdempotency();
        group.MapDelete("/{id:guid}", AbandonAsync).WithSummary("Abandon a draft");
    }

    private static async Task<Results<Ok<IReadOnlyList<DraftSummary>>, ProblemHttpResult>> ListAsync(
        Guid? citizenId, bool? all, DraftView views, CancellationToken cancellationToken)
    {
        if (citizenId is null)
        {
            return OutcomeHttp.Invalid(new Dictionary<string, string[]> { ["citizenId"] = ["This field is required."] });
        }

        return TypedResults.Ok(await views.ForCitizenAsync(citizenId.Value, openOnly: all != true, cancellationToken));
    }

    private static async Task<Results<Created<DraftView.View>, ProblemHttpResult>> StartAsync(
        DraftActions.StartRequest request, HttpContext http, DraftActions drafts, CancellationToken cancellationToken)
    {
        var started = await drafts.StartAsync(request, http.User.ToActor(), cancellationToken);
        return started.Succeeded ? TypedResults.Created($"/api/v1/drafts/{started.Value!.Id}", started.Value) : started.Problem!.ToHttp();
    }

    private static async Task<Results<Ok<DraftView.View>, ProblemHttpResult>> GetAsync(
        Guid id, HttpContext http, DraftView views, AuditTrail audit, CancellationToken cancellationToken)
    {
        var view = await views.GetAsync(id, http.User.ToActor(), cancellationToken);
        if (!view.Succeeded)
        {
            return view.Problem!.ToHttp();
        }

        if (AuditSources.IsRecorded(AuditScope.Actor))
        {
            await audit.RecordReadAsync(await AuditScope.CurrentAsync(cancellationToken), view.Value!.CitizenId, AuditRecords.Draft, id.ToString("D"), cancellationToken);
        }

        return TypedResults.Ok(view.Value);
    }

    private static async Task<Results<Ok<DraftView.View>, ProblemHttpResult>> SaveAsync(
        Guid id, DraftActions.SaveRequest request, HttpContext http, DraftActions drafts, CancellationToken cancellationToken)
    {
        var saved = await drafts.SaveAsync(id, request, http.User.ToActor(), cancellationToken);
        return saved.Succeeded ? TypedResults.Ok(saved.Value) : saved.Problem!.ToHttp();
    }

    private static async Task<Results<Created<Submitted>, ProblemHttpResult>> SubmitAsync(
        Guid id, DraftActions.SubmitRequest request, HttpContext http, DraftActions drafts, CancellationToken cancellationToken)
    {
        var submitted = await drafts.SubmitAsync(id, request, http.User.ToActor(), cancellationToken);
        if (!submitted.Succeeded)
        {
            return submitted.Problem!.ToHttp();
        }

        var (draft, @case) = submitted.Value;
        return TypedResults.Created($"/api/v1/cases/{@case.Reference}", new Submitted(draft, CaseCreated.From(@case)));
    }

    private static async Task<Results<Ok<DraftView.View>, ProblemHttpResult>> AbandonAsync(
        Guid id, HttpContext http, DraftActions drafts, CancellationToken cancellationToken)
    {
        var abandoned = await drafts.AbandonAsync(id, http.User.ToActor(), cancellationToken);
        return abandoned.Succeeded ? TypedResults.Ok(abandoned.Value) : abandoned.Problem!.ToHttp();
    }
}
