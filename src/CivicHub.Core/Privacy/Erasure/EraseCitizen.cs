using CivicHub.Core.Access;
using CivicHub.Core.Cases;
using CivicHub.Core.Citizens;
using CivicHub.Core.Data;
using CivicHub.Core.Events;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Staff;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Privacy.Erasure;

/// <summary>
/// Erases a citizen's personal data where the law allows it: refused while a case is open or on legal hold.
/// Identities (chat device identities too), the portal account, drafts, attachments and match data are deleted, and
/// chat previews blanked; the citizen row, cases, interactions, chat conversations and sent messages stay as
/// anonymous shells (status, service, channel, dates) so that the statistics still count them. Recorded as a "citizen.erased" event in the same transaction.
/// </summary>
public sealed class EraseCitizen(CivicHubDb db, TimeProvider time)
{
    public const string EventType = "citizen.erased";

    /// <summary>What erased text reads as wherever a column cannot be empty.</summary>
    public const string Erased = "[erased]";

    public sealed record Request(string? Reason);

    public sealed record Result(Guid CitizenId, DateTime ErasedAt, int Cases, int Interactions, int Messages);

    public async Task<Outcome<Result>> RunAsync(Guid citizenId, Request request, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsStaff(StaffRole.Supervisor, StaffRole.Administrator))
        {
            return OutcomeProblem.Forbidden("Only a supervisor may erase a citizen's data.");
        }

        var errors = new ValidationErrors().Text("reason", request.Reason, 2_000);
        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        var citizen = await db.Citizens.FirstOrDefaultAsync(c => c.Id == citizenId, cancellationToken);
        if (citizen is null)
        {
            return OutcomeProblem.NotFound("No citizen has that id.");
        }

        if (citizen.MergedIntoId is not null)
        {
            return OutcomeProblem.Conflict("This record was merged into another: erase that one.");
        }

        var open = await db.Cases.Where(c => c.CitizenId == citizenId && c.Status != CaseStatus.Resolved && c.Status != CaseStatus.Closed)
            .Select(c => c.Reference).ToListAsync(cancellationToken);
        if (open.Count > 0)
        {
            return OutcomeProblem.Conflict($"The citizen has open cases ({string.Join(", ", open)}): close them before erasing.");
        }

