using System.Text.Json;
using CivicHub.Core.Access;
using CivicHub.Core.Catalog;
using CivicHub.Core.Citizens;
using CivicHub.Core.Data;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outcomes;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Cases;

/// <summary>Opens a case for a known or a new citizen, with its first interaction on the channel it came in on.</summary>
public sealed class CreateCase(CivicHubDb db, CatalogSnapshot catalog, CaseOpener opener, CreateCitizen createCitizen, CaseRows rows, CaseCitizens citizens, TimeProvider time)
{
    public sealed record Request(
        Guid? CitizenId,
        CreateCitizen.Request? Citizen,
        string? ServiceCode,
        Channel? Channel,
        string? Description,
        string? Title,
        CasePriority? Priority,
        Dictionary<string, JsonElement>? Answers,
        double? Latitude,
        double? Longitude,
        string? Address,
        DateTime? OccurredAt);

    public async Task<Outcome<OpenedCase>> RunAsync(Request request, Actor actor, CancellationToken cancellationToken)
    {
        var snapshot = await catalog.GetAsync(cancellationToken);
        var errors = new ValidationErrors();
        if (request.CitizenId is null == request.Citizen is null)
        {
            errors.Add("citizenId", "Give either citizenId for a known citizen or citizen to register a new one.");
        }

        if (request.Channel is null)
        {
            errors.Add("channel", "This field is required.");
        }

        errors.Text("description", request.Description, 10_000).Text("title", request.Title, 200, required: false)
            .Text("address", request.Address, 500, required: false);
        var service = snapshot.ServiceByCode(request.ServiceCode);
        if (request.ServiceCode is not null && service is not { Active: true })
        {
            errors.Add("serviceCode", "No active service has that code.");
        }

        if (request.Latitude is < -90 or > 90)
        {
            errors.Add("latitude", "Must be between -90 and 90.");
        }

        if (request.Longitude is < -180 or > 180)
        {
            errors.Add("longitude", "Must be between -180 and 180.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (request.OccurredAt is { } occurred && (occurred.ToUniversalTime() > now.AddMinutes(5) || occurred.Year < 2000))
        {
            errors.Add("occurredAt", "Must be a time in the past.");
        }

        Dictionary<string, string> answers = [];
        if (service is not null)
        {
            answers = FormAnswers.Validate(service, request.Answers, errors);
        }
        else if (request.Answers is { Count: > 0 })
        {
            errors.Add("answers", "Answers need a serviceCode whose form they answer.");
        }

        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        Citizen? citizen;
        if (request.Citizen is { } newCitizen)
        {
            var created = await createCitizen.RunAsync(newCitizen, actor, cancellationToken);
            if (!created.Succeeded)
            {
                return Prefixed(created.Problem!, "citizen");
            }

            citizen = created.Value!;
        }
        else
        {
            citizen = await FindAsync(request.CitizenId!.Value, service, cancellationToken);
            if (citizen is null)
            {
                return OutcomeProblem.Invalid("citizenId", "No citizen has that id.");
            }

            if (citizen.MergedIntoId is { } mergedInto)
            {
                return OutcomeProblem.Invalid("citizenId", $"That record was merged into citizen {mergedInto}.");
            }
        }

        if (service is not null)
        {
            answers = Prefill.Apply(service, answers, Prefill.From(citizen, citizen.Identities));
            FormAnswers.RequireComplete(service, answers, errors);
            if (errors.Any)
            {
                return OutcomeProblem.Invalid(errors);
            }
        }

        var opened = await opener.BuildAsync(
            new CaseOpening(citizen.Id, service, null, request.Channel!.Value, request.Description!.Trim(), request.OccurredAt?.ToUniversalTime() ?? now)
            {
                Title = request.Title?.Trim(),
                Answers = service is null ? null : FormAnswers.Serialize(answers),
                Priority = request.Priority ?? CasePriority.Normal,
                Latitude = request.Latitude,
                Longitude = request.Longitude,
                LocationAddress = request.Address?.Trim(),
            },
            actor,
            cancellationToken);
        if (!opened.Succeeded)
        {
            return opened.Problem!;
        }

        await SaveAsync(opened.Value!, cancellationToken);
        return opened.Value!;
    }

    /// <summary>
    /// Saves the case's rows in one transaction. On PostgreSQL the rows of a case for a known citizen are written by
    /// hand (<see cref="CaseRows"/>), never entering the context's change tracker, which costs a fraction of
    /// SaveChanges. With a citizen registered alongside, the save is still one Npgsql batch, which the server runs as
    /// one implicit transaction, so EF Core's own BEGIN ... COMMIT would only add a round trip (the COMMIT); none of
    /// the rows needs a key generated by another, so EF Core never splits them into several batches. A caller's
    /// transaction (an Idempotency-Key) is used as it is; SQLite sends statement by statement and keeps EF Core's
    /// transaction.
    /// </summary>
    private async Task SaveAsync(OpenedCase opened, CancellationToken cancellationToken)
    {
        if (await rows.TryWriteAsync(db, opened, cancellationToken))
        {
            return;
        }

        opened.AddTo(db);
        if (!db.IsPostgres || db.Database.CurrentTransaction is not null)
        {
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        db.Database.AutoTransactionBehavior = AutoTransactionBehavior.Never;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            db.Database.AutoTransactionBehavior = AutoTransactionBehavior.WhenNeeded;
        }
    }

    /// <summary>
    /// Reads what opening the case needs: whether the citizen exists (and was not merged away) and what a form's prefill
    /// reads. The JSON columns (addresses, demographics) and the date of birth are read only for a form that prefills
    /// from them: materialising the JSON was a measurable part of every case opened (docs/benchmarks.md, run 7), and
    /// decrypting the date of birth about 4 % of the host's CPU (run 29). Otherwise the citizen is read with the reads
    /// of concurrent requests (<see cref="CaseCitizens"/>).
    /// </summary>
    private Task<Citizen?> FindAsync(Guid citizenId, Service? service, CancellationToken cancellationToken)
    {
        if (service is not null && service.Fields.Any(f => f.PrefillFrom is { } source && Prefill.ReadsWholeRecord(source)))
        {
            return db.Citizens.AsNoTracking().Where(c => c.Id == citizenId).Include(c => c.Identities).FirstOrDefaultAsync(cancellationToken);
        }

        return citizens.FindAsync(db, citizenId, cancellationToken);
    }

    private static OutcomeProblem Prefixed(OutcomeProblem problem, string prefix) =>
        problem.Errors is null
            ? problem
            : problem with { Errors = problem.Errors.ToDictionary(e => $"{prefix}.{e.Key}", e => e.Value, StringComparer.Ordinal) };
}
