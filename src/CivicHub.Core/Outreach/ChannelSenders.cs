using CivicHub.Core.Interactions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CivicHub.Core.Outreach;

/// <summary>
/// The sender for each channel: the last one configured wins, so a test or a later adapter can replace one.
/// A channel with none configured is unavailable and outreach falls back; in Development a logging sender stands in.
/// </summary>
public sealed class ChannelSenders(IEnumerable<IChannelSender> senders, IOptions<OutreachOptions> options, ILoggerFactory loggers)
{
    private readonly Dictionary<Channel, IChannelSender> _byChannel = senders.Where(s => s.Configured).GroupBy(s => s.Channel).ToDictionary(g => g.Key, g => g.Last());

    public IChannelSender? For(Channel channel) =>
        _byChannel.TryGetValue(channel, out var sender) ? sender
        : options.Value.DevelopmentSenders && Preferences.ChannelChoice.KindFor(channel) is not null
            ? new LoggingChannelSender(channel, loggers.CreateLogger<LoggingChannelSender>())
            : null;

    public bool Available(Channel channel) => For(channel) is not null;
}
