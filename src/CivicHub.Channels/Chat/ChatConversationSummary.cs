using CivicHub.Core.Chat;

namespace CivicHub.Channels.Chat;

/// <summary>A conversation as the desk's list shows it.</summary>
public sealed record ChatConversationSummary(
    Guid Id,
    string Department,
    ChatConversationStatus Status,
    string Preview,
    DateTime StartedAt,
    DateTime LastMessageAt,
    string? CaseReference,
    Guid CitizenId,
    string CitizenName,
    string? AgentName);
