using CivicHub.Core.Interactions;

namespace CivicHub.Core.Outreach.Replies;

/// <summary>An outbound message as staff see it in a case's or a citizen's message list.</summary>
public sealed record MessageView(
    Guid Id,
    Guid CitizenId,
    string? CaseReference,
    Channel Channel,
    string Recipient,
    OutboundStatus Status,
    string? Kind,
    string? Subject,
    string Body,
    string Language,
    string Author,
    int Attempts,
    DateTime NextAttemptAt,
    string? LastError,
    DateTime CreatedAt,
    DateTime? SentAt,
    DateTime? DeliveredAt);
