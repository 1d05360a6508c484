using CivicHub.Core.Interactions;
using Microsoft.Extensions.Logging;

namespace CivicHub.Core.Outreach;

/// <summary>Development's stand-in for a channel with no provider: it logs that it "sent" and says so. Never used in production.</summary>
public sealed partial class LoggingChannelSender(Channel channel, ILogger<LoggingChannelSender> logger) : IChannelSender
{
    public Channel Channel { get; } = channel;

    public Task<SendResult> SendAsync(ChannelSend message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        LogSent(logger, Channel, message.MessageId, message.Body.Length);
        return Task.FromResult(SendResult.Sent($"dev-{message.MessageId:N}"));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Development sender: {Channel} message {MessageId} ({Length} characters) recorded as sent")]
    private static partial void LogSent(ILogger logger, Channel channel, Guid messageId, int length);
}
