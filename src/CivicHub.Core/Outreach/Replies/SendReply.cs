using CivicHub.Core.Access;
using CivicHub.Core.Cases;
using CivicHub.Core.Data;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Outreach.Preferences;
using CivicHub.Core.Outreach.Templates;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Outreach.Replies;

/// <summary>
/// An agent's reply to the citizen of a case. Without a channel it goes where the citizen last wrote about this
/// case (they are in that conversation), when that channel can still reach them; else by their preferences.
/// </summary>
public sealed class SendReply(CivicHubDb db, MessageComposer composer, ChannelSenders senders, OutreachSignal signal)
{
    public const int MaxTextLength = 5_000;

    public sealed record Request(string? Text, Channel? Channel);

    public async Task<Outcome<MessageView>> RunAsync(string reference, Request request, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ValidationErrors().Text("text", request.Text, MaxTextLength);
        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        var @case = await db.FindByReferenceAsync(reference, cancellationToken);
        if (@case is null)
        {
            return OutcomeProblem.NotFound($"No case has the reference {reference}.");
        }

        var citizen = await db.Citizens.AsNoTracking().Include(c => c.Identities).FirstAsync(c => c.Id == @case.CitizenId, cancellationToken);
        var lastInbound = await db.Interactions.AsNoTracking()
            .Where(i => i.CaseId == @case.Id && i.Direction == Direction.Inbound)
            .OrderByDescending(i => i.OccurredAt).ThenByDescending(i => i.Id)
            .Select(i => new { i.Channel, i.ExternalId })
            .ToListAsync(cancellationToken);

        Reach? reach;
        if (request.Channel is { } asked)
        {
            reach = senders.Available(asked) && ChannelChoice.Usable(asked, citizen.Identities) is { } identity ? new Reach(asked, identity) : null;
            if (reach is null)
            {
                return OutcomeProblem.Invalid("channel", $"The citizen cannot be reached by {asked}: no usable address, opted out, or no provider for it.");
            }
        }
        else
        {
            var usable = ChannelChoice.Order(citizen.PreferredChannels, citizen.Identities, senders.Available);
            reach = lastInbound.Select(i => usable.FirstOrDefault(r => r.Channel == i.Channel)).FirstOrDefault(r => r is not null) ?? (usable.Count > 0 ? usable[0] : null);
            if (reach is null)
            {
                return OutcomeProblem.Invalid("channel", "No channel can reach this citizen: add a phone or email address, or record the reply as a call or letter.");
            }
        }

        var notification = new Notification(Guid.CreateVersion7(), NotificationKinds.AgentReply, citizen.Id, @case.Id, actor.ToString())
        {
            Data = new Dictionary<string, string> { ["text"] = request.Text!.Trim() },
            InReplyTo = lastInbound.FirstOrDefault(i => i.Channel == reach.Channel && i.ExternalId != null)?.ExternalId,
        };
        var message = await composer.ComposeOnAsync(notification, citizen, reach.Channel, reach.Identity.Id, reach.Identity.Value, cancellationToken);
        db.OutboundMessages.Add(message);
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
        return View(message, @case.Reference);
    }

    public static MessageView View(OutboundMessage m, string? reference) => new(
        m.Id, m.CitizenId, reference, m.Channel, m.Recipient, m.Status, m.TemplateKey, m.Subject, m.Body, m.Language, m.Author,
        m.Attempts, m.NextAttemptAt, m.LastError, m.CreatedAt, m.SentAt, m.DeliveredAt);
}
