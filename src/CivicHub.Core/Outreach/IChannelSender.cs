using CivicHub.Core.Interactions;

namespace CivicHub.Core.Outreach;

/// <summary>A channel adapter's way out: hands one rendered message to its provider. One per channel, registered by the adapter.</summary>
public interface IChannelSender
{
    Channel Channel { get; }

    /// <summary>Sends once; the outbox decides about retries from the answer. Throws only for the unexpected.</summary>
    Task<SendResult> SendAsync(ChannelSend message, CancellationToken cancellationToken);
}
