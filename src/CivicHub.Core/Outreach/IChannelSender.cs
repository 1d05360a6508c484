using CivicHub.Core.Interactions;

namespace CivicHub.Core.Outreach;

/// <summary>A channel adapter's way out: hands one rendered message to its provider. One per channel, registered by the adapter.</summary>
public interface IChannelSender
{
    Channel Channel { get; }

    /// <summary>
    /// Whether the sender can reach its provider at all. One that cannot (its channel switched off or not set up)
    /// leaves the channel unavailable, so outreach chooses the citizen's next channel at once instead of trying this
    /// one, failing, and noting on the case that the message was not delivered.
    /// </summary>
    bool Configured => true;

    /// <summary>Sends once; the outbox decides about retries from the answer. Throws only for the unexpected.</summary>
    Task<SendResult> SendAsync(ChannelSend message, CancellationToken cancellationToken);
}
