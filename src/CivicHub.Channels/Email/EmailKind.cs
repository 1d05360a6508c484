namespace CivicHub.Channels.Email;

/// <summary>What an email that arrived in a department mailbox is, for intake.</summary>
public enum EmailKind
{
    /// <summary>A person wrote it: it goes through intake like any contact.</summary>
    Citizen,

    /// <summary>An automatic answer (out of office, autoresponder, bulk mail): at most a note on the case it answers.</summary>
    Automated,

    /// <summary>A delivery-status report: one of our messages could not be delivered.</summary>
    Bounce,
}
