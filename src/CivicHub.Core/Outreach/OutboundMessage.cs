using CivicHub.Core.Interactions;

namespace CivicHub.Core.Outreach;

/// <summary>
/// One message to one citizen on one channel, written to the outbox in the transaction that decided to send it and
/// sent by a worker through the channel's <see cref="IChannelSender"/>.
/// </summary>
public sealed class OutboundMessage
{
    public Guid Id { get; set; }

    public Guid CitizenId { get; set; }

    /// <summary>
    /// One notification across its channels: a fallback to the next channel keeps it. Unique with the channel, so
    /// one notification is queued at most once per channel however many hosts decide it (see docs/decisions).
    /// </summary>
    public Guid NotificationId { get; set; } = Guid.NewGuid();

    public Guid? CaseId { get; set; }

    public Channel Channel { get; set; }

    /// <summary>The identity it goes to, when the channel has one (a phone, an email address, a social account).</summary>
    public Guid? ChannelIdentityId { get; set; }

    /// <summary>The address in the provider's terms: E.164 number, email address, page-scoped id, chat session.</summary>
    public required string Recipient { get; set; }

    public string? Subject { get; set; }

    /// <summary>The text as rendered for this channel and language.</summary>
    public required string Body { get; set; }

    /// <summary>The HTML alternative, for channels that have one (email).</summary>
    public string? HtmlBody { get; set; }

    public string Language { get; set; } = "en";

    /// <summary>The notification it renders ("case.received"), or null for an agent's free-text reply.</summary>
    public string? TemplateKey { get; set; }

    /// <summary>The values the template needs beyond the case (an agent's text, an appointment), as JSON, to render it again for a fallback channel.</summary>
    public string? TemplateData { get; set; }

    /// <summary>Who is speaking: "staff:{id}", "system".</summary>
    public required string Author { get; set; }

    public OutboundStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTime NextAttemptAt { get; set; }

    /// <summary>A worker's claim on a message it is sending; another worker may take it after this passes.</summary>
    public DateTime? LeaseUntil { get; set; }

    /// <summary>The claim of the worker holding the lease.</summary>
    public Guid? ClaimToken { get; set; }

    /// <summary>The provider's id for the sent message (SMS SID, Message-ID, Send API message id), for receipts and threading.</summary>
    public string? ProviderMessageId { get; set; }

    /// <summary>The provider message this one answers (an email's In-Reply-To), so the reply threads in the citizen's client.</summary>
    public string? InReplyTo { get; set; }

    public string? LastError { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? SentAt { get; set; }

    public DateTime? DeliveredAt { get; set; }

    /// <summary>The timeline entry that records it.</summary>
    public long? InteractionId { get; set; }
}
