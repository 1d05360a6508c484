namespace CivicHub.Core.Intake;

/// <summary>How intake decided which case a contact belongs to.</summary>
public enum Threading
{
    /// <summary>The message answers one we recorded or sent on one of the sender's cases (an email's In-Reply-To or References).</summary>
    Reply,

    /// <summary>The message quoted the reference of one of the sender's cases.</summary>
    CaseReference,

    /// <summary>The sender's open conversation on this channel.</summary>
    Conversation,

    /// <summary>A new case.</summary>
    NewCase,
}