        var held = await db.Cases.Where(c => c.CitizenId == citizenId && c.LegalHold).Select(c => c.Reference).ToListAsync(cancellationToken);
        if (held.Count > 0)
        {
            return OutcomeProblem.Conflict($"Cases {string.Join(", ", held)} are on legal hold, so the citizen's data must be kept.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var caseIds = await db.Cases.Where(c => c.CitizenId == citizenId).Select(c => c.Id).ToListAsync(cancellationToken);
        var portalAccounts = (await db.ChannelIdentities.Where(i => i.CitizenId == citizenId && i.Kind == IdentityKind.Portal).Select(i => i.Value).ToListAsync(cancellationToken))
            .Select(v => Guid.TryParse(v, out var id) ? id : Guid.Empty).ToList();
        var idText = citizenId.ToString();

        await db.CitizenAccounts.Where(a => portalAccounts.Contains(a.Id)).ExecuteDeleteAsync(cancellationToken);
        await db.Attachments.Where(a => a.CitizenId == citizenId).ExecuteDeleteAsync(cancellationToken);
        await db.Drafts.Where(d => d.CitizenId == citizenId).ExecuteDeleteAsync(cancellationToken);
        await db.CitizenMatchKeys.Where(k => k.CitizenId == citizenId).ExecuteDeleteAsync(cancellationToken);
        await db.CitizenMatchProfiles.Where(p => p.CitizenId == citizenId).ExecuteDeleteAsync(cancellationToken);
        await db.MatchSuggestions.Where(s => s.CitizenId == citizenId || s.CandidateId == citizenId).ExecuteDeleteAsync(cancellationToken);
        await db.MatchReviews.Where(r => r.CitizenId == citizenId || r.CandidateId == citizenId).ExecuteDeleteAsync(cancellationToken);
        await db.SourceRecordLinks.Where(l => l.CitizenId == citizenId || l.RecordCitizenId == citizenId).ExecuteDeleteAsync(cancellationToken);
        // Idempotent replays keep the response they answered, which for a registration holds the name and contacts.
        await db.IdempotencyRecords.Where(r => r.ResponseBody != null && r.ResponseBody.Contains(idText)).ExecuteDeleteAsync(cancellationToken);
        await db.ChatSessions.Where(s => s.CitizenId == citizenId).ExecuteUpdateAsync(s => s.SetProperty(x => x.CitizenId, (Guid?)null), cancellationToken);
        // A chat's preview is the start of the visitor's words; the conversation stays as a shell (queue, status, dates).
        await db.ChatConversations.Where(c => c.CitizenId == citizenId).ExecuteUpdateAsync(s => s.SetProperty(c => c.Preview, Erased), cancellationToken);

        var interactions = await db.Interactions.Where(i => i.CitizenId == citizenId)
            .ExecuteUpdateAsync(
                s => s.SetProperty(i => i.Body, Erased).SetProperty(i => i.Subject, (string?)null).SetProperty(i => i.AuthorName, i => i.Direction == Direction.Inbound ? null : i.AuthorName)
                    .SetProperty(i => i.ExternalId, (string?)null).SetProperty(i => i.ChannelIdentityId, (Guid?)null),
                cancellationToken);
        var messages = await db.OutboundMessages.Where(m => m.CitizenId == citizenId)
            .ExecuteUpdateAsync(
                s => s.SetProperty(m => m.Recipient, Erased).SetProperty(m => m.Body, Erased).SetProperty(m => m.HtmlBody, (string?)null)
                    .SetProperty(m => m.Subject, (string?)null).SetProperty(m => m.TemplateData, (string?)null).SetProperty(m => m.LastError, (string?)null)
                    .SetProperty(m => m.ChannelIdentityId, (Guid?)null),
                cancellationToken);
        // Staff's notes and the text of changes can quote the citizen; the kinds and times of changes stay.
        await db.CaseChanges.Where(ch => caseIds.Contains(ch.CaseId))
            .ExecuteUpdateAsync(s => s.SetProperty(ch => ch.Text, (string?)null).SetProperty(ch => ch.SensitiveText, (string?)null), cancellationToken);
        var cases = await db.Cases.Where(c => c.CitizenId == citizenId)
            .ExecuteUpdateAsync(
                s => s.SetProperty(c => c.Title, Erased).SetProperty(c => c.Description, (string?)null).SetProperty(c => c.Answers, (string?)null)
                    .SetProperty(c => c.SensitiveAnswers, (string?)null)
                    .SetProperty(c => c.LocationAddress, (string?)null).SetProperty(c => c.LocationAddressId, (string?)null)
                    .SetProperty(c => c.Latitude, (double?)null).SetProperty(c => c.Longitude, (double?)null).SetProperty(c => c.MediaUrl, (string?)null),
                cancellationToken);
        // Every identity goes, the chat widget's device identities ("chat:{session}") included, even of a session still
        // open in a browser: writing from it again starts a new, unknown visitor, not the erased citizen.
        await db.ChannelIdentities.Where(i => i.CitizenId == citizenId).ExecuteDeleteAsync(cancellationToken);

        citizen.SetNames(null, null);
        citizen.DateOfBirth = null;
        citizen.Addresses = [];
        citizen.Demographics = new Demographics();
        citizen.TimeZone = null;
        citizen.QuietHoursStart = null;
        citizen.QuietHoursEnd = null;
        citizen.UpdatedAt = now;
        db.Record(EventType, citizenId, now, new { ActorId = actor.ToString(), Reason = request.Reason!.Trim(), Cases = cases, Interactions = interactions, Messages = messages });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new Result(citizenId, now, cases, interactions, messages);
    }
}
