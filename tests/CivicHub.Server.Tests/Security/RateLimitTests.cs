using CivicHub.Core.Accounts;
using CivicHub.Core.Demo;
using CivicHub.Server.Components.Portal;
using CivicHub.Server.Components.Portal.Account;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CivicHub.Server.Tests.Security;

/// <summary>
/// What anyone may ask without an account is limited per caller: past the limit the host answers 429 with
/// Retry-After, in problem details (or a short page for the web forms), and other callers are still served.
/// </summary>
public abstract class RateLimitTests(CivicHubHost host)
{
    [Fact]
    public async Task Desk_sign_in_posts_from_one_address_are_limited_and_another_address_is_not()
    {
        var client = host.From("198.51.100.10");
        for (var i = 0; i < RateLimitSettings.SignInPerAddress; i++)
        {
            var attempt = await client.PostAsync(Http.Url("/desk/sign-in"), SignInForm("Input.UserName", $"guess{i}"));
            Assert.NotEqual(HttpStatusCode.TooManyRequests, attempt.StatusCode);
        }

        var refused = await client.PostAsync(Http.Url("/desk/sign-in"), SignInForm("Input.UserName", "guess-more"));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After in seconds");
        Assert.Contains("Too many attempts", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var other = await host.From("198.51.100.11").PostAsync(Http.Url("/desk/sign-in"), SignInForm("Input.UserName", "someone"));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, other.StatusCode);
    }

