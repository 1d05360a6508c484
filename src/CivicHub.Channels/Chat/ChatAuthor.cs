namespace CivicHub.Channels.Chat;

/// <summary>Who wrote a chat message.</summary>
public enum ChatAuthor
{
    /// <summary>The visitor (the citizen).</summary>
    Visitor,

    /// <summary>A member of staff.</summary>
    Agent,

    /// <summary>CivicHub itself: a notification or status answer sent through outreach.</summary>
    System,
}
