using CivicHub.Core.Cases;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Privacy.Audit;
using CivicHub.Server.Api.Idempotency;
using CivicHub.Server.Api.Privacy;
using CivicHub.Server.Api.Problems;
using CivicHub.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CivicHub.Server.Api.Cases;

/// <summary>Open cases, read them, and act on them: status, assignment, notes, priority.</summary>
public static class CaseEndpoints
{
    public static void MapCaseEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/cases").WithTags("Cases");
        var read = group.MapGroup("").RequireAuthorization(CivicClaims.StaffOrIntegrationPolicy);
        var act = group.MapGroup("").RequireAuthorization(CivicClaims.StaffPolicy).RequireVisibleCase();

        read.MapPost("/", CreateAsync)
            .WithSummary("Open a case with its first interaction")
            .WithDescription("For a known citizen (citizenId) or a new one (citizen). Form answers are checked against the service's form and completed from the citizen's record (tell us once).")
            .WithIdempotency();
        read.MapGet("/{reference}", GetAsync).WithSummary("A case in full, with its history");
        read.MapGet("/{reference}/timeline", TimelineAsync)
            .WithSummary("A case's timeline across every channel, newest first")
            .WithDescription("Cursor paging: pass nextCursor from one page as cursor to get the next.");
        act.MapPost("/{reference}/status", ChangeStatusAsync)
            .WithSummary("Move a case to another status")
            .WithDescription("submitted → triaged → in_progress → waiting_on_citizen → resolved → closed; resolved and closed cases can be reopened to in_progress.");
        act.MapPost("/{reference}/assignment", AssignAsync)
            .WithSummary("Assign a case to a member of staff or move it to another queue")
            .WithDescription("Agents and caseworkers may take a case themselves or let it go; supervisors and administrators may assign anyone.");
        act.MapPost("/{reference}/notes", AddNoteAsync).WithSummary("Add an internal note to a case");
        act.MapPost("/{reference}/priority", ChangePriorityAsync).WithSummary("Change a case's priority");
    }

    private static async Task<Results<Created<CaseCreated>, ProblemHttpResult>> CreateAsync(
        CreateCase.Request request, HttpContext http, CreateCase create, CancellationToken cancellationToken)
    {
        var created = await create.RunAsync(request, http.User.ToActor(), cancellationToken);
        return created.Succeeded
            ? TypedResults.Created($"/api/v1/cases/{created.Value!.Case.Reference}", CaseCreated.From(created.Value.Case))
            : created.Problem!.ToHttp();
    }

    private static async Task<Results<Ok<CaseDetail.View>, ProblemHttpResult>> GetAsync(
        string reference, CaseDetail detail, AuditTrail audit, CancellationToken cancellationToken)
    {
        var view = await detail.GetAsync(reference, cancellationToken);
        if (!view.Succeeded)
        {
            return view.Problem!.ToHttp();
        }

        await audit.RecordCaseReadAsync(await AuditScope.CurrentAsync(cancellationToken), view.Value!.Reference, AuditRecords.Case, cancellationToken);
        return TypedResults.Ok(view.Value);
    }

    private static async Task<Results<Ok<TimelinePage>, ProblemHttpResult>> TimelineAsync(
        string reference, string? cursor, int? limit, Timeline timeline, AuditTrail audit, CancellationToken cancellationToken)
    {
        var page = await timeline.ForCaseAsync(reference, cursor, limit, cancellationToken);
        if (!page.Succeeded)
        {
            return page.Problem!.ToHttp();
        }

        await audit.RecordCaseReadAsync(await AuditScope.CurrentAsync(cancellationToken), reference, AuditRecords.Timeline, cancellationToken);
        return TypedResults.Ok(page.Value);
    }

    private static Task<Results<Ok<CaseDetail.View>, ProblemHttpResult>> ChangeStatusAsync(
        string reference, CaseActions.StatusRequest request, HttpContext http, CaseActions actions, CaseDetail detail, CancellationToken cancellationToken) =>
        AfterAsync(actions.ChangeStatusAsync(reference, request, http.User.ToActor(), cancellationToken), detail, cancellationToken);

    private static Task<Results<Ok<CaseDetail.View>, ProblemHttpResult>> AssignAsync(
        string reference, CaseActions.AssignRequest request, HttpContext http, CaseActions actions, CaseDetail detail, CancellationToken cancellationToken) =>
        AfterAsync(actions.AssignAsync(reference, request, http.User.ToActor(), cancellationToken), detail, cancellationToken);

    private static Task<Results<Ok<CaseDetail.View>, ProblemHttpResult>> AddNoteAsync(
        string reference, CaseActions.NoteRequest request, HttpContext http, CaseActions actions, CaseDetail detail, CancellationToken cancellationToken) =>
        AfterAsync(actions.AddNoteAsync(reference, request, http.User.ToActor(), cancellationToken), detail, cancellationToken);

    private static Task<Results<Ok<CaseDetail.View>, ProblemHttpResult>> ChangePriorityAsync(
        string reference, CaseActions.PriorityRequest request, HttpContext http, CaseActions actions, CaseDetail detail, CancellationToken cancellationToken) =>
        AfterAsync(actions.ChangePriorityAsync(reference, request, http.User.ToActor(), cancellationToken), detail, cancellationToken);

    /// <summary>Answers an action with the case as it now stands.</summary>
    private static async Task<Results<Ok<CaseDetail.View>, ProblemHttpResult>> AfterAsync(
        Task<Outcome<Case>> action, CaseDetail detail, CancellationToken cancellationToken)
    {
        var done = await action;
        if (!done.Succeeded)
        {
            return done.Problem!.ToHttp();
        }

        var view = await detail.GetAsync(done.Value!.Reference, cancellationToken);
        return TypedResults.Ok(view.Value);
    }
}
