using CivicHub.Server.Tests.Hosting;
using Microsoft.Extensions.Options;

namespace CivicHub.Server.Tests.Channels;

/// <summary>An enabled channel without its secrets stops the host at start, not at the first webhook.</summary>
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

    [Fact]
    public async Task A_disabled_channel_needs_no_secrets_and_its_webhooks_are_not_found()
    {
        await using var host = new SqliteHost();
        await using var disabled = host.WithWebHostBuilder(builder => builder
            .UseSetting("Channels:Sms:Enabled", "false").UseSetting("Channels:Sms:AuthToken", "")
            .UseSetting("Channels:Messenger:Enabled", "false").UseSetting("Channels:Messenger:AppSecret", ""));
        using var client = disabled.CreateClient();

        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["MessageSid"] = "SM1", ["From"] = "+13125550100" });
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync(new Uri("/channels/sms/inbound", UriKind.Relative), form)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/channels/messenger?hub.mode=subscribe", UriKind.Relative))).StatusCode);
    }
}
