using System.Globalization;
using CivicHub.Server.Components.Desk;
using CivicHub.Server.Components.Portal;
using CivicHub.Server.Tests.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CivicHub.Server.Tests.Security;

/// <summary>
/// The host as it runs in Production (Hosting/TransportSecurity): plain HTTP is sent to HTTPS, HTTPS answers carry
/// HSTS, a TLS-terminating proxy the host trusts is believed about the scheme, the portal's and the desk's cookies are
/// Secure, and an exception tells the client nothing of itself.
/// </summary>
public abstract class ProductionPipelineTests(CivicHubHost host)
{
    private HttpClient Client(string scheme)
    {
        host.RequireDatabase();
        return host.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri($"{scheme}://{ProductionSettings.PublicHost}"),
            AllowAutoRedirect = false,
            HandleCookies = false,
        });
    }

    [Fact]
    public async Task Plain_http_is_redirected_to_https_on_the_same_path()
    {
        using var client = Client("http");

        foreach (var path in new[] { "/services?q=pothole", "/desk", "/api/v1/services" })
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.StatusCode is HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect, $"{path}: {response.StatusCode}");
            Assert.Equal(new Uri($"https://{ProductionSettings.PublicHost}{path}"), response.Headers.Location);
            Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS is only ever sent over HTTPS");
        }
    }

    [Fact]
    public async Task Https_answers_carry_hsts_for_a_year_with_sub_domains()
    {
        using var client = Client("https");

        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {host.Logs.Errors()}");
        var hsts = Assert.Single(response.Headers.GetValues("Strict-Transport-Security"));
        Assert.Equal("max-age=31536000; includeSubDomains", hsts);
    }

    [Fact]
    public async Task Behind_the_trusted_proxy_a_request_it_received_over_https_is_served_with_hsts_not_redirected()
    {
        using var client = Client("http");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/healthz", UriKind.Relative));
        // Every test request arrives from the trusted proxy (ProxyInFront), which terminated TLS.
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await client.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {host.Logs.Errors()}");
        Assert.True(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task The_portal_and_desk_session_cookies_and_the_antiforgery_cookie_are_secure()
    {
        // The policy, whatever the request: outside Development a cookie never travels over plain HTTP.
        var cookies = host.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>();
        Assert.Equal(CookieSecurePolicy.Always, cookies.Get(PortalAuth.Scheme).Cookie.SecurePolicy);
        Assert.Equal(CookieSecurePolicy.Always, cookies.Get(DeskAuth.Scheme).Cookie.SecurePolicy);
        Assert.Equal(CookieSecurePolicy.Always, host.Services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.SecurePolicy);

        using var client = Client("https");
        var now = DateTimeOffset.UtcNow;

        // A desk session two thirds through its idle time is renewed: the new cookie is Secure, HttpOnly and Strict.
        var (staffId, _, _) = await host.NewStaffAsync();
        var staff = await host.InDbAsync(db => db.Staff.AsNoTracking().FirstAsync(s => s.Id == staffId));
        var desk = DeskSessionValidator.NewSession(now.AddMinutes(-20));
        desk.Items[DeskSessionValidator.CheckedAtItem] = now.ToString("O", CultureInfo.InvariantCulture);
        (desk.IssuedUtc, desk.ExpiresUtc) = (now.AddMinutes(-20), now.AddMinutes(10));
        var deskCookie = SetCookie(await SendAsync(client, "/desk", DeskAuth.Scheme, DeskAuth.PrincipalOf(staff), desk), "civichub.desk");
        Assert.Contains("secure", deskCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", deskCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", deskCookie, StringComparison.OrdinalIgnoreCase);

        // A portal session past half its eight hours is renewed the same way.
        var signedUp = await host.InScopeAsync(sp => sp.GetRequiredService<Core.Accounts.CitizenAccounts>().SignUpAsync(
            new Core.Accounts.CitizenAccounts.SignUpRequest("Priscilla", "Produccion", $"{Guid.NewGuid():N}@mail.example", "a long enough passphrase 42", "en", $"https://{ProductionSettings.PublicHost}/account/verify"),
            CancellationToken.None));
        var portal = new AuthenticationProperties { IssuedUtc = now.AddHours(-6), ExpiresUtc = now.AddHours(2) };
        var portalCookie = SetCookie(await SendAsync(client, "/account/profile", PortalAuth.Scheme, PortalSession.PrincipalFor(signedUp.Value!.Citizen), portal), "civichub.portal");
        Assert.Contains("secure", portalCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", portalCookie, StringComparison.OrdinalIgnoreCase);

        // A form page hands out the anti-forgery cookie, Secure too.
        using var signIn = await client.GetAsync(new Uri("/account/sign-in", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var antiforgery = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_exception_is_answered_with_a_bare_500_problem_that_shows_nothing_of_it()
    {
        using var client = Client("https");

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/open311/v2/requests.json", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent([new("service_code", "pothole"), new("description", "A pothole")]),
        };
        request.Headers.Add(ProductionSettings.ThrowHeader, "1");

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.InternalServerError, $"{response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("hunter2", body, StringComparison.Ordinal);
        Assert.DoesNotContain("db.internal", body, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain(".cs:line", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/open311/v2/requests.json")]
    [InlineData("/account/sign-in")]
    public async Task A_500_over_https_still_carries_hsts_and_the_security_headers(string path)
    {
        using var client = Client("https");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new FormUrlEncodedContent([new("service_code", "pothole"), new("description", "A pothole")]),
        };
        request.Headers.Add(ProductionSettings.ThrowHeader, "1");

        using var response = await client.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.InternalServerError, $"{path}: {response.StatusCode}");
        AssertProtected(response, path);
    }

    [Theory]
    [InlineData("/open311/v2/requests/no-such-request.json", HttpStatusCode.NotFound)]
    [InlineData("/no-such-page", HttpStatusCode.Unauthorized)]
    public async Task A_404_or_401_over_https_carries_hsts_and_the_security_headers(string path, HttpStatusCode status)
    {
        using var client = Client("https");

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        // An address no endpoint answers falls to the fallback policy, which asks an anonymous caller to sign in.
        Assert.True(response.StatusCode == status, $"{path}: {response.StatusCode}");
        AssertProtected(response, path);
    }

    /// <summary>HSTS and the browser-facing headers (SecurityHeaderTests checks them on ordinary answers).</summary>
    private static void AssertProtected(HttpResponseMessage response, string path)
    {
        Assert.Equal("max-age=31536000; includeSubDomains", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Single(response.Headers.GetValues("Referrer-Policy"));
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        var page = response.Content.Headers.ContentType?.MediaType == "text/html";
        Assert.True(page ? policy.Contains("script-src 'self' 'nonce-", StringComparison.Ordinal) : policy.StartsWith("default-src 'none'", StringComparison.Ordinal), $"{path}: {policy}");
    }

    private async Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string scheme, System.Security.Claims.ClaimsPrincipal principal, AuthenticationProperties properties)
    {
        var options = host.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(scheme);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Add("Cookie", $"{options.Cookie.Name}={options.TicketDataFormat.Protect(new AuthenticationTicket(principal, properties, scheme))}");
        var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
        return response;
    }

    private static string SetCookie(HttpResponseMessage response, string name) =>
        Assert.Single(response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [], v => v.StartsWith(name + "=", StringComparison.Ordinal));
}

[Collection(ProductionSqliteCollection.Name)]
public sealed class ProductionPipelineOnSqlite(ProductionSqliteHost host) : ProductionPipelineTests(host);

[Collection(ProductionPostgresCollection.Name)]
public sealed class ProductionPipelineOnPostgres(ProductionPostgresHost host) : ProductionPipelineTests(host);
