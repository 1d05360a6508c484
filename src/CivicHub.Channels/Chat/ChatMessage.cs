namespace CivicHub.Channels.Chat;

/// <summary>
/// One message of a chat as the widget and the desk show it. <see cref="Id"/> is the visitor's own message id for
/// what they wrote, "i{interaction}" for an agent's reply and "o{outbox message}" for a notification, so a message
/// received live and again in the history is shown once.
/// </summary>
public sealed record ChatMessage(string Id, ChatAuthor From, string? AuthorName, string Text, DateTime SentAt);
