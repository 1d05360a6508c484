using System.Globalization;
using System.Net;
using System.Text;
using CivicHub.Core.Access;
using CivicHub.Core.Citizens;
using CivicHub.Core.Data;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Outreach;
using CivicHub.Core.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CivicHub.Channels.Chat;

/// <summary>
/// Emails a chat's transcript (text and HTML) by writing one message to the outbox, which the email channel sends.
/// It goes to the citizen's own email address, or to one the visitor typed in: what is sent is only what that visitor
/// already saw, and a daily limit per citizen keeps the chat from being used to mail strangers.
/// </summary>
public sealed partial class ChatTranscripts(
    CivicHubDb db, ChatSessions sessions, IOptions<ChatOptions> options, TimeProvider time, JurisdictionTime clock, ILogger<ChatTranscripts> logger)
{
    public const string TemplateKey = "chat.transcript";
    public const int MaxMessages = 1_000;

    /// <summary>The refusal when the daily limit is reached (the hub reports it as rate_limited).</summary>
    public static OutcomeProblem TooMany { get; } = OutcomeProblem.Conflict("Transcripts of this chat were already sent today. Please try again tomorrow.");

    public async Task<Outcome<TranscriptQueued>> RequestAsync(Guid sessionId, string? email, Actor? requester, CancellationToken cancellationToken)
    {
        var session = await db.ChatSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);

        // A visitor's own request needs a session still theirs; staff may still send one of an ended session.
        if (session is null || (requester is null && session.EndedAt is not null))
        {
            return OutcomeProblem.NotFound("The chat session has ended.");
        }

        var identityId = await sessions.IdentityOfAsync(session, cancellationToken);
        if (identityId is null)
        {
            return OutcomeProblem.Conflict("There is nothing to send yet: the chat has no messages.");
        }

        var citizenId = await db.ChannelIdentities.Where(i => i.Id == identityId).Select(i => i.CitizenId).FirstAsync(cancellationToken);
        var emails = await db.ChannelIdentities.AsNoTracking()
            .Where(i => i.CitizenId == citizenId && i.Kind == IdentityKind.Email && i.OptedOutAt == null)
            .OrderByDescending(i => i.Verified).ThenByDescending(i => i.CreatedAt)
            .Select(i => new { i.Id, i.Value }).ToListAsync(cancellationToken);
        string recipient;
        Guid? recipientIdentity;
        if (!string.IsNullOrWhiteSpace(email))
        {
            var (normalized, error) = IdentityNormalizer.NormalizeEmail(email);
            if (normalized is null)
            {
                return OutcomeProblem.Invalid("email", error!);
            }

            recipient = normalized;
            recipientIdentity = emails.FirstOrDefault(e => e.Value == normalized)?.Id;
        }
        else if (emails.Count > 0)
        {
            (recipientIdentity, recipient) = (emails[0].Id, emails[0].Value);
        }
        else
        {
            return OutcomeProblem.Invalid("email", "We have no email address for you: enter the address to send the transcript to.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var sentToday = await db.OutboundMessages.CountAsync(
            m => m.CitizenId == citizenId && m.TemplateKey == TemplateKey && m.CreatedAt >= now.AddDays(-1), cancellationToken);
        if (sentToday >= options.Value.TranscriptsPerDay)
        {
            return TooMany;
        }

        var history = await sessions.HistoryAsync(session, cancellationToken, MaxMessages);
        var caseId = await db.ChatConversations.Where(c => c.SessionId == session.Id).OrderByDescending(c => c.StartedAt)
            .Select(c => c.CaseId).FirstOrDefaultAsync(cancellationToken);
        var words = TranscriptWords.For(session.Language);
        var organisation = options.Value.OrganisationName;
        var message = new OutboundMessage
        {
            Id = Guid.CreateVersion7(),
            CitizenId = citizenId,
            CaseId = caseId,
            Channel = Channel.Email,
            ChannelIdentityId = recipientIdentity,
            Recipient = recipient,
            Subject = string.Format(CultureInfo.InvariantCulture, words.Subject, organisation),
            Body = Text(history, words, organisation),
            HtmlBody = Html(history, words, organisation, session.Language),
            Language = session.Language,
            TemplateKey = TemplateKey,
            Author = (requester ?? new Actor(ActorKind.Citizen, citizenId.ToString(), "Citizen")).ToString(),
            Status = OutboundStatus.Queued,
            NextAttemptAt = now,
            CreatedAt = now,
        };
        db.OutboundMessages.Add(message);
        await db.SaveChangesAsync(cancellationToken);
        LogQueued(logger, message.Id, recipientIdentity is not null);
        return new TranscriptQueued(message.Id, Masked(recipient));
    }

    private static string Who(ChatMessage message, TranscriptWords words, string organisation) => message.From switch
    {
        ChatAuthor.Visitor => words.You,
        ChatAuthor.Agent => message.AuthorName ?? words.Agent,
        _ => message.AuthorName ?? organisation,
    };

    // On the jurisdiction's clocks with the offset beside them, as the desk shows times.
    private string When(ChatMessage message) => clock.Format(message.SentAt);

    private string Text(IReadOnlyList<ChatMessage> history, TranscriptWords words, string organisation)
    {
        var text = new StringBuilder();
        text.AppendLine(string.Format(CultureInfo.InvariantCulture, words.Heading, organisation)).AppendLine();
        foreach (var message in history)
        {
            text.Append('[').Append(When(message)).Append("] ").Append(Who(message, words, organisation)).AppendLine(":")
                .AppendLine(message.Text).AppendLine();
        }

        return text.Append(words.Footer).ToString();
    }

    private string Html(IReadOnlyList<ChatMessage> history, TranscriptWords words, string organisation, string language)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"").Append(language).Append("\"><head><meta charset=\"utf-8\"><title>")
            .Append(WebUtility.HtmlEncode(string.Format(CultureInfo.InvariantCulture, words.Subject, organisation)))
            .Append("</title></head><body><h1>")
            .Append(WebUtility.HtmlEncode(string.Format(CultureInfo.InvariantCulture, words.Heading, organisation)))
            .Append("</h1><dl>");
        foreach (var message in history)
        {
            html.Append("<dt><strong>").Append(WebUtility.HtmlEncode(Who(message, words, organisation))).Append("</strong>, <time datetime=\"")
                .Append(message.SentAt.ToString("O", CultureInfo.InvariantCulture)).Append("\">").Append(When(message)).Append("</time></dt><dd>")
                .Append(WebUtility.HtmlEncode(message.Text).Replace("\n", "<br>", StringComparison.Ordinal)).Append("</dd>");
        }

        return html.Append("</dl><p>").Append(WebUtility.HtmlEncode(words.Footer)).Append("</p></body></html>").ToString();
    }

    private static string Masked(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at <= 1 ? "***" + email[Math.Max(at, 0)..] : email[0] + "***" + email[at..];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Chat transcript {MessageId} queued (to a known address: {KnownAddress})")]
    private static partial void LogQueued(ILogger logger, Guid messageId, bool knownAddress);
}
