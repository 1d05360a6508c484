using CivicHub.Channels.Email;
using CivicHub.Channels.Sms;
using CivicHub.Channels.Social;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outreach;
using CivicHub.Server.Tests.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CivicHub.Server.Tests.Channels;

/// <summary>
/// An enabled channel without its secrets stops the host at start, not at the first webhook; a channel switched off
/// (or email without an SMTP server, outside Development) is unavailable to outreach, so it is never tried.
/// </summary>
public sealed class ChannelOptionsTests
{
    [Theory]
    [InlineData("Channels:Sms:AuthToken", "AuthToken")]
    [InlineData("Channels:Sms:From", "From")]
    [InlineData("Channels:Messenger:AppSecret", "AppSecret")]
    [InlineData("Channels:Messenger:VerifyToken", "VerifyToken")]
    public async Task An_enabled_channel_without_a_secret_refuses_to_start(string setting, string named)
    {
        await using var host = new SqliteHost();
        await using var broken = host.WithWebHostBuilder(builder => builder.UseSetting(setting, ""));

        var failure = Assert.Throws<OptionsValidationException>(() => { broken.CreateClient().Dispose(); });
        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }

    private static WebApplicationFactory<Program> SwitchedOff(SqliteHost host) => host.WithWebHostBuilder(builder => builder
        .UseSetting("Channels:Sms:Enabled", "false").UseSetting("Channels:Sms:AuthToken", "")
        .UseSetting("Channels:Messenger:Enabled", "false").UseSetting("Channels:Messenger:AppSecret", ""));

    [Fact]
    public async Task A_disabled_channel_needs_no_secrets_and_its_webhooks_are_not_found()
    {
        await using var host = new SqliteHost();
        await using var disabled = SwitchedOff(host);
        using var client = disabled.CreateClient();

        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["MessageSid"] = "SM1", ["From"] = "+13125550100" });
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync(new Uri("/channels/sms/inbound", UriKind.Relative), form)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/channels/messenger?hub.mode=subscribe", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_channel_switched_off_or_without_a_server_is_unavailable_to_outreach_and_an_enabled_one_is_available()
    {
        await using var host = new SqliteHost();
        await using var disabled = SwitchedOff(host);
        disabled.CreateClient().Dispose();

        // Outside Development, where no logging sender stands in for a channel that has none.
        static ChannelSenders Outreach(IServiceProvider services, string environment) => new(
            [
                services.GetRequiredService<TwilioSmsSender>(),
                services.GetRequiredService<MessengerSender>(),
                new UnconfiguredEmailSender(new HostingEnvironment { EnvironmentName = environment }, Options.Create(new EmailOptions()), NullLogger<UnconfiguredEmailSender>.Instance),
            ],
            Options.Create(new OutreachOptions()),
            NullLoggerFactory.Instance);

        await using (var scope = disabled.Services.CreateAsyncScope())
        {
            var off = Outreach(scope.ServiceProvider, Environments.Production);
            Assert.False(off.Available(Channel.Sms));
            Assert.False(off.Available(Channel.Social));
            Assert.False(off.Available(Channel.Email));
        }

        using (host.CreateClient())
        {
            await using var scope = host.Services.CreateAsyncScope();
            var on = Outreach(scope.ServiceProvider, Environments.Development);
            Assert.IsType<TwilioSmsSender>(on.For(Channel.Sms));
            Assert.IsType<MessengerSender>(on.For(Channel.Social));
            Assert.IsType<UnconfiguredEmailSender>(on.For(Channel.Email));
        }
    }
}
