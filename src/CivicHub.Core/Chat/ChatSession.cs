namespace CivicHub.Core.Chat;

/// <summary>
/// A visitor of the web chat, recognised again by the token their browser keeps. The visitor's identity on the
/// timeline is the device identity "chat:{Id}"; the token itself is never stored, only its hash.
/// </summary>
public sealed class ChatSession
{
    /// <summary>The prefix of the device identity value a chat session writes from.</summary>
    public const string IdentityPrefix = "chat:";

    public Guid Id { get; set; }

    /// <summary>SHA-256 of the session token, hex: a stolen database does not give away live sessions.</summary>
    public required string TokenHash { get; set; }

    /// <summary>Whose chat this is: known from the start for a signed-in visitor, otherwise set by the first message.</summary>
    public Guid? CitizenId { get; set; }

    /// <summary>The department whose page the widget was on, when the page said.</summary>
    public int? DepartmentId { get; set; }

    /// <summary>"en" or "es", from the page; transcripts are written in it.</summary>
    public string Language { get; set; } = "en";

    public DateTime CreatedAt { get; set; }

    public DateTime LastSeenAt { get; set; }

    /// <summary>
    /// When the citizen ended every sign-in of theirs (signing out everywhere, a password reset): from then on the token
    /// resumes nothing, the visitor can say nothing more in it, and neither agents nor outreach write to it.
    /// </summary>
    public DateTime? EndedAt { get; set; }

    public string IdentityValue => IdentityPrefix + Id.ToString("N");
}
