using CivicHub.Core.Access;
using CivicHub.Core.Catalog;
using CivicHub.Core.Data;
using CivicHub.Core.Events;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Routing;
using CivicHub.Core.Text;

namespace CivicHub.Core.Cases;

/// <summary>
/// Opens a case with its first interaction, history entry and events: the one way every channel (API, intake, a
/// submitted draft) creates a case.
/// </summary>
public sealed class CaseOpener(CivicHubDb db, CatalogSnapshot catalog, CaseRouter router, CaseReferenceSource references, TimeProvider time)
{
    /// <summary>Opens the case in the caller's unit of work, to commit with its other changes.</summary>
    public async Task<Outcome<(Case Case, Interaction Interaction)>> OpenAsync(CaseOpening opening, Actor actor, CancellationToken cancellationToken)
    {
        var opened = await BuildAsync(opening, actor, cancellationToken);
        if (!opened.Succeeded)
        {
            return opened.Problem!;
        }

        opened.Value!.AddTo(db);
        return (opened.Value.Case, opened.Value.Interaction);
    }

    /// <summary>The case's rows, in no unit of work: for a caller that writes them itself (<see cref="CaseRows"/>).</summary>
    public async Task<Outcome<OpenedCase>> BuildAsync(CaseOpening opening, Actor actor, CancellationToken cancellationToken)
    {
        var snapshot = await catalog.GetAsync(cancellationToken);
        if (router.Route(snapshot, opening.Service, opening.Endpoint) is not { } route)
        {
            return OutcomeProblem.Conflict("No department queue can take this case: configure a default department with a queue.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        // Answers of fields marked sensitive go to their own column, which is encrypted at rest.
        string? answers = null, sensitiveAnswers = null;
        if (opening.Answers is not null)
        {
            (answers, sensitiveAnswers) = FormAnswers.Store(opening.Service, FormAnswers.Deserialize(opening.Answers));
        }

        var @case = new Case
        {
            Id = Guid.CreateVersion7(),
            Reference = references.Next(),
            CitizenId = opening.CitizenId,
            ServiceId = opening.Service?.Id,
            DepartmentId = route.DepartmentId,
            QueueId = route.QueueId,
            Status = CaseStatus.Submitted,
            Priority = opening.Priority,
            Title = opening.Title ?? opening.Service?.Name ?? Summarize(opening.Body),
            Description = opening.Body,
            Answers = answers,
            SensitiveAnswers = sensitiveAnswers,
            Latitude = opening.Latitude,
            Longitude = opening.Longitude,
            LocationAddress = opening.LocationAddress,
            LocationAddressId = opening.LocationAddressId,
            MediaUrl = opening.MediaUrl,
            OriginChannel = opening.Channel,
            CreatedAt = now,
            UpdatedAt = now,
            SlaDueAt = opening.Service is { SlaHours: > 0 } service ? now.AddHours(service.SlaHours) : null,
        };
        var interaction = new Interaction
        {
            CitizenId = opening.CitizenId,
            CaseId = @case.Id,
            ChannelIdentityId = opening.ChannelIdentityId,
            Channel = opening.Channel,
            Direction = opening.Direction,
            OccurredAt = opening.OccurredAt,
            RecordedAt = now,
            Subject = opening.Subject,
            Body = opening.Body,
            Author = actor.ToString(),
            AuthorName = actor.DisplayName,
            ExternalId = opening.ExternalId,
        };
        var created = new CaseChange
        {
            CaseId = @case.Id,
            Kind = CaseChangeKind.Created,
            To = nameof(CaseStatus.Submitted),
            Actor = actor.ToString(),
            ActorName = actor.DisplayName,
            At = now,
        };
        return new OpenedCase(@case, interaction, created, [
            EventLog.New("case.created", @case, now, new { @case.Reference, Service = opening.Service?.Code, Channel = opening.Channel, @case.DepartmentId, @case.QueueId }),
            EventLog.New("interaction.recorded", @case, now, new { Channel = opening.Channel, opening.Direction }),
        ]);
    }

    private static string Summarize(string body)
    {
        var firstLine = body.Split('\n', 2)[0].Trim();
        return TextClip.Clip(firstLine, 80, "...");
    }
}
