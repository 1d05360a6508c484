using System.Text.Json;
using CivicHub.Core.Access;
using CivicHub.Core.Attachments;
using CivicHub.Core.Cases;
using CivicHub.Core.Catalog;
using CivicHub.Core.Citizens;
using CivicHub.Core.Citizens.Matching;
using CivicHub.Core.Data;
using CivicHub.Core.Events;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Outreach.Tracking;
using CivicHub.Core.Routing;
using CivicHub.Core.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CivicHub.Core.Intake;

/// <summary>
/// The single entry for every inbound contact on every channel: identify the citizen, thread the contact onto a
/// case, record it on the timeline, route new work to a department queue, and publish events, in one transaction.
/// Nothing is dropped: an unknown sender becomes a provisional citizen that an agent can later merge.
/// </summary>
public sealed partial class IntakePipeline(
    CivicHubDb db,
    IdentityNormalizer normalizer,
    CatalogSnapshot catalog,
    CaseOpener opener,
    LikelyMatches likelyMatches,
    AttachmentIntake attachments,
    StatusInquiry statusInquiry,
    IOptions<RoutingOptions> routing,
    TimeProvider time,
    ILogger<IntakePipeline> logger)
{
    public const int MaxAddressLength = 500;
    public const int MaxAddressIdLength = 100;
    public const int MaxMediaUrlLength = 2_000;

    /// <summary>How many of a contact's earlier-message ids threading looks at (a long References chain is trimmed).</summary>
    public const int MaxReplyIds = 50;

    private const int MaxAttempts = 6;

    public async Task<Outcome<IntakeOutcome>> ReceiveAsync(InboundContact contact, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().Text("body", contact.Body, 100_000).Text("subject", contact.Subject, 500, required: false)
            .Text("externalId", contact.ExternalId, 200, required: false)
            .Text("senderGivenName", contact.SenderGivenName, 200, required: false)
            .Text("senderFamilyName", contact.SenderFamilyName, 200, required: false);
        var (from, fromError) = normalizer.Normalize(contact.FromKind, contact.From);
        if (from is null)
        {
            errors.Add("from", fromError!);
        }
        else if (!ValidationErrors.IsStorable(from))
        {
            // Device and social ids are kept as sent; the other texts are checked by Text above.
            errors.Add("from", "Must not contain NUL characters or unpaired surrogates.");
        }

        var snapshot = await catalog.GetAsync(cancellationToken);
        var service = snapshot.ServiceByCode(contact.ServiceCode);
        if (contact.ServiceCode is not null && service is not { Active: true })
        {
            errors.Add("serviceCode", "No active service has that code.");
        }

        CheckLocation(contact, errors);
        var answers = contact.Answers is null ? null : CheckAnswers(service, contact.Answers, errors);
        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        // Contacts that arrive together can race: two first messages from one new sender both create a provisional
        // citizen, or a message lands while an agent changes the case. The loser starts again from a clean slate.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ReceiveOnceAsync(contact, from!, service, answers, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                db.ChangeTracker.Clear();
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * attempt)), time, cancellationToken);
            }
        }
    }

    /// <summary>
    /// An automatic answer (an out-of-office reply) is not the citizen speaking: it never creates a citizen or opens a
    /// case, and does not take a case off "waiting on citizen". When it comes from a known identity and answers a
    /// message on one of that citizen's cases (or quotes its reference), it is kept there as a system note; otherwise
    /// it is dropped. Returns the note's interaction id, or null when nothing was recorded.
    /// </summary>
    public async Task<long?> RecordAutomatedAsync(InboundContact contact, CancellationToken cancellationToken)
    {
        var (from, _) = normalizer.Normalize(contact.FromKind, contact.From);
        if (from is null)
        {
            return null;
        }

        if (contact.ExternalId is { } externalId)
        {
            var recorded = await db.Interactions.Where(i => i.Channel == contact.Channel && i.ExternalId == externalId)
                .Select(i => (long?)i.Id).FirstOrDefaultAsync(cancellationToken);
            if (recorded is not null)
            {
                return recorded;
            }
        }

        var identity = await db.ChannelIdentities.AsNoTracking()
            .FirstOrDefaultAsync(i => i.Kind == contact.FromKind && i.Value == from, cancellationToken);
        if (identity is null)
        {
            return null;
        }

        var citizenId = await FollowMergesAsync(identity.CitizenId, cancellationToken);
        var @case = await RepliedCaseAsync(contact, citizenId, cancellationToken);
        if (@case is null)
        {
            foreach (var reference in CaseReference.FindIn(contact.Subject).Distinct())
            {
                @case = await db.Cases.FirstOrDefaultAsync(c => c.Reference == reference && c.CitizenId == citizenId, cancellationToken);
                if (@case is not null)
                {
                    break;
                }
            }
        }

        if (@case is null)
        {
            return null;
        }

        var body = contact.Body.Trim();
        var note = new Interaction
        {
            CitizenId = citizenId,
            CaseId = @case.Id,
            ChannelIdentityId = identity.Id,
            Channel = contact.Channel,
            Direction = Direction.Inbound,
            OccurredAt = contact.ReceivedAt,
            RecordedAt = time.GetUtcNow().UtcDateTime,
            Subject = contact.Subject is { } subject ? TextClip.Clip(subject.Trim(), 500) : null,
            Body = TextClip.Clip(body, 2_000),
            Author = Actor.System.ToString(),
            AuthorName = "Automatic reply",
            ExternalId = contact.ExternalId,
        };
        db.Interactions.Add(note);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (contact.ExternalId is not null)
        {
            // Another host recorded the same message a moment ago.
            db.ChangeTracker.Clear();
            return await db.Interactions.Where(i => i.Channel == contact.Channel && i.ExternalId == contact.ExternalId)
                .Select(i => (long?)i.Id).FirstOrDefaultAsync(cancellationToken);
        }

        LogAutomated(logger, contact.Channel, @case.Reference);
        return note.Id;
    }

    private static void CheckLocation(InboundContact contact, ValidationErrors errors)
    {
        if (contact.Latitude is { } latitude && (double.IsNaN(latitude) || latitude is < -90 or > 90))
        {
            errors.Add("latitude", "Must be between -90 and 90.");
        }

        if (contact.Longitude is { } longitude && (double.IsNaN(longitude) || longitude is < -180 or > 180))
        {
            errors.Add("longitude", "Must be between -180 and 180.");
        }

        errors.Text("locationAddress", contact.LocationAddress, MaxAddressLength, required: false)
            .Text("locationAddressId", contact.LocationAddressId, MaxAddressIdLength, required: false)
            .Text("mediaUrl", contact.MediaUrl, MaxMediaUrlLength, required: false);
        if (!string.IsNullOrWhiteSpace(contact.MediaUrl)
            && (!Uri.TryCreate(contact.MediaUrl.Trim(), UriKind.Absolute, out var media) || media.Scheme is not ("http" or "https")))
        {
            errors.Add("mediaUrl", "Must be an http or https address.");
        }
    }

    private static Dictionary<string, string>? CheckAnswers(Service? service, IReadOnlyDictionary<string, string> answers, ValidationErrors errors)
    {
        if (service is null)
        {
            if (answers.Count > 0)
            {
                errors.Add("answers", "Answers need a serviceCode whose form they answer.");
            }

            return null;
        }

        var asJson = answers.ToDictionary(a => a.Key, a => JsonSerializer.SerializeToElement(a.Value), StringComparer.Ordinal);
        return FormAnswers.Validate(service, asJson, errors);
    }

    private async Task<Outcome<IntakeOutcome>> ReceiveOnceAsync(
        InboundContact contact, string from, Service? service, Dictionary<string, string>? answers, CancellationToken cancellationToken)
    {
        if (contact.ExternalId is { } externalId && await DuplicateOfAsync(contact.Channel, externalId, cancellationToken) is { } duplicate)
        {
            return duplicate;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var snapshot = await catalog.GetAsync(cancellationToken);

        // 1. identify
        var identity = await db.ChannelIdentities.FirstOrDefaultAsync(i => i.Kind == contact.FromKind && i.Value == from, cancellationToken);
        var known = identity is not null;
        var citizenId = identity is null ? Guid.Empty : await FollowMergesAsync(identity.CitizenId, cancellationToken);
        Citizen? newCitizen = null;
        if (identity is null)
        {
            newCitizen = new Citizen { Id = Guid.CreateVersion7(), IsProvisional = true, CreatedAt = now, UpdatedAt = now };
            newCitizen.SetNames(contact.SenderGivenName, contact.SenderFamilyName);
            identity = new ChannelIdentity { Id = Guid.CreateVersion7(), CitizenId = newCitizen.Id, Kind = contact.FromKind, Value = from, Display = contact.From.Trim(), CreatedAt = now };
            newCitizen.Identities.Add(identity);
            db.Citizens.Add(newCitizen);
            db.Record("citizen.created", newCitizen.Id, now, new { Provisional = true, contact.Channel });
            citizenId = newCitizen.Id;

            // Identity resolution: suggest who this sender may be, for an agent to confirm; never merged here.
            await likelyMatches.SuggestForAsync(newCitizen, cancellationToken);
        }

        // A form is completed from what the record already holds (tell us once) before its required fields are checked.
        string? storedAnswers = null;
        if (service is not null && answers is not null)
        {
            var citizen = newCitizen ?? await db.Citizens.Include(c => c.Identities).FirstAsync(c => c.Id == citizenId, cancellationToken);
            var completed = Prefill.Apply(service, answers, Prefill.From(citizen, citizen.Identities));
            var missing = new ValidationErrors();
            FormAnswers.RequireComplete(service, completed, missing);
            if (missing.Any)
            {
                db.ChangeTracker.Clear();
                return OutcomeProblem.Invalid(missing);
            }

            storedAnswers = FormAnswers.Serialize(completed);
        }

        var actor = new Actor(ActorKind.Citizen, citizenId.ToString(), "Citizen");

        // 2. thread: a quoted reference of the sender's own case, else the open conversation on this channel
        var (threaded, threading, quoted) = contact.NewRequest
            ? (null, Threading.NewCase, null)
            : await ThreadAsync(contact, citizenId, identity.Id, known, now, cancellationToken);

        // 3. record, 5. route (new cases), 6. publish
        Interaction interaction;
        Case @case;
        if (threaded is not null)
        {
            @case = threaded;
            interaction = NewInteraction(contact, citizenId, identity.Id, @case.Id, actor, now);
            interaction.QuotedReference = quoted;
            db.Interactions.Add(interaction);
            db.OnInteraction(@case, interaction, now);
        }
        else
        {
            var opening = new CaseOpening(citizenId, service, snapshot.Endpoint(contact.Channel, contact.To), contact.Channel, contact.Body.Trim(), contact.ReceivedAt)
            {
                Subject = contact.Subject?.Trim(),
                ChannelIdentityId = identity.Id,
                ExternalId = contact.ExternalId,
                Answers = storedAnswers,
                Latitude = contact.Latitude,
                Longitude = contact.Longitude,
                LocationAddress = Trimmed(contact.LocationAddress),
                LocationAddressId = Trimmed(contact.LocationAddressId),
                MediaUrl = Trimmed(contact.MediaUrl),
            };
            var opened = await opener.OpenAsync(opening, actor, cancellationToken);
            if (!opened.Succeeded)
            {
                throw new InvalidOperationException(opened.Problem!.Detail);
            }

            (@case, interaction) = opened.Value;
            interaction.QuotedReference = quoted;
        }

        attachments.AddTo(interaction, contact.Attachments);

        // 5. automate: a status question is answered on its own channel, queued with the contact that asked
        await statusInquiry.AnswerAsync(contact, citizenId, identity, @case, cancellationToken);

        await db.SaveChangesAsync(cancellationToken);
        LogReceived(logger, contact.Channel, @case.Reference, threading);
        return new IntakeOutcome(citizenId, known, @case.Reference, interaction.Id, threading, Duplicate: false);
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private async Task<(Case? Case, Threading Threading, string? Quoted)> ThreadAsync(
        InboundContact contact, Guid citizenId, Guid identityId, bool known, DateTime now, CancellationToken cancellationToken)
    {
        // An answer to a message of ours (or one we recorded) belongs where that message was: the most exact signal.
        if (await RepliedCaseAsync(contact, citizenId, cancellationToken) is { } replied)
        {
            return (replied, Threading.Reply, null);
        }

        string? quoted = null;
        foreach (var reference in CaseReference.FindIn($"{contact.Subject}\n{contact.Body}").Distinct())
        {
            var quotedCase = await db.Cases.FirstOrDefaultAsync(c => c.Reference == reference, cancellationToken);
            if (quotedCase is not null && quotedCase.CitizenId == citizenId)
            {
                return (quotedCase, Threading.CaseReference, null);
            }

            // A reference to someone else's case is kept for the agent, but never threads: that would leak the case.
            quoted ??= quotedCase?.Reference;
        }

        if (known)
        {
            var since = now - routing.Value.ConversationWindow;
            var lastCaseId = await db.Interactions
                .Where(i => i.ChannelIdentityId == identityId && i.Channel == contact.Channel && i.OccurredAt >= since && i.CaseId != null)
                .OrderByDescending(i => i.OccurredAt).ThenByDescending(i => i.Id)
                .Select(i => i.CaseId)
                .FirstOrDefaultAsync(cancellationToken);
            if (lastCaseId is not null)
            {
                var open = await db.Cases.FirstOrDefaultAsync(
                    c => c.Id == lastCaseId && c.Status != CaseStatus.Resolved && c.Status != CaseStatus.Closed, cancellationToken);
                if (open is not null)
                {
                    return (open, Threading.Conversation, quoted);
                }
            }
        }

        return (null, Threading.NewCase, quoted);
    }

    /// <summary>
    /// The case of the newest earlier message the contact names (In-Reply-To first, then References newest first):
    /// an inbound interaction recorded with that provider id on the channel, or an outbound message we sent with it.
    /// Only a case of the sender's own counts, as with a quoted case reference.
    /// </summary>
    private async Task<Case?> RepliedCaseAsync(InboundContact contact, Guid citizenId, CancellationToken cancellationToken)
    {
        var ids = (contact.InReplyTo ?? []).Where(id => !string.IsNullOrWhiteSpace(id) && id.Length <= 200)
            .Select(id => id.Trim()).Distinct(StringComparer.Ordinal).Take(MaxReplyIds).ToList();
        if (ids.Count == 0)
        {
            return null;
        }

        var recorded = await db.Interactions
            .Where(i => i.Channel == contact.Channel && i.ExternalId != null && ids.Contains(i.ExternalId) && i.CaseId != null)
            .Select(i => new { Id = i.ExternalId!, CaseId = i.CaseId!.Value })
            .ToListAsync(cancellationToken);
        var sent = await db.OutboundMessages
            .Where(m => m.Channel == contact.Channel && m.ProviderMessageId != null && ids.Contains(m.ProviderMessageId) && m.CaseId != null)
            .Select(m => new { Id = m.ProviderMessageId!, CaseId = m.CaseId!.Value })
            .ToListAsync(cancellationToken);
        var caseByMessage = recorded.Concat(sent).GroupBy(m => m.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().CaseId, StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (caseByMessage.TryGetValue(id, out var caseId))
            {
                var @case = await db.Cases.FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken);
                if (@case is not null && @case.CitizenId == citizenId)
                {
                    return @case;
                }
            }
        }

        return null;
    }

    private async Task<IntakeOutcome?> DuplicateOfAsync(Channel channel, string externalId, CancellationToken cancellationToken)
    {
        var existing = await db.Interactions.Where(i => i.Channel == channel && i.ExternalId == externalId)
            .Select(i => new { i.Id, i.CitizenId, Reference = db.Cases.Where(c => c.Id == i.CaseId).Select(c => c.Reference).FirstOrDefault() })
            .FirstOrDefaultAsync(cancellationToken);
        return existing is null ? null : new IntakeOutcome(existing.CitizenId, true, existing.Reference ?? "", existing.Id, Threading.Conversation, Duplicate: true);
    }

    private async Task<Guid> FollowMergesAsync(Guid citizenId, CancellationToken cancellationToken)
    {
        for (var hops = 0; hops < 10; hops++)
        {
            var mergedInto = await db.Citizens.Where(c => c.Id == citizenId).Select(c => c.MergedIntoId).FirstOrDefaultAsync(cancellationToken);
            if (mergedInto is null)
            {
                break;
            }

            citizenId = mergedInto.Value;
        }

        return citizenId;
    }

    private static Interaction NewInteraction(InboundContact contact, Guid citizenId, Guid identityId, Guid caseId, Actor actor, DateTime now) => new()
    {
        CitizenId = citizenId,
        CaseId = caseId,
        ChannelIdentityId = identityId,
        Channel = contact.Channel,
        Direction = Direction.Inbound,
        OccurredAt = contact.ReceivedAt,
        RecordedAt = now,
        Subject = contact.Subject?.Trim(),
        Body = contact.Body.Trim(),
        Author = actor.ToString(),
        AuthorName = actor.DisplayName,
        ExternalId = contact.ExternalId,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Automatic {Channel} reply kept as a note on case {CaseRef}")]
    private static partial void LogAutomated(ILogger logger, Channel channel, string caseRef);

    [LoggerMessage(Level = LogLevel.Information, Message = "Inbound {Channel} contact recorded on case {CaseRef} ({Threading})")]
    private static partial void LogReceived(ILogger logger, Channel channel, string caseRef, Threading threading);
}
