namespace CivicHub.Core.Outreach;

/// <summary>How a send went, as far as the outbox needs to know.</summary>
public enum SendOutcome
{
    /// <summary>The provider took it.</summary>
    Sent,

    /// <summary>A passing failure (timeout, 5xx, rate limit): try again later.</summary>
    Retry,

    /// <summary>The provider refused it for good (invalid or opted-out number, unknown mailbox): fall back to the next channel.</summary>
    Rejected,
}
