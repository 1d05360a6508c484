using CivicHub.Server.Tests.Hosting;
using Microsoft.Extensions.Options;

namespace CivicHub.Server.Tests.Auth;

/// <summary>A half-configured state login stops the host at start; an unconfigured one is simply not offered.</summary>
public sealed class FederationOptionsTests
{
    [Theory]
    [InlineData("Portal:Federation:ClientId", "", "ClientId")]
    [InlineData("Portal:Federation:ClientSecret", "", "ClientSecret")]
    [InlineData("Portal:Federation:DisplayName", "", "DisplayName")]
    [InlineData("Portal:Federation:Authority", "http://login.state.example", "Authority")]
    [InlineData("Portal:Federation:Scopes", "profile email", "Scopes")]
    public async Task A_state_login_missing_a_setting_refuses_to_start(string setting, string value, string named)
    {
        await using var host = new SqliteHost();
        await using var broken = host.WithWebHostBuilder(builder => builder.UseSetting(setting, value));

        var failure = Assert.Throws<OptionsValidationException>(() => { broken.CreateClient().Dispose(); });
        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_authority_the_sign_in_page_offers_no_state_login()
    {
        await using var host = new SqliteHost();
        await using var disabled = host.WithWebHostBuilder(builder => builder
            .UseSetting("Portal:Federation:Authority", "").UseSetting("Portal:Federation:ClientSecret", ""));
        using var client = disabled.CreateClient();

        var page = await client.GetStringAsync(new Uri("/account/sign-in", UriKind.Relative));

        Assert.Contains("<h1>Sign in</h1>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("account/federation/start", page, StringComparison.Ordinal);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>());
        // Nothing answers there: the host's fallback refuses the request, and nobody is sent to a provider.
        var start = await client.PostAsync(new Uri("/account/federation/start", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.Unauthorized, start.StatusCode);
        Assert.Null(start.Headers.Location);
    }
}
