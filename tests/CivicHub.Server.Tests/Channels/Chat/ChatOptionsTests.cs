using CivicHub.Channels.Chat;

namespace CivicHub.Server.Tests.Channels.Chat;

/// <summary>The chat settings are checked when the host starts, so a wrong origin fails loudly at boot.</summary>
public sealed class ChatOptionsTests
{
    private static bool Valid(ChatOptions options) => new ChatOptionsValidator().Validate(null, options).Succeeded;

    [Theory]
    [InlineData("https://www.county.example")]
    [InlineData("http://localhost:8080")]
    public void An_origin_of_scheme_and_host_is_accepted(string origin) =>
        Assert.True(Valid(new ChatOptions { AllowedOrigins = [origin] }));

    [Theory]
    [InlineData("https://www.county.example/")]
    [InlineData("https://www.county.example/services")]
    [InlineData("www.county.example")]
    [InlineData("*")]
    [InlineData("ftp://files.county.example")]
    [InlineData("https://user@www.county.example")]
    public void Anything_but_an_origin_is_refused(string origin) =>
        Assert.False(Valid(new ChatOptions { AllowedOrigins = [origin] }));

    [Fact]
    public void A_hub_message_limit_smaller_than_a_message_is_refused() =>
        Assert.False(Valid(new ChatOptions { MaxMessageLength = 2_000, MaxReceiveMessageBytes = 2_000 }));

    [Fact]
    public void The_defaults_are_valid() => Assert.True(Valid(new ChatOptions()));
}
