using CivicHub.Core.Data;
using CivicHub.Core.Events;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outreach.Preferences;
using CivicHub.Core.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CivicHub.Core.Outreach.Outbox;

/// <summary>
/// Sends messages the <see cref="OutboxDispatcher"/> claimed, one citizen's at a time, and commits each outcome with
/// its timeline entry if the claim still holds. Passing failures back off; a refusal or too many failures falls back
/// to the next channel.
/// </summary>
public sealed partial class OutboxDelivery(
    CivicHubDb db,
    ChannelSenders senders,
    MessageComposer composer,
    TimeProvider time,
    IOptions<OutreachOptions> options,
    ILogger<OutboxDelivery> logger)
{
    /// <summary>Sends one citizen's claimed messages one after another, each outcome committed on its own.</summary>
    internal async Task DeliverInOrderAsync(IEnumerable<OutboundMessage> messages, Dictionary<Guid, MessageCase> cases, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
        {
            try
            {
                // Each outcome commits on its own and the context is cleared after it: the next message is tracked afresh.
                db.OutboundMessages.Attach(message);
                await DeliverAsync(message, message.CaseId is { } caseId ? cases.GetValueOrDefault(caseId) : null, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // The other citizens' sends go on. This citizen's later messages wait with this one until the lease runs
                // out, so they are not sent before it; then any host takes them over.
                LogCitizenStopped(logger, ex, message.Id, message.CitizenId);
                return;
            }
        }
    }

    private async Task DeliverAsync(OutboundMessage message, MessageCase? @case, CancellationToken cancellationToken)
    {
        var identity = message.ChannelIdentityId is null
            ? null
            : await db.ChannelIdentities.AsNoTracking().FirstOrDefaultAsync(i => i.Id == message.ChannelIdentityId, cancellationToken);

        // An opt-out that arrived while the message waited still wins.
        if (identity?.OptedOutAt is not null)
        {
            await FailAsync(message, OutboundStatus.Suppressed, "The citizen opted out of this address.", cancellationToken);
            return;
        }

        var sender = senders.For(message.Channel);
        SendResult result;
        if (sender is null)
        {
            result = SendResult.Rejected($"No sender is configured for {message.Channel}.");
        }
        else
        {
            try
            {
                result = await sender.SendAsync(ToSend(message), cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // The unexpected (a dropped connection, a bug in an adapter) is treated as passing: the message is tried again.
                LogSenderThrew(logger, ex, message.Id, message.Channel);
                result = SendResult.Retry($"The sender failed: {ex.GetType().Name}.");
            }
        }

        message.Attempts++;
        switch (result.Outcome)
        {
            case SendOutcome.Sent:
                await SentAsync(message, result.ProviderMessageId ?? $"{message.Channel}-{message.Id:N}", @case, cancellationToken);
                break;
            case SendOutcome.Retry when message.Attempts < options.Value.MaxAttempts:
                await RetryLaterAsync(message, result.Error ?? "The provider asked to try again.", cancellationToken);
                break;
            default:
                await FailAsync(message, OutboundStatus.Failed, result.Error ?? "The provider refused the message.", cancellationToken);
                break;
        }
    }

    private static ChannelSend ToSend(OutboundMessage message) => new(message.Id, message.Recipient, message.Body)
    {
        Subject = message.Subject,
        HtmlBody = message.HtmlBody,
        Language = message.Language,
        InReplyTo = message.InReplyTo,
        References = message.InReplyTo is null ? [] : [message.InReplyTo],
    };

    private async Task SentAsync(OutboundMessage message, string providerMessageId, MessageCase? @case, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        message.Status = OutboundStatus.Sent;
        message.ProviderMessageId = providerMessageId;
        message.SentAt = now;
        message.LastError = null;
        // An account email's link is a key to the account: once sent, neither the outbox nor the timeline keeps it.
        if (Accounts.AccountEmails.Redacted(message.TemplateKey) is { } redacted)
        {
            message.Body = redacted;
            message.HtmlBody = null;
        }

        var interaction = TimelineEntry(message, Direction.Outbound, now, message.Subject, message.Body, message.Author);
        interaction.ExternalId = providerMessageId;
        await CommitAsync(message, interaction, @case, cancellationToken);
        LogSent(logger, message.Id, message.Channel, message.Attempts);
    }

    private async Task RetryLaterAsync(OutboundMessage message, string error, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var next = now + Backoff.After(message.Attempts, options.Value.BaseBackoff, options.Value.MaxBackoff, Random.Shared.NextDouble());
        if (QuietHours.Applies(message.Channel))
        {
            var citizen = await db.Citizens.AsNoTracking().FirstAsync(c => c.Id == message.CitizenId, cancellationToken);
            next = composer.QuietHoursOf(citizen).NextAllowed(next);
        }

        message.Status = OutboundStatus.Queued;
        message.NextAttemptAt = next;
        message.LastError = Clip(error);
        await CommitAsync(message, interaction: null, @case: null, cancellationToken);
        LogRetry(logger, message.Id, message.Channel, message.Attempts);
    }

    /// <summary>Gives up on this channel, says so on the timeline, and queues the same notification on the next channel.</summary>
    private async Task FailAsync(OutboundMessage message, OutboundStatus status, string error, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        message.Status = status;
        message.LastError = Clip(error);
        var interaction = TimelineEntry(
            message,
            Direction.Internal,
            now,
            status == OutboundStatus.Suppressed ? "Message not sent (opted out)" : "Message not delivered",
            $"{message.Channel} message \"{message.TemplateKey ?? "reply"}\" was not sent after {message.Attempts} attempt(s): {message.LastError}",
            "system");

        var fallback = await composer.FallbackAsync(message, cancellationToken);
        if (fallback is null)
        {
            await composer.RecordUnreachableAsync(message.CitizenId, message.CaseId, message.TemplateKey ?? "reply", cancellationToken);
        }
        else
        {
            db.OutboundMessages.Add(fallback);
        }

        await CommitAsync(message, interaction, @case: null, cancellationToken);
        LogFailed(logger, message.Id, message.Channel, message.Attempts, fallback?.Channel);
    }

    /// <summary>
    /// The outcome, its timeline entry (and, for a message sent on a case, the case's event) and any fallback in one
    /// transaction, if this worker still holds the claim: when another host took the message over after the lease ran
    /// out, its outcome stands and this one is dropped. One save: the message is linked to its timeline entry by the
    /// entry's temporary key, which the save replaces with the one the database gives it.
    /// </summary>
    private async Task CommitAsync(OutboundMessage message, Interaction? interaction, MessageCase? @case, CancellationToken cancellationToken)
    {
        var token = message.ClaimToken;
        message.LeaseUntil = null;
        message.ClaimToken = null;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

            // Checking the claim writes the row, which holds it (PostgreSQL row lock, SQLite write lock) until the commit.
            var held = await db.OutboundMessages.Where(m => m.Id == message.Id && m.ClaimToken == token)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseUntil, (DateTime?)null), cancellationToken);
            if (held == 0)
            {
                LogLostClaim(logger, message.Id);
                return;
            }

            if (interaction is not null)
            {
                message.InteractionId = (long)db.Interactions.Add(interaction).Property(i => i.Id).CurrentValue;
                if (interaction.Direction == Direction.Outbound && @case is not null)
                {
                    db.Record("interaction.recorded", @case.CitizenId, @case.Id, @case.Reference, interaction.RecordedAt, new { interaction.Channel, interaction.Direction });
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>The message's entry on its citizen's timeline, on its case, channel and address: sent, or not delivered.</summary>
    private static Interaction TimelineEntry(OutboundMessage message, Direction direction, DateTime now, string? subject, string body, string author) => new()
    {
        CitizenId = message.CitizenId,
        CaseId = message.CaseId,
        ChannelIdentityId = message.ChannelIdentityId,
        Channel = message.Channel,
        Direction = direction,
        OccurredAt = now,
        RecordedAt = now,
        Subject = subject,
        Body = body,
        Author = author,
        AuthorName = author == "system" ? "CivicHub" : null,
    };

    private static string Clip(string error) => TextClip.Clip(error, 1_000);

    /// <summary>What a sent message's timeline event names of its case.</summary>
    internal sealed record MessageCase(Guid Id, Guid CitizenId, string Reference);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbound message {MessageId} sent on {Channel} (attempt {Attempts})")]
    private static partial void LogSent(ILogger logger, Guid messageId, Channel channel, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbound message {MessageId} on {Channel} will be retried (attempt {Attempts})")]
    private static partial void LogRetry(ILogger logger, Guid messageId, Channel channel, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbound message {MessageId} on {Channel} failed after {Attempts} attempt(s); fallback channel {Fallback}")]
    private static partial void LogFailed(ILogger logger, Guid messageId, Channel channel, int attempts, Channel? fallback);

    [LoggerMessage(Level = LogLevel.Error, Message = "The sender for {Channel} threw on message {MessageId}")]
    private static partial void LogSenderThrew(ILogger logger, Exception exception, Guid messageId, Channel channel);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbound message {MessageId} could not be delivered; it and citizen {CitizenId}'s later messages wait for their lease to run out")]
    private static partial void LogCitizenStopped(ILogger logger, Exception exception, Guid messageId, Guid citizenId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbound message {MessageId} was taken over by another worker after its lease ran out; its outcome there stands")]
    private static partial void LogLostClaim(ILogger logger, Guid messageId);
}
