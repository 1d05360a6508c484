using System.Text.Json;
using CivicHub.Core.Data;
using CivicHub.Core.Imports;
using CivicHub.Core.Staff;
using CivicHub.Server.Api.Problems;
using CivicHub.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Server.Api.Imports;

/// <summary>Bulk import of a department's list of people, its progress, its links and undoing a link.</summary>
public static class ImportEndpoints
{
    public sealed record ImportView(
        Guid Id, string Source, ImportStatus Status, int Processed, int Linked, int Reviews, int Created, int Skipped, int Failed,
        IReadOnlyList<ImportRowError> Errors, string StartedBy, DateTime StartedAt, DateTime? FinishedAt);

    /// <summary>A link; evidence is null and withheld names contact_details when the reader may not see the citizen's details.</summary>
    public sealed record LinkView(
        Guid Id, Guid? ImportId, int Line, string Source, string? SourceRecordId, Guid CitizenId, Guid RecordCitizenId, double Score,
        JsonElement? Evidence, LinkDecision Decision, string DecidedBy, DateTime DecidedAt, IReadOnlyList<string> Withheld);

    public static IServiceCollection AddCitizenImports(this IServiceCollection services)
    {
        services.AddSingleton<ImportQueue>();
        services.AddHostedService<ImportWorker>();
        return services;
    }

    public static void MapImportEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/imports").WithTags("Imports").RequireAuthorization(CivicClaims.StaffPolicy);
        var supervisors = group.MapGroup("").AddEndpointFilter(async (context, next) =>
            context.HttpContext.User.ToActor().IsStaff(StaffRole.Supervisor, StaffRole.Administrator)
                ? await next(context)
                : OutcomeHttp.Problem(StatusCodes.Status403Forbidden, "Forbidden", "Only supervisors and administrators may import citizens."));

        supervisors.MapPost("/", StartAsync)
            .WithSummary("Import a list of people")
            .WithDescription("The body is a CSV file (text/csv, or multipart/form-data with one file) whose first line names the columns. "
                + "source names the department system; each map entry is column=field (given_name, family_name, date_of_birth, phone, email, "
                + "address_line1, address_line2, street_number, street, locality, city, region, postcode, external_id, national_id). "
                + "Answers 202 with the import; follow its Location for progress, links, reviews and rows refused with their line numbers.");
        supervisors.MapGet("/{id:guid}", GetAsync).WithSummary("An import's progress and results");
        supervisors.MapGet("/{id:guid}/links", LinksAsync).WithSummary("The records of an import and the citizen each belongs to, with score and evidence");
        group.MapPost("/links/{linkId:guid}/undo", UndoAsync)
            .WithSummary("Undo a link: the record becomes a citizen of its own again with everything the link moved");
    }

    private static async Task<Results<Accepted<ImportView>, ProblemHttpResult>> StartAsync(
        [FromQuery] string? source, [FromQuery] string[]? map, HttpRequest request, ImportCitizens imports, ImportQueue queue, CivicHubDb db, CancellationToken cancellationToken)
    {
        string csv;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            if (form.Files.Count != 1)
            {
                return OutcomeHttp.Invalid(new Dictionary<string, string[]> { ["file"] = ["Send exactly one CSV file."] });
            }

            using var fileReader = new StreamReader(form.Files[0].OpenReadStream());
            csv = await fileReader.ReadToEndAsync(cancellationToken);
        }
        else
        {
            using var bodyReader = new StreamReader(request.Body);
            csv = await bodyReader.ReadToEndAsync(cancellationToken);
        }

        var header = csv.Split('\n', 2)[0].TrimEnd('\r');
        var started = await imports.StartAsync(new ImportCitizens.Request(source, map), header.Length == 0 ? null : header, request.HttpContext.User.ToActor(), cancellationToken);
        if (!started.Succeeded)
        {
            return started.Problem!.ToHttp();
        }

        var import = started.Value!;
        if (!queue.TryEnqueue(import.Id, csv))
        {
            await db.CitizenImports.Where(i => i.Id == import.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ImportStatus.Failed), cancellationToken);
            return OutcomeHttp.Problem(StatusCodes.Status503ServiceUnavailable, "Too many imports waiting", "Try again when the imports already queued have finished.");
        }

        return TypedResults.Accepted($"/api/v1/imports/{import.Id}", View(import));
    }

    private static async Task<Results<Ok<ImportView>, ProblemHttpResult>> GetAsync(Guid id, CivicHubDb db, CancellationToken cancellationToken)
    {
        var import = await db.CitizenImports.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        return import is null ? OutcomeHttp.Problem(StatusCodes.Status404NotFound, "Not found", "No import has that id.") : TypedResults.Ok(View(import));
    }

    private static async Task<Results<Ok<List<LinkView>>, ProblemHttpResult>> LinksAsync(
        Guid id, LinkDecision? decision, int? offset, int? limit, ImportLinks links, CancellationToken cancellationToken)
    {
        var listed = await links.ListAsync(id, decision, offset, limit, cancellationToken);
        return listed.Succeeded ? TypedResults.Ok(listed.Value!.Select(i => View(i.Link, i.Withheld)).ToList()) : listed.Problem!.ToHttp();
    }

    private static async Task<Results<Ok<LinkView>, ProblemHttpResult>> UndoAsync(
        Guid linkId, HttpContext http, UndoSourceLink undo, CancellationToken cancellationToken)
    {
        var undone = await undo.RunAsync(linkId, http.User.ToActor(), cancellationToken);
        return undone.Succeeded ? TypedResults.Ok(View(undone.Value!, [])) : undone.Problem!.ToHttp();
    }

    private static ImportView View(CitizenImport i) => new(
        i.Id, i.Source, i.Status, i.Processed, i.Linked, i.Reviews, i.Created, i.Skipped, i.Failed,
        JsonSerializer.Deserialize<List<ImportRowError>>(i.Errors, CivicHubJson) ?? [], i.StartedBy, i.StartedAt, i.FinishedAt);

    private static LinkView View(SourceRecordLink l, IReadOnlyList<string> withheld) => new(
        l.Id, l.ImportId, l.Line, l.Source, l.SourceRecordId, l.CitizenId, l.RecordCitizenId, l.Score,
        l.Evidence is null ? null : JsonDocument.Parse(l.Evidence).RootElement.Clone(), l.Decision, l.DecidedBy, l.DecidedAt, withheld);

    private static readonly JsonSerializerOptions CivicHubJson = new(JsonSerializerDefaults.Web);
}
