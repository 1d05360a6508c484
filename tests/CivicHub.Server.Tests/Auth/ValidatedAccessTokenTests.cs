using System.Security.Claims;
using CivicHub.Server.Auth;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace CivicHub.Server.Tests.Auth;

/// <summary>
/// A token validated once is not validated by OpenIddict again (<see cref="ValidatedAccessTokens"/>,
/// <see cref="RememberingValidationHandler"/>), and that changes nothing a caller can see: each token keeps its own
/// roles and is refused in the same words, a token changed by one character is still refused, a remembered token is
/// refused at an address it was not issued for, and it stops working when it expires. What its holder's standing
/// changes is tested with the standing (StaffTokenStandingTests, SingleSignOnTests). SQLite only: tokens never touch
/// the database.
/// </summary>
public sealed class ValidatedAccessTokenTests(ShortTokenHost host) : IClassFixture<ShortTokenHost>
{
    [Fact]
    public async Task A_token_used_again_is_not_checked_twice_and_each_token_keeps_its_own_roles()
    {
        var tokens = host.Services.GetRequiredService<ValidatedAccessTokens>();
        var agent = await host.StaffClientAsync("dana");
        var supervisor = await host.StaffClientAsync("priya");

        // The audit trail is for supervisors: the agent is refused, the supervisor let in, each time, and the agent's
        // refusal reads the same whether OpenIddict validated the token for it or not.
        var refusals = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var reused = tokens.Reused;
            var refused = await agent.GetAsync(Http.Url("/api/v1/audit"));
            var problem = await refused.ProblemAsync(HttpStatusCode.Forbidden);
            refusals.Add($"{refused.Headers.WwwAuthenticate} {problem.GetProperty("title")} {problem.GetProperty("detail")}");
            Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync(Http.Url("/api/v1/audit"))).StatusCode);
            if (i == 1)
            {
                Assert.Equal(reused + 2, tokens.Reused);
            }
        }

        Assert.Contains("insufficient_access", refusals[0], StringComparison.Ordinal);
        Assert.Equal(refusals[0], refusals[1]);
    }

    [Fact]
    public async Task A_remembered_token_brought_to_another_address_is_refused_there()
    {
        var tokens = host.Services.GetRequiredService<ValidatedAccessTokens>();
        var client = await host.StaffClientAsync("sam");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Http.Url("/api/v1/departments"))).StatusCode);

        // The token names the address that issued it: anywhere else OpenIddict checks it, and refuses it.
        var reused = tokens.Reused;
        await (await client.GetAsync(new Uri("http://elsewhere.example/api/v1/departments"))).ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(reused, tokens.Reused);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Http.Url("/api/v1/departments"))).StatusCode);
        Assert.Equal(reused + 1, tokens.Reused);
    }

    [Fact]
    public async Task A_remembered_token_changed_by_one_character_is_refused()
    {
        var client = await host.StaffClientAsync("morgan");
        var token = client.DefaultRequestHeaders.Authorization!.Parameter!;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Http.Url("/api/v1/departments"))).StatusCode);

        foreach (var changed in new[] { Flip(token, token.Length - 2), Flip(token, token.IndexOf('.', StringComparison.Ordinal) + 5) })
        {
            using var forged = host.CreateClient();
            forged.DefaultRequestHeaders.Authorization = new("Bearer", changed);
            await (await forged.GetAsync(Http.Url("/api/v1/departments"))).ProblemAsync(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task A_remembered_token_is_refused_once_it_expires()
    {
        var tokens = host.Services.GetRequiredService<ValidatedAccessTokens>();
        var client = await host.StaffClientAsync("luis");
        var expires = new JsonWebToken(client.DefaultRequestHeaders.Authorization!.Parameter!).ValidTo;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Http.Url("/api/v1/departments"))).StatusCode);
        var reused = tokens.Reused;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Http.Url("/api/v1/departments"))).StatusCode);
        Assert.Equal(reused + 1, tokens.Reused);

        // Until the clock passes the token's expiry (seconds: the host issues tokens for a few seconds).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow <= expires.AddMilliseconds(100))
        {
            Assert.True(DateTime.UtcNow < deadline, "The token did not expire.");
            await Task.Delay(TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken);
        }

        await (await client.GetAsync(Http.Url("/api/v1/departments"))).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public void A_token_bound_to_a_client_certificate_is_not_remembered()
    {
        using var tokens = new ValidatedAccessTokens(TimeProvider.System);
        var expires = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var plain = new ClaimsPrincipal(new ClaimsIdentity([new Claim(Claims.Subject, "a"), new Claim(Claims.ExpiresAt, expires)], "test"));
        var bound = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(Claims.Subject, "b"), new Claim(Claims.ExpiresAt, expires), new Claim(Claims.Confirmation, """{"x5t#S256":"abc"}""")], "test"));

        tokens.Remember("plain", "http://localhost", plain);
        tokens.Remember("bound", "http://localhost", bound);

        Assert.Equal("a", tokens.Find("plain", "http://localhost")?.FindFirst(Claims.Subject)?.Value);
        Assert.Null(tokens.Find("plain", "http://elsewhere.example"));
        Assert.Null(tokens.Find("bound", "http://localhost"));
    }

    // The token with one base64url character replaced by another.
    private static string Flip(string token, int index) => string.Concat(token.AsSpan(0, index), token[index] == 'A' ? "B" : "A", token.AsSpan(index + 1));
}

/// <summary>
/// CivicHub issuing access tokens that live a few seconds, so that a test sees one expire. The host keeps each user's
/// token, so each test signs in as a member of staff of its own.
/// </summary>
public sealed class ShortTokenHost : SqliteHost
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Demo:Citizens", "5");
        builder.UseSetting("Auth:AccessTokenLifetime", "00:00:05");
    }
}
