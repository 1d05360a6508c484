using System.Text.RegularExpressions;
using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;

namespace CivicHub.Server.Tests.Security;

/// <summary>The browser protections every response carries, and the access token kept out of API addresses.</summary>
public abstract partial class SecurityHeaderTests(CivicHubHost host)
{
    [Fact]
    public async Task A_page_forbids_inline_script_and_framing_and_lets_only_its_import_map_run_by_nonce()
    {
        var response = await host.AnonymousClient().GetAsync(Http.Url("/"));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);

        var nonce = NonceInPolicy().Match(policy).Groups[1].Value;
        Assert.NotEmpty(nonce);
        // Every inline script on the page carries the nonce; scripts with a src are the host's own files.
        var inline = InlineScript().Matches(html);
        Assert.NotEmpty(inline);
        Assert.All(inline, script => Assert.Contains($"nonce=\"{nonce}\"", WebUtility.HtmlDecode(script.Value), StringComparison.Ordinal));

        // A fresh nonce per response: one seen once is useless to an attacker.
        var again = await host.AnonymousClient().GetAsync(Http.Url("/"));
        Assert.NotEqual(nonce, NonceInPolicy().Match(string.Join(";", again.Headers.GetValues("Content-Security-Policy"))).Groups[1].Value);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Cross-Origin-Opener-Policy").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("camera=()", response.Headers.GetValues("Permissions-Policy").Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/track")]
    [InlineData("/account/sign-in")]
    public async Task Portal_pages_that_carry_a_reference_send_no_referrer(string path)
    {
        var response = await host.AnonymousClient().GetAsync(Http.Url(path));
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Forms_stay_on_the_site_except_on_account_pages_whose_sign_in_returns_to_an_application()
    {
        var track = await host.AnonymousClient().GetAsync(Http.Url("/track"));
        Assert.Contains("form-action 'self'", string.Join(";", track.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);

        // Signing in for an application ends at its registered address on another site, after the form's redirects.
        var signIn = await host.AnonymousClient().GetAsync(Http.Url("/account/sign-in"));
        var policy = string.Join(";", signIn.Headers.GetValues("Content-Security-Policy"));
        Assert.DoesNotContain("form-action", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self' 'nonce-", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_chat_widget_script_stays_loadable_by_other_sites()
    {
        var response = await host.AnonymousClient().GetAsync(Http.Url("/widget/chat.js"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("cross-origin", response.Headers.GetValues("Cross-Origin-Resource-Policy").Single());
        Assert.False(response.Headers.Contains("X-Frame-Options"));
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());

        // The widget loads the SignalR client from the host as a plain cross-origin script.
        var client = await host.AnonymousClient().GetAsync(Http.Url("/lib/signalr/signalr.min.js"));
        Assert.Equal(HttpStatusCode.OK, client.StatusCode);
        Assert.Equal("cross-origin", client.Headers.GetValues("Cross-Origin-Resource-Policy").Single());
    }

    [Fact]
    public async Task An_answer_to_a_signed_in_caller_is_never_cached_and_never_rendered_as_a_page()
    {
        var staff = await host.StaffClientAsync();
        var response = await staff.GetAsync(Http.Url("/api/v1/services"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store");
        Assert.Contains("default-src 'none'", string.Join(";", response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Equal("same-origin", response.Headers.GetValues("Cross-Origin-Resource-Policy").Single());
    }

    [Fact]
    public async Task The_api_refuses_an_access_token_in_the_query_string_but_takes_it_in_the_header()
    {
        var staff = await host.StaffClientAsync();
        var token = staff.DefaultRequestHeaders.Authorization!.Parameter!;
        var anonymous = host.AnonymousClient();

        var inQuery = await anonymous.GetAsync(Http.Url($"/api/v1/services?access_token={Uri.EscapeDataString(token)}"));
        Assert.Equal(HttpStatusCode.Unauthorized, inQuery.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync(Http.Url("/api/v1/services"))).StatusCode);
    }

    [Fact]
    public async Task The_desk_chat_hub_still_takes_the_access_token_in_the_query_string()
    {
        var staff = await host.StaffClientAsync();
        var token = staff.DefaultRequestHeaders.Authorization!.Parameter!;
        var anonymous = host.AnonymousClient();

        // The negotiate call of a SignalR browser client: authorised with the query token, refused without it.
        var withToken = await anonymous.PostAsync(Http.Url($"/hubs/desk-chat/negotiate?negotiateVersion=1&access_token={Uri.EscapeDataString(token)}"), null);
        Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
        var without = await anonymous.PostAsync(Http.Url("/hubs/desk-chat/negotiate?negotiateVersion=1"), null);
        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
    }

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex NonceInPolicy();

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>")]
    private static partial Regex InlineScript();
}

[Collection(SqliteCollection.Name)]
public sealed class SecurityHeadersOnSqlite(SqliteHost host) : SecurityHeaderTests(host);

[Collection(PostgresCollection.Name)]
public sealed class SecurityHeadersOnPostgres(PostgresHost host) : SecurityHeaderTests(host);
