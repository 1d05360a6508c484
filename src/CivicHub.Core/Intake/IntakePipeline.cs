using CivicHub.Core.Access;
using CivicHub.Core.Cases;
using CivicHub.Core.Catalog;
using CivicHub.Core.Citizens;
using CivicHub.Core.Citizens.Matching;
using CivicHub.Core.Data;
using CivicHub.Core.Events;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Routing;
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
    IOptions<RoutingOptions> routing,
    TimeProvider time,
    ILogger<IntakePipeline> logger)
{
    public async Task<Outcome<IntakeOutcome>> ReceiveAsync(InboundContact contact, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().Text("body", contact.Body, 100_000).Text("subject", contact.Subject, 500, required: false)
            .Text("externalId", contact.ExternalId, 200, required: false);
        var (from, fromError) = normalizer.Normalize(contact.FromKind, contact.From);
        if (from is null)
        {
            errors.Add("from", fromError!);
        }

        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        // Two first contacts from one new sender can race to create the same provisional citizen; the loser retries.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ReceiveOnceAsync(contact, from!, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<IntakeOutcome> ReceiveOnceAsync(InboundContact contact, string from, CancellationToken cancellationToken)
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
        if (identity is null)
        {
            var citizen = new Citizen { Id = Guid.CreateVersion7(), IsProvisional = true, CreatedAt = now, UpdatedAt = now };
            citizen.SetNames(contact.SenderGivenName, contact.SenderFamilyName);
            identity = new ChannelIdentity { Id = Guid.CreateVersion7(), CitizenId = citizen.Id, Kind = contact.FromKind, Value = from, Display = contact.From.Trim(), CreatedAt = now };
            citizen.Identities.Add(identity);
            db.Citizens.Add(citizen);
            db.Record("citizen.created", citizen.Id, now, new { Provisional = true, contact.Channel });
            citizenId = citizen.Id;

            // Identity resolution: suggest who this sender may be, for an agent to confirm; never merged here.
            await likelyMatches.SuggestForAsync(citizen, cancellationToken);
        }

        var actor = new Actor(ActorKind.Citizen, citizenId.ToString(), "Citizen");

        // 2. thread: a quoted reference of the sender's own case, else the open conversation on this channel
        var (threaded, threading, quoted) = await ThreadAsync(contact, citizenId, identity.Id, known, now, cancellationToken);

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
            var opening = new CaseOpening(citizenId, snapshot.ServiceByCode(contact.ServiceCode), snapshot.Endpoint(contact.Channel, contact.To), contact.Channel, contact.Body.Trim(), contact.ReceivedAt)
            {
                Subject = contact.Subject?.Trim(),
                ChannelIdentityId = identity.Id,
                ExternalId = contact.ExternalId,
            };
            var opened = await opener.OpenAsync(opening, actor, cancellationToken);
            if (!opened.Succeeded)
            {
                throw new InvalidOperationException(opened.Problem!.Detail);
            }

            (@case, interaction) = opened.Value;
            interaction.QuotedReference = quoted;
        }

        await db.SaveChangesAsync(cancellationToken);
        LogReceived(logger, contact.Channel, @case.Reference, threading);
        return new IntakeOutcome(citizenId, known, @case.Reference, interaction.Id, threading, Duplicate: false);
    }

    private async Task<(Case? Case, Threading Threading, string? Quoted)> ThreadAsync(
        InboundContact contact, Guid citizenId, Guid identityId, bool known, DateTime now, CancellationToken cancellationToken)
    {
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Inbound {Channel} contact recorded on case {CaseRef} ({Threading})")]
    private static partial void LogReceived(ILogger logger, Channel channel, string caseRef, Threading threading);
}