    [Fact]
    public async Task Passkey_sign_in_posts_from_one_address_are_limited_and_another_address_is_not()
    {
        var client = host.From("198.51.100.40");
        for (var i = 0; i < RateLimitSettings.SignInPerAddress; i++)
        {
            var attempt = await client.PostAsync(Http.Url("/desk/passkeys/sign-in/options"), JsonContent.Create(new { }));
            Assert.NotEqual(HttpStatusCode.TooManyRequests, attempt.StatusCode);
        }

        var refused = await client.PostAsync(Http.Url("/desk/passkeys/sign-in"), JsonContent.Create(new { }));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After in seconds");

        var other = await host.From("198.51.100.41").PostAsync(Http.Url("/desk/passkeys/sign-in/options"), JsonContent.Create(new { }));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, other.StatusCode);
    }

    [Fact]
    public async Task Password_guesses_for_one_account_are_limited_across_addresses_and_other_accounts_still_sign_in()
    {
        for (var i = 0; i < RateLimitSettings.SignInPerAccount; i++)
        {
            var wrong = await host.From($"203.0.113.{20 + i}").PostAsync(Http.Url("/connect/token"), PasswordGrant("luis", "not-the-password"));
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }

        // Even the right password waits: the account's window is spent.
        var refused = await host.From("203.0.113.30").PostAsync(Http.Url("/connect/token"), PasswordGrant("LUIS", CivicHubHost.StaffPassword));
        var problem = await refused.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("seconds", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        var other = await host.From("203.0.113.30").PostAsync(
            Http.Url("/connect/token"),
            PasswordGrant("priya", CivicHubHost.StaffPassword, await host.OneTimeCodeAsync("priya", DemoStaff.TotpSecret(CivicHubHost.StaffTotpSeed, "priya"))));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Token_requests_from_one_address_are_limited()
    {
        var client = host.From("192.0.2.40");
        for (var i = 0; i < RateLimitSettings.TokenPerAddress; i++)
        {
            var response = await client.PostAsync(Http.Url("/connect/token"), ClientCredentials());
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await (await client.PostAsync(Http.Url("/connect/token"), ClientCredentials())).ProblemAsync(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Open311_submissions_are_limited_per_api_key_across_addresses()
    {
        const string key = "o311_a-key-someone-leaked";
        for (var i = 0; i < RateLimitSettings.Open311PerKey; i++)
        {
            var response = await host.From($"192.0.2.{50 + i}").PostAsync(Http.Url("/open311/v2/requests.json"), Open311Form(key));
            Assert.NotEqual(HttpStatusCode.TooManyRequests, response.StatusCode);
        }

        await (await host.From("192.0.2.59").PostAsync(Http.Url("/open311/v2/requests.json"), Open311Form(key))).ProblemAsync(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Open311_submissions_are_limited_per_address_whatever_the_key()
    {
        var client = host.From("192.0.2.60");
        for (var i = 0; i < RateLimitSettings.Open311PerAddress; i++)
        {
            var response = await client.PostAsync(Http.Url("/open311/v2/requests.json"), Open311Form($"o311_key-{i}"));
            Assert.NotEqual(HttpStatusCode.TooManyRequests, response.StatusCode);
        }

        await (await client.PostAsync(Http.Url("/open311/v2/requests.json"), Open311Form("o311_key-new"))).ProblemAsync(HttpStatusCode.TooManyRequests);
        // Reading requests is not a submission.
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.GetAsync(Http.Url("/open311/v2/services.json"))).StatusCode);
    }

    [Fact]
    public async Task Sms_webhook_calls_from_one_source_are_limited_per_webhook()
    {
        var client = host.From("192.0.2.70");
        for (var i = 0; i < RateLimitSettings.WebhooksPerSource; i++)
        {
            var unsigned = await client.PostAsync(Http.Url("/channels/sms/inbound"), new FormUrlEncodedContent([new("Body", "hi")]));
            Assert.NotEqual(HttpStatusCode.TooManyRequests, unsigned.StatusCode);
        }

        await (await client.PostAsync(Http.Url("/channels/sms/inbound"), new FormUrlEncodedContent([new("Body", "hi")]))).ProblemAsync(HttpStatusCode.TooManyRequests);
        // The Messenger webhook from the same source counts on its own.
        var messenger = await client.PostAsync(Http.Url("/channels/messenger"), new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, messenger.StatusCode);
    }

    [Fact]
    public async Task New_chat_connections_from_one_address_are_limited()
    {
        var client = host.From("192.0.2.80");
        for (var i = 0; i < RateLimitSettings.ChatConnectionsPerAddress; i++)
        {
            var negotiate = await client.PostAsync(Http.Url("/hubs/chat/negotiate?negotiateVersion=1"), null);
            Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
        }

        await (await client.PostAsync(Http.Url("/hubs/chat/negotiate?negotiateVersion=1"), null)).ProblemAsync(HttpStatusCode.TooManyRequests);
    }

    private static FormUrlEncodedContent SignInForm(string field, string account) =>
        new([new(field, account), new("Input.Password", "wrong"), new("_handler", "desk-sign-in")]);

    private static FormUrlEncodedContent PasswordGrant(string userName, string password, string otp = "000000") => new(
    [
        new("grant_type", "password"), new("client_id", "civichub-desk"), new("username", userName), new("password", password), new("otp", otp), new("scope", "api"),
    ]);

    private static FormUrlEncodedContent ClientCredentials() => new(
    [
        new("grant_type", "client_credentials"), new("client_id", "demo-integrator"), new("client_secret", CivicHubHost.IntegratorSecret), new("scope", "api"),
    ]);

    [Fact]
    public async Task Downloads_of_my_data_from_one_address_are_limited_and_another_address_is_still_served()
    {
        host.RequireDatabase();
        var signedUp = await host.InScopeAsync(sp => sp.GetRequiredService<CitizenAccounts>().SignUpAsync(
            new CitizenAccounts.SignUpRequest("Dora", "Descargas", $"{Guid.NewGuid():N}@mail.example", "a long enough passphrase 42", "en", "http://portal.example/account/verify"),
            CancellationToken.None));
        var options = host.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(PortalAuth.Scheme);
        var cookie = $"{options.Cookie.Name}={options.TicketDataFormat.Protect(new AuthenticationTicket(PortalSession.PrincipalFor(signedUp.Value!.Citizen), PortalAuth.Scheme))}";
        async Task<HttpResponseMessage> DownloadAsync(string address)
        {
            using var client = host.From(address);
            using var request = new HttpRequestMessage(HttpMethod.Get, Http.Url(MyDataEndpoints.Path));
            request.Headers.Add("Cookie", cookie);
            return await client.SendAsync(request);
        }

        for (var i = 0; i < RateLimitSettings.DownloadsPerAddress; i++)
        {
            var served = await DownloadAsync("198.51.100.60");
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.Equal("attachment", served.Content.Headers.ContentDisposition?.DispositionType);
        }

        var refused = await DownloadAsync("198.51.100.60");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After in seconds");
        Assert.Null(refused.Content.Headers.ContentDisposition);

        Assert.Equal(HttpStatusCode.OK, (await DownloadAsync("198.51.100.61")).StatusCode);
    }

    private static FormUrlEncodedContent Open311Form(string key) => new(
    [
        new("api_key", key), new("service_code", "pothole"), new("lat", "39.78"), new("long", "-89.65"), new("description", "A pothole"),
    ]);
}

[Collection(RateLimitSqliteCollection.Name)]
public sealed class RateLimitsOnSqlite(RateLimitSqliteHost host) : RateLimitTests(host);

[Collection(RateLimitPostgresCollection.Name)]
public sealed class RateLimitsOnPostgres(RateLimitPostgresHost host) : RateLimitTests(host);
