using System.Text.RegularExpressions;
using CivicHub.Core.Accounts;
using CivicHub.Server.Auth;
using CivicHub.Server.Tests.Hosting;
using Duende.IdentityModel.Client;
using Duende.IdentityModel.OidcClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Server.Tests.Auth;

/// <summary>Citizens with verified portal accounts, and the relying parties (Duende OidcClient) that sign them in.</summary>
internal static partial class SsoCitizens
{
    public const string Password = "a long portal passphrase";
    public const string Authority = "http://localhost";
    public const string MobileRedirect = "http://127.0.0.1/callback";
    public const string MobileSignedOut = "http://127.0.0.1/signed-out";

    public static OidcClient RelyingParty(CivicHubHost host, string clientId, string redirectUri, CitizenBrowser browser, string scope = "openid profile email") => new(new OidcClientOptions
    {
        Authority = Authority,
        ClientId = clientId,
        RedirectUri = redirectUri,
        PostLogoutRedirectUri = MobileSignedOut,
        Scope = scope,
        Browser = browser,
        BackchannelHandler = host.Server.CreateHandler(),
        LoadProfile = true,
        Policy = new Policy { Discovery = new DiscoveryPolicy { RequireHttps = false } },
    });

    /// <summary>A citizen with a portal account whose email is verified, as a newly signed-up citizen would be.</summary>
    public static async Task<(string Email, Guid CitizenId)> NewAsync(CivicHubHost host, string given = "Sam", string family = "Okafor")
    {
        host.RequireDatabase();
        var email = $"sso-{Guid.NewGuid():N}@example.org";
        var signedUp = await host.InScopeAsync(sp => sp.GetRequiredService<CitizenAccounts>().SignUpAsync(
            new CitizenAccounts.SignUpRequest(given, family, email, Password, "en", "http://portal.example/account/verify"), CancellationToken.None));
        Assert.True(signedUp.Succeeded);
        var citizenId = signedUp.Value!.Citizen.CitizenId;
        var body = await host.InDbAsync(db => db.OutboundMessages.Where(m => m.CitizenId == citizenId).Select(m => m.Body).SingleAsync());
        var token = Uri.UnescapeDataString(VerifyToken().Match(body).Groups[1].Value);
        var verified = await host.InScopeAsync(sp => sp.GetRequiredService<CitizenAccounts>().VerifyEmailAsync(token, CancellationToken.None));
        Assert.True(verified.Succeeded);
        return (email, verified.Value!.CitizenId);
    }

    /// <summary>The userinfo endpoint read with an access token, as an application does.</summary>
    public static async Task<HttpResponseMessage> UserInfoAsync(CivicHubHost host, string accessToken)
    {
        var client = host.AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", accessToken);
        return await client.GetAsync(new Uri(new Uri(Authority), "/connect/userinfo"));
    }

    /// <summary>A bearer-token refusal (RFC 6750) saying the citizen's sign-in has ended.</summary>
    public static void AssertSignInEnded(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = string.Join(' ', response.Headers.WwwAuthenticate.Select(h => h.ToString()));
        Assert.Contains("invalid_token", challenge, StringComparison.Ordinal);
        Assert.Contains(CitizenTokenStanding.Refused, challenge, StringComparison.Ordinal);
    }

    /// <summary>The one-time token in an account email's link.</summary>
    [GeneratedRegex(@"\?token=([^\s]+)")]
    public static partial Regex VerifyToken();
}
