using CivicHub.Core.Access;
using CivicHub.Core.Attachments;
using CivicHub.Core.Catalog;
using CivicHub.Core.Data;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Privacy;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Drafts;

/// <summary>
/// Reads a draft as whoever picks it up needs it: the form, the answers so far, what the citizen's record
/// already answers ("tell us once"), and what is still missing.
/// </summary>
public sealed class DraftView(CivicHubDb db, CatalogSnapshot catalog, RecordAccess access)
{
    public sealed record View(
        Guid Id,
        Guid CitizenId,
        string ServiceCode,
        string ServiceName,
        DraftStatus Status,
        IReadOnlyList<FormField> Fields,
        IReadOnlyDictionary<string, string> Answers,
        IReadOnlyDictionary<string, string> Prefilled,
        IReadOnlyList<string> Missing,
        Channel StartedOn,
        Channel LastChannel,
        string LastEditedBy,
        DateTime CreatedAt,
        DateTime UpdatedAt,
        string? CaseReference,
        int Version,
        IReadOnlyList<TimelineAttachment> Attachments)
    {
        /// <summary>The keys of sensitive answers given but not shown to this reader (their access lacks the sensitive-fields category).</summary>
        public IReadOnlyList<string> WithheldAnswers { get; init; } = [];
    }

    public async Task<Outcome<View>> GetAsync(Guid id, Actor actor, CancellationToken cancellationToken)
    {
        var draft = await db.Drafts.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (draft is null || !DraftActions.MayTouch(actor, draft) || !await MaySeeAsync(actor, draft.CitizenId, draft.ServiceId, cancellationToken))
        {
            return OutcomeProblem.NotFound("No draft has that id.");
        }

        return await ViewOfAsync(draft, cancellationToken);
    }

    /// <summary>Staff and integrations see a draft as they would see the case it becomes: by its service's department.</summary>
    private async Task<bool> MaySeeAsync(Actor actor, Guid citizenId, int serviceId, CancellationToken cancellationToken)
    {
        if (actor.Kind is not (ActorKind.Staff or ActorKind.Integration))
        {
            return true;
        }

        var service = (await catalog.GetAsync(cancellationToken)).ServiceById(serviceId);
        return service is not null && (await access.DecideCaseAsync(citizenId, service.DepartmentId, service.Id, cancellationToken)).Allowed;
    }

    public async Task<IReadOnlyList<DraftSummary>> ForCitizenAsync(Guid citizenId, bool openOnly, CancellationToken cancellationToken)
    {
        var drafts = db.Drafts.Where(d => d.CitizenId == citizenId && (!openOnly || d.Status == DraftStatus.Open));
        if (access.Actor.Kind is ActorKind.Staff or ActorKind.Integration)
        {
            // As in the 360 view: drafts of the services whose cases the caller may see.
            var visible = (await access.CitizenAsync(citizenId, cancellationToken)).Cases;
            var services = (await catalog.GetAsync(cancellationToken)).Services.Where(s => visible.Shows(s.DepartmentId, s.Id)).Select(s => s.Id).ToList();
            drafts = drafts.Where(d => services.Contains(d.ServiceId));
        }

        return await drafts.OrderByDescending(d => d.UpdatedAt)
            .Join(db.Services, d => d.ServiceId, s => s.Id, (d, s) => new DraftSummary(d.Id, s.Code, s.Name, d.Status, d.StartedOn, d.LastChannel, d.UpdatedAt))
            .ToListAsync(cancellationToken);
    }

    internal async Task<View> ViewOfAsync(Draft draft, CancellationToken cancellationToken)
    {
        var service = (await catalog.GetAsync(cancellationToken)).ServiceById(draft.ServiceId)!;
        var citizen = await db.Citizens.AsNoTracking().Include(c => c.Identities).FirstAsync(c => c.Id == draft.CitizenId, cancellationToken);
        var answers = FormAnswers.Read(draft.Answers, draft.SensitiveAnswers);
        var visible = SensitiveAnswers.For(service, draft.Answers, draft.SensitiveAnswers, await MaySeeSensitiveAsync(draft, service, cancellationToken));
        var known = Prefill.From(citizen, citizen.Identities);
        var complete = Prefill.Apply(service, answers, known);
        var prefilled = complete.Where(a => !answers.ContainsKey(a.Key)).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        var missing = service.Fields.Where(f => f.Required && !complete.ContainsKey(f.Key)).Select(f => f.Key).ToList();
        var reference = draft.CaseId is null
            ? null
            : await db.Cases.Where(c => c.Id == draft.CaseId).Select(c => c.Reference).FirstOrDefaultAsync(cancellationToken);
        // The files attached so far, on whichever step brought them, so whoever picks the draft up sees them.
        var files = await db.Attachments.AsNoTracking()
            .Where(a => db.Interactions.Any(i => i.Id == a.InteractionId && i.DraftId == draft.Id))
            .OrderBy(a => a.CreatedAt).ThenBy(a => a.Id)
            .Select(a => new TimelineAttachment(a.Id, a.FileName, a.ContentType, a.Length))
            .ToListAsync(cancellationToken);
        return new View(
            draft.Id, draft.CitizenId, service.Code, service.Name, draft.Status, service.Fields, visible.Shown, prefilled, missing,
            draft.StartedOn, draft.LastChannel, draft.LastEditedBy, draft.CreatedAt, draft.UpdatedAt, reference, draft.Version, files)
        {
            WithheldAnswers = visible.Withheld,
        };
    }

    /// <summary>The citizen sees their own answers; staff and integrations as they would see the case's sensitive answers.</summary>
    private async Task<bool> MaySeeSensitiveAsync(Draft draft, Service service, CancellationToken cancellationToken) =>
        access.Actor.Kind is not (ActorKind.Staff or ActorKind.Integration)
        || (await access.DecideSensitiveAnswersAsync(draft.CitizenId, service.DepartmentId, service.Id, cancellationToken)).Allowed;
}
