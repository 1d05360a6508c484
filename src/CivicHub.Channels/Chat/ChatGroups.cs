namespace CivicHub.Channels.Chat;

/// <summary>The SignalR groups the chat hubs talk to; with a backplane they reach every host.</summary>
internal static class ChatGroups
{
    /// <summary>Every connection (tab) of one visitor's session.</summary>
    public static string Session(Guid sessionId) => $"chat-session:{sessionId:N}";

    /// <summary>The agent connections answering one conversation.</summary>
    public static string Conversation(Guid conversationId) => $"chat-conversation:{conversationId:N}";

    /// <summary>Every agent watching the waiting list.</summary>
    public const string Desk = "chat-desk";
}
