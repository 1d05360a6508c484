using CivicHub.Core.Access;
using CivicHub.Core.Cases;
using CivicHub.Core.Data;
using CivicHub.Core.Events;
using CivicHub.Core.Outcomes;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Interactions;

/// <summary>Records what happened off-system (a phone call, a counter visit, a letter received) on the citizen's timeline.</summary>
public sealed class LogInteraction(CivicHubDb db, TimeProvider time)
{
    public sealed record Request(
        Guid? CitizenId,
        string? CaseReference,
        Channel? Channel,
        Direction? Direction,
        DateTime? OccurredAt,
        string? Subject,
        string? Body,
        string? ExternalId);

    public async Task<Outcome<Interaction>> RunAsync(Request request, Actor actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var errors = new ValidationErrors()
            .Text("body", request.Body, 100_000)
            .Text("subject", request.Subject, 500, required: false)
            .Text("externalId", request.ExternalId, 200, required: false);
        if (request.CitizenId is null)
        {
            errors.Add("citizenId", "This field is required.");
        }

        if (request.Channel is null)
        {
            errors.Add("channel", "This field is required.");
        }

        if (request.OccurredAt is { } occurred && (occurred.ToUniversalTime() > now.AddMinutes(5) || occurred.Year < 2000))
        {
            errors.Add("occurredAt", "Must be a time in the past.");
        }

        if (request.CaseReference is not null && CaseReference.Normalize(request.CaseReference) is null)
        {
            errors.Add("caseReference", "Not a valid case reference.");
        }

        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        var mergedInto = await db.Citizens.Where(c => c.Id == request.CitizenId).Select(c => new { c.MergedIntoId }).FirstOrDefaultAsync(cancellationToken);
        if (mergedInto is null)
        {
            return OutcomeProblem.Invalid("citizenId", "No citizen has that id.");
        }

        if (mergedInto.MergedIntoId is { } target)
        {
            return OutcomeProblem.Invalid("citizenId", $"That record was merged into citizen {target}.");
        }

        Case? @case = null;
        if (request.CaseReference is not null)
        {
            @case = await db.FindByReferenceAsync(request.CaseReference, cancellationToken);
            if (@case is null || @case.CitizenId != request.CitizenId)
            {
                return OutcomeProblem.Invalid("caseReference", "The citizen has no case with that reference.");
            }
        }

        var externalId = request.ExternalId?.Trim();
        if (externalId is not null && await db.Interactions.AnyAsync(i => i.Channel == request.Channel && i.ExternalId == externalId, cancellationToken))
        {
            return OutcomeProblem.Conflict("An interaction with that externalId is already recorded on this channel.");
        }

        var interaction = new Interaction
        {
            CitizenId = request.CitizenId!.Value,
            CaseId = @case?.Id,
            Channel = request.Channel!.Value,
            Direction = request.Direction ?? Direction.Inbound,
            OccurredAt = request.OccurredAt?.ToUniversalTime() ?? now,
            RecordedAt = now,
            Subject = request.Subject?.Trim(),
            Body = request.Body!.Trim(),
            Author = actor.ToString(),
            AuthorName = actor.DisplayName,
            ExternalId = externalId,
        };
        db.Interactions.Add(interaction);
        if (@case is not null)
        {
            db.OnInteraction(@case, interaction, now);
        }
        else
        {
            db.Record("interaction.recorded", interaction.CitizenId, now, new { interaction.Channel, interaction.Direction });
        }

        await db.SaveChangesAsync(cancellationToken);
        return interaction;
    }
}
