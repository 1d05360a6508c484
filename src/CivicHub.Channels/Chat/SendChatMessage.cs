namespace CivicHub.Channels.Chat;

/// <summary>A visitor's message; the client makes <see cref="MessageId"/> once and resends it unchanged after a reconnect.</summary>
public sealed record SendChatMessage(string? MessageId, string? Text);
