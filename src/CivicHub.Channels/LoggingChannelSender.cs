using CivicHub.Core.Interactions;
using CivicHub.Core.Outreach;
using Microsoft.Extensions.Logging;

namespace CivicHub.Channels;

/// <summary>Stands in for a provider in Development when no provider address is configured: logs and pretends it sent.</summary>
public sealed partial class LoggingChannelSender(Channel channel, ILogger<LoggingChannelSender> logger) : IChannelSender
{
    public Channel Channel { get; } = channel;

    public Task<SendResult> SendAsync(ChannelSend message, CancellationToken cancellationToken)
    {
        // Only the size: the text and the recipient are personal data.
        LogSend(logger, Channel, message.MessageId, message.Body.Length);
        return Task.FromResult(SendResult.Sent($"dev-{Channel.ToString().ToLowerInvariant()}-{message.MessageId:N}"));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Development {Channel} sender: message {MessageId} of {Length} characters not sent to a provider")]
    private static partial void LogSend(ILogger logger, Channel channel, Guid messageId, int length);
}
