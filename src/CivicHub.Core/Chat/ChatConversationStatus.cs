namespace CivicHub.Core.Chat;

/// <summary>Who is answering a chat conversation.</summary>
public enum ChatConversationStatus
{
    /// <summary>The visitor wrote; no one has taken it yet.</summary>
    Waiting,

    /// <summary>An agent took it and answers it.</summary>
    WithAgent,

    /// <summary>Handed to the chatbot; an agent may still take it back.</summary>
    WithBot,

    Closed,
}
