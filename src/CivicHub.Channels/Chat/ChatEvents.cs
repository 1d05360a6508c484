namespace CivicHub.Channels.Chat;

/// <summary>The names of the events the chat hubs send to their clients (docs/api.md lists their payloads).</summary>
public static class ChatEvents
{
    public const string Message = "message";
    public const string Typing = "typing";
    public const string AgentJoined = "agentJoined";
    public const string HandedToBot = "handedToBot";
    public const string Closed = "closed";
    public const string ConversationWaiting = "conversationWaiting";
    public const string ConversationTaken = "conversationTaken";
    public const string ConversationClosed = "conversationClosed";
}
