using CivicHub.Core.Outreach.Preferences;
using CivicHub.Core.Outreach.Replies;
using CivicHub.Core.Outreach.Templates;
using CivicHub.Core.Privacy.Audit;
using CivicHub.Server.Api.Idempotency;
using CivicHub.Server.Api.Privacy;
using CivicHub.Server.Api.Problems;
using CivicHub.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CivicHub.Server.Api.Outreach;

/// <summary>Telling citizens things: agents' replies, reminders, the messages sent, contact preferences and the templates.</summary>
public static class OutreachEndpoints
{
    public static void MapOutreachEndpoints(this IEndpointRouteBuilder api)
    {
        var cases = api.MapGroup("/cases").WithTags("Outreach").RequireAuthorization(CivicClaims.StaffPolicy).RequireVisibleCase();
        cases.MapPost("/{reference}/replies", ReplyAsync)
            .WithSummary("Reply to the citizen of a case")
            .WithDescription("Queues the text for sending. Without channel it goes on the channel the citizen last wrote on about this case, when that can still reach them, else by their preferences.")
            .WithIdempotency();
        cases.MapPost("/{reference}/reminders", RemindAsync)
            .WithSummary("Remind the citizen of an appointment")
            .WithDescription("On the citizen's preferred channel, in their language and time zone; SMS waits for the end of their quiet hours.")
            .WithIdempotency();
        cases.MapGet("/{reference}/messages", CaseMessagesAsync).WithSummary("Messages sent or queued about a case, newest first");

        var citizens = api.MapGroup("/citizens").WithTags("Outreach").RequireAuthorization(CivicClaims.StaffPolicy).RequireCitizenContactDetails();
        citizens.MapGet("/{id:guid}/messages", CitizenMessagesAsync).WithSummary("Messages sent or queued to a citizen, newest first");
        citizens.MapGet("/{id:guid}/preferences", PreferencesAsync).WithSummary("A citizen's contact preferences");
        citizens.MapPut("/{id:guid}/preferences", UpdatePreferencesAsync)
            .WithSummary("Replace a citizen's contact preferences")
            .WithDescription("Language, channels in order of preference, and quiet hours (start and end as HH:mm local time, IANA time zone); quietHours null uses the jurisdiction's.");

        var templates = api.MapGroup("/outreach/templates").WithTags("Outreach").RequireAuthorization(CivicClaims.StaffPolicy);
        templates.MapGet("/", ListTemplatesAsync).WithSummary("Every message template in use (administrators)");
        templates.MapGet("/{kind}/{variant}/{language}", GetTemplateAsync).WithSummary("One message template (administrators)");
        templates.MapPut("/{kind}/{variant}/{language}", PutTemplateAsync)
            .WithSummary("Override one message template (administrators)")
            .WithDescription("Liquid for body, and for the email variant subject and htmlBody. Liquid that does not parse is refused, naming the field.");
        templates.MapDelete("/{kind}/{variant}/{language}", DeleteTemplateAsync).WithSummary("Remove an override: the shipped template applies again (administrators)");
    }

    private static async Task<Results<Created<MessageView>, ProblemHttpResult>> ReplyAsync(
        string reference, SendReply.Request request, HttpContext http, SendReply reply, CancellationToken cancellationToken)
    {
        var sent = await reply.RunAsync(reference, request, http.User.ToActor(), cancellationToken);
        return sent.Succeeded ? TypedResults.Created($"/api/v1/cases/{sent.Value!.CaseReference}/messages", sent.Value) : sent.Problem!.ToHttp();
    }

    private static async Task<Results<Created<MessageView>, ProblemHttpResult>> RemindAsync(
        string reference, SendReminder.Request request, HttpContext http, SendReminder remind, CancellationToken cancellationToken)
    {
        var sent = await remind.RunAsync(reference, request, http.User.ToActor(), cancellationToken);
        return sent.Succeeded ? TypedResults.Created($"/api/v1/cases/{sent.Value!.CaseReference}/messages", sent.Value) : sent.Problem!.ToHttp();
    }

