using CivicHub.Core.Interactions;
using CivicHub.Core.Outreach;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CivicHub.Core.Tests.Outreach;

public sealed class ChannelSendersTests
{
    private sealed class Named(Channel channel, string name, bool configured = true) : IChannelSender
    {
        public Channel Channel => channel;

        public bool Configured => configured;

        public string Name => name;

        public Task<SendResult> SendAsync(ChannelSend message, CancellationToken cancellationToken) => Task.FromResult(SendResult.Sent(name));
    }

    private static ChannelSenders Senders(bool development, params IChannelSender[] registered) =>
        new(registered, Options.Create(new OutreachOptions { DevelopmentSenders = development }), NullLoggerFactory.Instance);

    [Fact]
    public void The_last_sender_registered_for_a_channel_wins()
    {
        var senders = Senders(false, new Named(Channel.Sms, "provider"), new Named(Channel.Sms, "replacement"));
        Assert.Equal("replacement", Assert.IsType<Named>(senders.For(Channel.Sms)).Name);
    }

    [Fact]
    public void A_channel_without_a_sender_is_unavailable_except_for_the_logging_stand_in_in_development()
    {
        Assert.False(Senders(false).Available(Channel.Email));
        Assert.IsType<LoggingChannelSender>(Senders(true).For(Channel.Email));
        Assert.IsType<Named>(Senders(true, new Named(Channel.Email, "smtp")).For(Channel.Email));

        // Channels outreach never sends on get no stand-in.
        Assert.Null(Senders(true).For(Channel.Mail));
    }

    [Fact]
    public void A_sender_that_is_not_configured_leaves_its_channel_unavailable_and_hides_no_configured_one()
    {
        Assert.False(Senders(false, new Named(Channel.Email, "no server", configured: false)).Available(Channel.Email));
        Assert.Equal("smtp", Assert.IsType<Named>(Senders(false, new Named(Channel.Email, "smtp"), new Named(Channel.Email, "no server", configured: false)).For(Channel.Email)).Name);
    }
}
