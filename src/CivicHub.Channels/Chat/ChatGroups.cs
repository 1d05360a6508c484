namespace CivicHub.Channels.Chat;

/// <summary>The SignalR groups the chat hubs talk to; with a backplane they reach every host.</summary>
internal static class ChatGroups
{
    /// <summary>Every connection (tab) of one visitor's session.</summary>
    public static string Session(Guid sessionId) => $"chat-session:{sessionId:N}";

    /// <summary>The agent connections answering one conversation.</summary>
    public static string Conversation(Guid conversationId) => $"chat-conversation:{conversationId:N}";

    /// <summary>The connections of one member of staff: a waiting chat is pushed to each as that member may see it.</summary>
    public static string Agent(Guid staffId) => $"chat-agent:{staffId:N}";

    /// <summary>Every agent watching the waiting list (for notices that name no citizen).</summary>
    public const string Desk = "chat-desk";
}
