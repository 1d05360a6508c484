namespace CivicHub.Core.Outreach;

/// <summary>Where an outbox message is on its way to the citizen.</summary>
public enum OutboundStatus
{
    /// <summary>Written to the outbox, waiting for its turn (or for the end of the citizen's quiet hours).</summary>
    Queued,

    /// <summary>Claimed by a worker that is talking to the provider now.</summary>
    Sending,

    /// <summary>The provider accepted it.</summary>
    Sent,

    /// <summary>The provider reported it reached the citizen's device or mailbox.</summary>
    Delivered,

    /// <summary>It could not be sent or the provider reported it undeliverable; outreach falls back to the next channel.</summary>
    Failed,

    /// <summary>Never sent on purpose: the citizen opted out of the channel or the message became pointless.</summary>
    Suppressed,
}
