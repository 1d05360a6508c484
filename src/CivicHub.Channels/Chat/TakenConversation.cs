using CivicHub.Core.Interactions;

namespace CivicHub.Channels.Chat;

/// <summary>What an agent sees on taking a chat: the conversation, what was said in it, and the citizen's recent timeline on every channel.</summary>
public sealed record TakenConversation(ChatConversationSummary Conversation, IReadOnlyList<ChatMessage> Messages, TimelinePage Timeline)
{
    /// <summary>The visitor's session, for the hub's groups; never sent.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Guid SessionId { get; init; }

    /// <summary>True the first time it is taken, false when the same agent takes it again after reconnecting.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool JustTaken { get; init; }

    /// <summary>
    /// True when the citizen ended every sign-in after the chat began: the agent still reads it, but a connection left
    /// open on a lost phone is not told who took it.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool SessionEnded { get; init; }
}
