namespace CivicHub.Channels.Chat;

/// <summary>An agent's reply in a conversation they hold; <see cref="MessageId"/> makes a resend harmless.</summary>
public sealed record DeskChatMessage(Guid ConversationId, string? MessageId, string? Text);