    private static async Task<Results<Ok<IReadOnlyList<MessageView>>, ProblemHttpResult>> CaseMessagesAsync(
        string reference, MessageHistory history, AuditTrail audit, CancellationToken cancellationToken)
    {
        var list = await history.ForCaseAsync(reference, cancellationToken);
        if (!list.Succeeded)
        {
            return list.Problem!.ToHttp();
        }

        await audit.RecordCaseReadAsync(await AuditScope.CurrentAsync(cancellationToken), reference, AuditRecords.Messages, cancellationToken);
        return TypedResults.Ok(list.Value);
    }

    private static async Task<Results<Ok<IReadOnlyList<MessageView>>, ProblemHttpResult>> CitizenMessagesAsync(
        Guid id, MessageHistory history, AuditTrail audit, CancellationToken cancellationToken)
    {
        var list = await history.ForCitizenAsync(id, cancellationToken);
        if (!list.Succeeded)
        {
            return list.Problem!.ToHttp();
        }

        await audit.RecordReadAsync(await AuditScope.CurrentAsync(cancellationToken), id, AuditRecords.Messages, id.ToString("D"), cancellationToken);
        return TypedResults.Ok(list.Value);
    }

    private static async Task<Results<Ok<PreferencesView>, ProblemHttpResult>> PreferencesAsync(
        Guid id, UpdatePreferences preferences, AuditTrail audit, CancellationToken cancellationToken)
    {
        var view = await preferences.GetAsync(id, cancellationToken);
        if (!view.Succeeded)
        {
            return view.Problem!.ToHttp();
        }

        await audit.RecordReadAsync(await AuditScope.CurrentAsync(cancellationToken), id, AuditRecords.Preferences, id.ToString("D"), cancellationToken);
        return TypedResults.Ok(view.Value);
    }

    private static async Task<Results<Ok<PreferencesView>, ProblemHttpResult>> UpdatePreferencesAsync(
        Guid id, UpdatePreferences.Request request, UpdatePreferences preferences, CancellationToken cancellationToken)
    {
        var view = await preferences.RunAsync(id, request, cancellationToken);
        return view.Succeeded ? TypedResults.Ok(view.Value) : view.Problem!.ToHttp();
    }

    private static async Task<Results<Ok<IReadOnlyList<TemplateView>>, ProblemHttpResult>> ListTemplatesAsync(
        HttpContext http, ManageTemplates templates, CancellationToken cancellationToken)
    {
        var list = await templates.ListAsync(http.User.ToActor(), cancellationToken);
        return list.Succeeded ? TypedResults.Ok(list.Value) : list.Problem!.ToHttp();
    }

    private static async Task<Results<Ok<TemplateView>, ProblemHttpResult>> GetTemplateAsync(
        string kind, string variant, string language, HttpContext http, ManageTemplates templates, CancellationToken cancellationToken)
    {
        var view = await templates.GetAsync(kind, variant, language, http.User.ToActor(), cancellationToken);
        return view.Succeeded ? TypedResults.Ok(view.Value) : view.Problem!.ToHttp();
    }

    private static async Task<Results<Ok<TemplateView>, ProblemHttpResult>> PutTemplateAsync(
        string kind, string variant, string language, ManageTemplates.Request request, HttpContext http, ManageTemplates templates, CancellationToken cancellationToken)
    {
        var view = await templates.PutAsync(kind, variant, language, request, http.User.ToActor(), cancellationToken);
        return view.Succeeded ? TypedResults.Ok(view.Value) : view.Problem!.ToHttp();
    }

    private static async Task<Results<Ok<TemplateView>, ProblemHttpResult>> DeleteTemplateAsync(
        string kind, string variant, string language, HttpContext http, ManageTemplates templates, CancellationToken cancellationToken)
    {
        var view = await templates.DeleteAsync(kind, variant, language, http.User.ToActor(), cancellationToken);
        return view.Succeeded ? TypedResults.Ok(view.Value) : view.Problem!.ToHttp();
    }
}
