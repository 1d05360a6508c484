using CivicHub.Core.Access;
using CivicHub.Core.Catalog;
using CivicHub.Core.Citizens;
using CivicHub.Core.Data;
using CivicHub.Core.Events;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Staff;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Privacy.Export;

/// <summary>
/// Everything held about one citizen, machine-readable (a subject access request): profile, identities and consents,
/// portal account, cases with their history and form answers, interactions with their attachments, drafts, chat
/// conversations and the messages we sent. The export is recorded as a "citizen.data_exported" event.
/// </summary>
public sealed class CitizenDataExport(CivicHubDb db, CatalogSnapshot catalog, RecordAccess access, TimeProvider time)
{
    public const string EventType = "citizen.data_exported";

    public async Task<Outcome<CitizenData>> RunAsync(Guid citizenId, Actor actor, string? reason, Func<Guid, string> attachmentLink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(attachmentLink);
        // Staff exports are a supervisor's decision; a citizen exports only their own record (the caller checks whose).
        if (actor.Kind == ActorKind.Staff && !actor.IsStaff(StaffRole.Supervisor, StaffRole.Administrator))
        {
            return OutcomeProblem.Forbidden("Only a supervisor may export a citizen's data.");
        }

        var errors = new ValidationErrors().Text("reason", reason, 2_000, required: false);
        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        var citizen = await db.Citizens.AsNoTracking().Include(c => c.Identities).FirstOrDefaultAsync(c => c.Id == citizenId, cancellationToken);
        if (citizen is null)
        {
            return OutcomeProblem.NotFound("No citizen has that id.");
        }

        var portalIds = citizen.Identities.Where(i => i.Kind == IdentityKind.Portal).Select(i => Guid.TryParse(i.Value, out var id) ? id : Guid.Empty).ToList();
        var account = await db.CitizenAccounts.AsNoTracking().Where(a => portalIds.Contains(a.Id))
            .Select(a => new CitizenData.Account(a.Email, a.CreatedAt, a.EmailVerifiedAt, a.LastSignInAt)).FirstOrDefaultAsync(cancellationToken);
        var cases = await db.Cases.AsNoTracking().Where(c => c.CitizenId == citizenId).OrderBy(c => c.CreatedAt).ToListAsync(cancellationToken);
        var caseIds = cases.Select(c => c.Id).ToList();
        var changes = (await db.CaseChanges.AsNoTracking().Where(ch => caseIds.Contains(ch.CaseId)).OrderBy(ch => ch.Id).ToListAsync(cancellationToken))
            .ToLookup(ch => ch.CaseId);
        var services = await db.Services.AsNoTracking().Select(s => new { s.Id, s.Name }).ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
        var references = cases.ToDictionary(c => c.Id, c => c.Reference);
        var attachments = (await db.Attachments.AsNoTracking().Where(a => a.CitizenId == citizenId)
                .Select(a => new { a.Id, a.InteractionId, a.FileName, a.ContentType, a.Length }).ToListAsync(cancellationToken))
            .ToLookup(a => a.InteractionId, a => new CitizenData.AttachmentEntry(a.Id, a.FileName, a.ContentType, a.Length, attachmentLink(a.Id)));
        var interactions = (await db.Interactions.AsNoTracking().Where(i => i.CitizenId == citizenId).OrderBy(i => i.OccurredAt).ThenBy(i => i.Id).ToListAsync(cancellationToken))
            .Select(i => new CitizenData.InteractionEntry(
                i.Id, i.CaseId is { } caseId ? references.GetValueOrDefault(caseId) : null, i.Channel, i.Direction, i.OccurredAt, i.Subject, i.Body, [.. attachments[i.Id]]))
            .ToList();
        var drafts = await db.Drafts.AsNoTracking().Where(d => d.CitizenId == citizenId).OrderBy(d => d.CreatedAt).ToListAsync(cancellationToken);
        var messages = await db.OutboundMessages.AsNoTracking().Where(m => m.CitizenId == citizenId).OrderBy(m => m.CreatedAt)
            .Select(m => new CitizenData.MessageEntry(m.Id, m.Channel, m.Recipient, m.Subject, m.Body, m.Status, m.CreatedAt, m.SentAt))
            .ToListAsync(cancellationToken);
        var chats = await db.ChatConversations.AsNoTracking().Where(c => c.CitizenId == citizenId).OrderBy(c => c.StartedAt)
            .Select(c => new CitizenData.ChatEntry(c.Id, c.Status, c.StartedAt, c.ClosedAt))
            .ToListAsync(cancellationToken);

        // The citizen's own download holds every answer; a staff export leaves out the sensitive answers of cases and
        // drafts of departments whose sensitive fields the reader may not see, and names them.
        var snapshot = await catalog.GetAsync(cancellationToken);
        var staffReader = actor.Kind is ActorKind.Staff or ActorKind.Integration;
        async Task<SensitiveAnswers> AnswersAsync(int departmentId, int? serviceId, string? plain, string? sensitive) =>
            SensitiveAnswers.For(snapshot.ServiceById(serviceId), plain, sensitive,
                !staffReader || (await access.DecideSensitiveAnswersAsync(citizenId, departmentId, serviceId, cancellationToken)).Allowed);
        var caseAnswers = new Dictionary<Guid, SensitiveAnswers>();
        foreach (var c in cases)
        {
            caseAnswers[c.Id] = await AnswersAsync(c.DepartmentId, c.ServiceId, c.Answers, c.SensitiveAnswers);
        }

        var draftAnswers = new Dictionary<Guid, SensitiveAnswers>();
        foreach (var d in drafts)
        {
            draftAnswers[d.Id] = await AnswersAsync(snapshot.ServiceById(d.ServiceId)?.DepartmentId ?? 0, d.ServiceId, d.Answers, d.SensitiveAnswers);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var data = new CitizenData(
            now,
            new CitizenData.Profile(
                citizen.Id, citizen.GivenName, citizen.FamilyName, citizen.DateOfBirth, citizen.PreferredLanguage, citizen.PreferredChannels,
                citizen.QuietHoursStart, citizen.QuietHoursEnd, citizen.TimeZone, citizen.Addresses, citizen.Demographics, citizen.IsProvisional, citizen.CreatedAt),
            citizen.Identities.OrderBy(i => i.CreatedAt)
                .Select(i => new CitizenData.IdentityEntry(i.Kind, i.Kind == IdentityKind.Portal ? "portal account" : i.Display, i.Verified, i.CreatedAt, i.OptedOutAt))
                .ToList(),
            account,
            cases.Select(c => new CitizenData.CaseEntry(
                c.Reference, c.Title, c.Description, c.ServiceId is { } s ? services.GetValueOrDefault(s) : null, c.Status, c.LocationAddress,
                caseAnswers[c.Id].Shown, c.CreatedAt, c.ResolvedAt, c.ClosedAt,
                [.. changes[c.Id].Select(ch => new CitizenData.ChangeEntry(ch.Kind, ch.From, ch.To, ch.At))])
            {
                WithheldAnswers = caseAnswers[c.Id].Withheld,
            }).ToList(),
            interactions,
            drafts.Select(d => new CitizenData.DraftEntry(d.Id, services.GetValueOrDefault(d.ServiceId), d.Status, draftAnswers[d.Id].Shown, d.CreatedAt, d.UpdatedAt)
            {
                WithheldAnswers = draftAnswers[d.Id].Withheld,
            }).ToList(),
            chats,
            messages);

        db.Record(EventType, citizenId, now, new { ActorId = actor.ToString(), Reason = reason?.Trim() });
        await db.SaveChangesAsync(cancellationToken);
        return data;
    }
}
