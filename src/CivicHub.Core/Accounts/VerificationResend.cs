namespace CivicHub.Core.Accounts;

/// <summary>What asking for the verification link again did.</summary>
public enum VerificationResend
{
    /// <summary>A new link is on its way; the earlier one no longer works.</summary>
    Sent,

    /// <summary>The email is proved already: nothing to send.</summary>
    AlreadyVerified,

    /// <summary>A link went out moments ago; no second one yet, so nobody can flood the mailbox.</summary>
    TooSoon,
}
