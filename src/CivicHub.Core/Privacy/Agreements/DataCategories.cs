namespace CivicHub.Core.Privacy.Agreements;

/// <summary>The kinds of citizen data an agreement can open; a citizen's name and case references are open to all staff.</summary>
[Flags]
public enum DataCategories
{
    None = 0,

    /// <summary>Channel identities (phone, email, social accounts), postal addresses and date of birth.</summary>
    ContactDetails = 1,

    /// <summary>Cases, their timeline (interactions and history) and their attachments.</summary>
    Cases = 2,

    /// <summary>Demographics and form answers a service marks sensitive.</summary>
    SensitiveFields = 4,

    /// <summary>
    /// Internal notes. Notes live in a case's history today and go with the Cases category; this category is kept
    /// so that agreements written now can already name it when notes become a record of their own.
    /// </summary>
    Notes = 8,
}
