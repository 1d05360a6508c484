using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace CivicHub.Server.Tests.Auth;

/// <summary>
/// A small OpenID Connect provider standing in for the state login, in memory (TestServer): discovery, JWKS, an
/// authorize endpoint that signs in whoever the test names in its query, and a token endpoint that checks the client
/// secret and PKCE and answers an RS256 id token. The test can make it misbehave (tamper=key|issuer|nonce) or have the
/// person decline (deny=1).
/// </summary>
public sealed class StateLoginProvider : IAsyncDisposable
{
    public const string Issuer = "https://login.state.example";
    public const string ClientId = "civichub-portal";
    public const string ClientSecret = "state-login-secret-for-tests";
    public const string DisplayName = "State Login";
    private const string KeyId = "state-login-1";

    private static readonly Lazy<StateLoginProvider> Instance = new(() => new StateLoginProvider());

    private readonly RSA _key = RSA.Create(2048);
    private readonly RSA _otherKey = RSA.Create(2048);
    private readonly WebApplication _app;

    private StateLoginProvider()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        _app = builder.Build();
        _app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = $"{Issuer}/authorize",
            ["token_endpoint"] = $"{Issuer}/token",
            ["jwks_uri"] = $"{Issuer}/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
            ["scopes_supported"] = new[] { "openid", "profile", "email" },
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "client_secret_basic" },
        }));
        _app.MapGet("/jwks", () =>
        {
            var parameters = _key.ExportParameters(false);
            return Results.Json(new
            {
                keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = KeyId, n = Base64Url(parameters.Modulus!), e = Base64Url(parameters.Exponent!) } },
            });
        });
        _app.MapGet("/authorize", Authorize);
        _app.MapPost("/token", TokenAsync);
        _app.StartAsync().GetAwaiter().GetResult();
        Client = _app.GetTestServer().CreateClient();
        Client.BaseAddress = new Uri(Issuer);
    }

    /// <summary>The one provider the test hosts are configured with (its keys live as long as the test run).</summary>
    public static StateLoginProvider Shared => Instance.Value;

    /// <summary>What the portal's OpenID Connect handler talks to (discovery, JWKS, token) instead of the network.</summary>
    public HttpMessageHandler Handler => _app.GetTestServer().CreateHandler();

    /// <summary>The citizen's browser at the provider: no redirects followed, no cookies needed.</summary>
    public HttpClient Client { get; }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
        _key.Dispose();
        _otherKey.Dispose();
    }

    private static IResult Authorize(HttpRequest request)
    {
        var query = request.Query;
        var redirect = query["redirect_uri"].ToString();
        if (query["client_id"] != ClientId || query["response_type"] != "code" || query["code_challenge_method"] != "S256"
            || string.IsNullOrEmpty(query["code_challenge"]) || string.IsNullOrEmpty(query["nonce"]) || !redirect.StartsWith("https://", StringComparison.Ordinal))
        {
            return Results.BadRequest("invalid_request");
        }

        var state = Uri.EscapeDataString(query["state"].ToString());
        if (query["deny"] == "1")
        {
            return Results.Redirect($"{redirect}?error=access_denied&error_description={Uri.EscapeDataString("The user declined.")}&state={state}");
        }

        // The code carries the whole grant: this provider keeps no state, and the tests read it if they need to.
        var grant = new Grant(
            query["sub"].ToString(), query["email"].ToString(), query["email_verified"] == "true", query["given_name"].ToString(), query["family_name"].ToString(),
            query["nonce"].ToString(), query["code_challenge"].ToString(), redirect, query["tamper"].ToString());
        var code = Base64Url(JsonSerializer.SerializeToUtf8Bytes(grant));
        return Results.Redirect($"{redirect}?code={code}&state={state}");
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var (clientId, secret) = (form["client_id"].ToString(), form["client_secret"].ToString());
        if (request.Headers.Authorization.ToString() is { Length: > 6 } basic && basic.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(basic[6..])).Split(':', 2);
            (clientId, secret) = (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
        }

        if (clientId != ClientId || secret != ClientSecret)
        {
            return Results.Json(new { error = "invalid_client" }, statusCode: StatusCodes.Status401Unauthorized);
        }

        var grant = JsonSerializer.Deserialize<Grant>(FromBase64Url(form["code"].ToString()))!;
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString())));
        if (form["grant_type"] != "authorization_code" || challenge != grant.Challenge || form["redirect_uri"] != grant.RedirectUri)
        {
            return Results.Json(new { error = "invalid_grant" }, statusCode: StatusCodes.Status400BadRequest);
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new Dictionary<string, object>
        {
            ["iss"] = grant.Tamper == "issuer" ? "https://login.elsewhere.example" : Issuer,
            ["sub"] = grant.Subject,
            ["aud"] = ClientId,
            ["iat"] = now,
            ["exp"] = now + 300,
            ["nonce"] = grant.Tamper == "nonce" ? "a-nonce-this-sign-in-never-sent" : grant.Nonce,
            ["email_verified"] = grant.EmailVerified,
        };
        if (grant.Email.Length > 0)
        {
            claims["email"] = grant.Email;
        }

        if (grant.GivenName.Length > 0)
        {
            claims["given_name"] = grant.GivenName;
            claims["family_name"] = grant.FamilyName;
        }

        var idToken = Sign(claims, grant.Tamper == "key" ? _otherKey : _key);
        return Results.Json(new { access_token = "state-access-" + Guid.NewGuid().ToString("N"), token_type = "Bearer", expires_in = 300, id_token = idToken });
    }

    private static string Sign(Dictionary<string, object> claims, RSA key)
    {
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", typ = "JWT", kid = KeyId }));
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = key.SignData(Encoding.ASCII.GetBytes($"{header}.{payload}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{header}.{payload}.{Base64Url(signature)}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - (padded.Length % 4)) % 4));
    }

    private sealed record Grant(
        string Subject, string Email, bool EmailVerified, string GivenName, string FamilyName, string Nonce, string Challenge, string RedirectUri, string Tamper);
}
