using CivicHub.Core.Chat;

namespace CivicHub.Channels.Chat;

/// <summary>
/// The answer to a visitor's Start: the token to keep (only when a new session was opened), what was said before, and
/// who is answering now.
/// </summary>
public sealed record ChatStarted(
    string? SessionToken,
    bool Resumed,
    IReadOnlyList<ChatMessage> History,
    ChatConversationStatus? Status,
    string? AgentName)
{
    /// <summary>The session, for the hub's groups; never sent to the visitor.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Guid SessionId { get; init; }
}
