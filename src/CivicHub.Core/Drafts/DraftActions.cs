using System.Text.Json;
using System.Text.Json.Serialization;
using CivicHub.Core.Access;
using CivicHub.Core.Attachments;
using CivicHub.Core.Cases;
using CivicHub.Core.Catalog;
using CivicHub.Core.Data;
using CivicHub.Core.Events;
using CivicHub.Core.Intake;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Privacy;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Drafts;

/// <summary>
/// Starts, saves, submits and abandons applications in progress. A draft started on the portal can be finished
/// by an agent on the phone: each channel that touches it leaves an interaction, and the case it becomes inherits them.
/// Staff act on a draft only as they may on the case it becomes: by its service's department, or an agreement.
/// Files the citizen attaches stay with the draft the same way: each lies on the interaction of the step that brought it
/// (started, saved, submitted), and the case inherits them with those interactions. They are never held apart in
/// the draft row: one place for a citizen's files (the Attachments table, beside their interaction) keeps the timeline,
/// the download, retention, erasure and merging working for them unchanged.
/// </summary>
public sealed class DraftActions(
    CivicHubDb db, CatalogSnapshot catalog, CaseOpener opener, DraftView views, RecordAccess access, AttachmentRules attachmentRules, AttachmentIntake attachments, TimeProvider time)
{
    public sealed record StartRequest(Guid? CitizenId, string? ServiceCode, Channel? Channel, Dictionary<string, JsonElement>? Answers)
    {
        /// <summary>Files the citizen attached; only the portal's form brings them, never a JSON body.</summary>
        [JsonIgnore]
        public IReadOnlyList<InboundAttachment>? Attachments { get; init; }
    }

    /// <summary>Answers are merged into the draft; an answer of null or "" clears that field.</summary>
    public sealed record SaveRequest(Channel? Channel, Dictionary<string, JsonElement>? Answers, int? Version)
    {
        /// <summary>Files the citizen attached; only the portal's form brings them, never a JSON body.</summary>
        [JsonIgnore]
        public IReadOnlyList<InboundAttachment>? Attachments { get; init; }
    }

    public sealed record SubmitRequest(Channel? Channel, Dictionary<string, JsonElement>? Answers, int? Version)
    {
        /// <summary>Files the citizen attached; only the portal's form brings them, never a JSON body.</summary>
        [JsonIgnore]
        public IReadOnlyList<InboundAttachment>? Attachments { get; init; }
    }

    /// <summary>"the Pothole application", but "the Food assistance (SNAP) application", not "... application application".</summary>
    private static string ApplicationName(Service service) =>
        service.Name.EndsWith("application", StringComparison.OrdinalIgnoreCase) ? service.Name : $"{service.Name} application";

    internal static bool MayTouch(Actor actor, Draft draft) =>
        actor.Kind is ActorKind.Staff or ActorKind.System || (actor.Kind == ActorKind.Citizen && actor.Id == draft.CitizenId.ToString());

    public async Task<Outcome<DraftView.View>> StartAsync(StartRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var snapshot = await catalog.GetAsync(cancellationToken);
        var errors = new ValidationErrors();
        if (request.CitizenId is null)
        {
            errors.Add("citizenId", "This field is required.");
        }

        if (request.Channel is null)
        {
            errors.Add("channel", "This field is required.");
        }

        var service = snapshot.ServiceByCode(request.ServiceCode);
        if (service is not { Active: true })
        {
            errors.Add("serviceCode", string.IsNullOrWhiteSpace(request.ServiceCode) ? "This field is required." : "No active service has that code.");
        }

        var answers = service is null ? [] : FormAnswers.Validate(service, request.Answers, errors);
        attachmentRules.Check(request.Attachments, errors);
        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        if (actor.Kind == ActorKind.Citizen && actor.Id != request.CitizenId.ToString())
        {
            return OutcomeProblem.Forbidden("A citizen may only start their own applications.");
        }

        if (!await db.Citizens.AnyAsync(c => c.Id == request.CitizenId && c.MergedIntoId == null, cancellationToken))
        {
            return OutcomeProblem.Invalid("citizenId", "No citizen has that id.");
        }

        if (!await MayActOnAsync(actor, request.CitizenId!.Value, service!, cancellationToken))
        {
            return OutcomeProblem.Forbidden($"Applications for {service!.Name} are another department's, and no data-sharing agreement lets you act on this citizen's.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var (plain, sensitive) = FormAnswers.Store(service, answers);
        var draft = new Draft
        {
            Id = Guid.CreateVersion7(),
            CitizenId = request.CitizenId!.Value,
            ServiceId = service!.Id,
            Status = DraftStatus.Open,
            Answers = plain,
            SensitiveAnswers = sensitive,
            StartedOn = request.Channel!.Value,
            LastChannel = request.Channel.Value,
            LastEditedBy = actor.ToString(),
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        db.Drafts.Add(draft);
        var started = Touchpoint(draft, request.Channel.Value, $"Started an application for {service.Name}.", actor, now);
        attachments.AddTo(started, request.Attachments);
        db.Record("draft.started", draft.CitizenId, now, new { DraftId = draft.Id, Service = service.Code, Channel = request.Channel });
        await db.SaveChangesAsync(cancellationToken);
        return await views.ViewOfAsync(draft, cancellationToken);
    }

    public async Task<Outcome<DraftView.View>> SaveAsync(Guid id, SaveRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var loaded = await LoadOpenAsync(id, request.Channel, request.Version, actor, cancellationToken);
        if (!loaded.Succeeded)
        {
            return loaded.Problem!;
        }

        var (draft, service) = loaded.Value;
        var errors = new ValidationErrors();
        var merged = Merge(draft, service, request.Answers, errors);
        attachmentRules.Check(request.Attachments, errors);
        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (request.Channel != draft.LastChannel)
        {
            var continued = Touchpoint(draft, request.Channel!.Value, $"Continued the {ApplicationName(service)}.", actor, now);
            attachments.AddTo(continued, request.Attachments);
        }
        else if (request.Attachments is { Count: > 0 } files)
        {
            // A file needs an interaction to lie on: saving on the same channel leaves none otherwise.
            var added = Touchpoint(draft, request.Channel!.Value, $"Added {files.Count} file(s) to the {ApplicationName(service)}.", actor, now);
            attachments.AddTo(added, files);
        }

        Update(draft, service, merged, request.Channel!.Value, actor, now);
        return await SaveAndViewAsync(draft, cancellationToken);
    }

    public async Task<Outcome<(DraftView.View Draft, Case Case)>> SubmitAsync(Guid id, SubmitRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var loaded = await LoadOpenAsync(id, request.Channel, request.Version, actor, cancellationToken);
        if (!loaded.Succeeded)
        {
            return loaded.Problem!;
        }

        var (draft, service) = loaded.Value;
        var errors = new ValidationErrors();
        var merged = Merge(draft, service, request.Answers, errors);
        var citizen = await db.Citizens.AsNoTracking().Include(c => c.Identities).FirstAsync(c => c.Id == draft.CitizenId, cancellationToken);
        var complete = Prefill.Apply(service, merged, Prefill.From(citizen, citizen.Identities));
        FormAnswers.RequireComplete(service, complete, errors);
        attachmentRules.Check(request.Attachments, errors);
        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var channel = request.Channel!.Value;
        var opened = await opener.OpenAsync(
            new CaseOpening(draft.CitizenId, service, null, channel, $"Submitted the {ApplicationName(service)}.", now)
            {
                Answers = FormAnswers.Serialize(complete),
                Direction = Direction.Inbound,
            },
            actor,
            cancellationToken);
        if (!opened.Succeeded)
        {
            return opened.Problem!;
        }

        var @case = opened.Value.Case;
        opened.Value.Interaction.DraftId = draft.Id;
        attachments.AddTo(opened.Value.Interaction, request.Attachments);
        Update(draft, service, complete, channel, actor, now);
        draft.Status = DraftStatus.Submitted;
        draft.CaseId = @case.Id;
        db.Record("draft.submitted", @case, now, new { DraftId = draft.Id });

        // The case inherits the draft's touchpoints, so its timeline starts where the citizen started.
        var earlier = await db.Interactions.Where(i => i.DraftId == draft.Id && i.CaseId == null).ToListAsync(cancellationToken);
        foreach (var interaction in earlier)
        {
            interaction.CaseId = @case.Id;
        }

        // Their files follow them, so the case's retention, holds and access rules cover the files too.
        var earlierIds = earlier.Select(i => i.Id).ToList();
        foreach (var file in await db.Attachments.Where(a => earlierIds.Contains(a.InteractionId)).ToListAsync(cancellationToken))
        {
            file.CaseId = @case.Id;
        }

        var view = await SaveAndViewAsync(draft, cancellationToken);
        return view.Succeeded ? (view.Value!, @case) : view.Problem!;
    }

    public async Task<Outcome<DraftView.View>> AbandonAsync(Guid id, Actor actor, CancellationToken cancellationToken)
    {
        var draft = await db.Drafts.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (draft is null || !MayTouch(actor, draft) || !await MayActOnAsync(actor, draft, cancellationToken))
        {
            return OutcomeProblem.NotFound("No draft has that id.");
        }

        if (draft.Status != DraftStatus.Open)
        {
            return OutcomeProblem.Conflict($"The draft is already {draft.Status.ToString().ToLowerInvariant()}.");
        }

        draft.Status = DraftStatus.Abandoned;
        Stamp(draft, draft.LastChannel, actor, time.GetUtcNow().UtcDateTime);
        return await SaveAndViewAsync(draft, cancellationToken);
    }

    private async Task<Outcome<(Draft Draft, Service Service)>> LoadOpenAsync(
        Guid id, Channel? channel, int? version, Actor actor, CancellationToken cancellationToken)
    {
        if (channel is null)
        {
            return OutcomeProblem.Invalid("channel", "This field is required.");
        }

        var draft = await db.Drafts.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        // A draft the actor may not see answers as one that does not exist, exactly as reading it does.
        if (draft is null || !MayTouch(actor, draft) || !await MayActOnAsync(actor, draft, cancellationToken))
        {
            return OutcomeProblem.NotFound("No draft has that id.");
        }

        if (draft.Status != DraftStatus.Open)
        {
            return OutcomeProblem.Conflict($"The draft is already {draft.Status.ToString().ToLowerInvariant()}.");
        }

        if (version is { } expected && expected != draft.Version)
        {
            return OutcomeProblem.Conflict("The draft was changed since you loaded it; reload it and try again.");
        }

        var service = (await catalog.GetAsync(cancellationToken)).ServiceById(draft.ServiceId)!;
        return (draft, service);
    }

    private async Task<bool> MayActOnAsync(Actor actor, Draft draft, CancellationToken cancellationToken) =>
        (await catalog.GetAsync(cancellationToken)).ServiceById(draft.ServiceId) is { } service && await MayActOnAsync(actor, draft.CitizenId, service, cancellationToken);

    /// <summary>Staff and integrations act on a draft as they would on the case it becomes; the citizen on their own, CivicHub on all.</summary>
    private async Task<bool> MayActOnAsync(Actor actor, Guid citizenId, Service service, CancellationToken cancellationToken) =>
        actor.Kind is not (ActorKind.Staff or ActorKind.Integration)
        || (await access.DecideCaseAsync(citizenId, service.DepartmentId, service.Id, cancellationToken)).Allowed;

    private static Dictionary<string, string> Merge(Draft draft, Service service, Dictionary<string, JsonElement>? changes, ValidationErrors errors)
    {
        var merged = FormAnswers.Read(draft.Answers, draft.SensitiveAnswers);
        var valid = FormAnswers.Validate(service, changes, errors);
        foreach (var (key, element) in changes ?? [])
        {
            if (valid.TryGetValue(key, out var value))
            {
                merged[key] = value;
            }
            else if (element.ValueKind == JsonValueKind.Null || (element.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(element.GetString())))
            {
                merged.Remove(key);
            }
        }

        return merged;
    }

    private static void Update(Draft draft, Service service, Dictionary<string, string> answers, Channel channel, Actor actor, DateTime now)
    {
        // Answers of fields marked sensitive go to their own column, which is encrypted at rest.
        (draft.Answers, draft.SensitiveAnswers) = FormAnswers.Store(service, answers);
        Stamp(draft, channel, actor, now);
    }

    private static void Stamp(Draft draft, Channel channel, Actor actor, DateTime now)
    {
        draft.LastChannel = channel;
        draft.LastEditedBy = actor.ToString();
        draft.UpdatedAt = now;
        draft.Version++;
    }

    private Interaction Touchpoint(Draft draft, Channel channel, string body, Actor actor, DateTime now)
    {
        var interaction = new Interaction
        {
            CitizenId = draft.CitizenId,
            DraftId = draft.Id,
            Channel = channel,
            Direction = Direction.Inbound,
            OccurredAt = now,
            RecordedAt = now,
            Body = body,
            Author = actor.ToString(),
            AuthorName = actor.DisplayName,
        };
        db.Interactions.Add(interaction);
        return interaction;
    }

    private async Task<Outcome<DraftView.View>> SaveAndViewAsync(Draft draft, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return OutcomeProblem.Conflict("The draft was changed at the same moment elsewhere; reload it and try again.");
        }

        return await views.ViewOfAsync(draft, cancellationToken);
    }
}
