namespace CivicHub.Channels.Chat;

/// <summary>A visitor's message as recorded, and where it went.</summary>
public sealed record ChatReceived(ChatMessage Message, Guid ConversationId, bool NewConversation, bool Duplicate);
