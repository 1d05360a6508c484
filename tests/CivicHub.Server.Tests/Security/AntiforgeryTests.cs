using CivicHub.Server.Tests.Api;
using CivicHub.Server.Tests.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Server.Tests.Security;

/// <summary>
/// Every endpoint a browser can post to with its cookies checks an anti-forgery token; the rest take no cookie at
/// all (a bearer token, a provider's signature, an api_key), listed here with why. A new unsafe endpoint fails the
/// enumeration until it says which it is.
/// </summary>
public abstract class AntiforgeryTests(CivicHubHost host)
{
    /// <summary>Route prefixes whose unsafe methods are not authenticated by a cookie, so no cross-site form can act as a user there.</summary>
    private static readonly (string Prefix, string Why)[] CookielessPrefixes =
    [
        ("/api/v1", "bearer access token in the Authorization header only"),
        ("/connect/token", "client credentials or password in the form; no cookie is read"),
        ("/connect/userinfo", "bearer access token"),
        // OpenID Connect requests come from other sites by design. An authorization request gets a code only to the
        // client's registered redirect URI, bound to its PKCE challenge (a forger cannot redeem it), and an explicit
        // client's consent is a page of its own with a token; a logout request only ends the portal session and
        // sends back to a registered address (RP-Initiated Logout 1.0).
        ("/connect/authorize", "OpenID Connect authorization request: PKCE and registered redirect URIs"),
        ("/connect/endsession", "OpenID Connect RP-initiated logout: registered post-logout URIs only"),
        ("/open311", "api_key in the request; no cookie is read"),
        ("/channels/sms", "Twilio's X-Twilio-Signature"),
        ("/channels/messenger", "Meta's X-Hub-Signature-256"),
        ("/hubs/chat", "anonymous visitor hub; origin checked; session token in the messages"),
        ("/hubs/desk-chat", "bearer access token"),
        ("/healthz", "reads and writes nothing, whatever the method"),
        ("/_blazor", "the interactive circuit: SignalR with its own per-circuit protection"),
    ];

    /// <summary>Endpoints that check the token themselves, in their handler.</summary>
    private static readonly string[] CheckedInHandler = ["/desk/sign-out"];

    [Fact]
    public void Every_endpoint_that_takes_an_unsafe_method_checks_anti_forgery_or_reads_no_cookie()
    {
        host.RequireDatabase();
        var unchecked_ = UnsafeEndpoints()
            .Where(e => !RequiresAntiforgery(e) && !CheckedInHandler.Contains(e.Route) && !CookielessPrefixes.Any(p => e.Route.StartsWith(p.Prefix, StringComparison.OrdinalIgnoreCase)))
            .Select(e => e.Route)
            .ToList();
        Assert.True(unchecked_.Count == 0, $"Unsafe endpoints that neither check anti-forgery nor are cookieless: {string.Join(", ", unchecked_)}");
        Assert.Contains(UnsafeEndpoints(), e => e.Route == "/account/sign-out" && RequiresAntiforgery(e));
    }

    [Fact]
    public async Task Every_public_form_refuses_a_post_without_its_token()
    {
        var forms = UnsafeEndpoints()
            .Where(e => RequiresAntiforgery(e) || CheckedInHandler.Contains(e.Route))
            // Desk and administration pages answer a visitor without a desk session before they read the form.
            .Where(e => (!e.Route.StartsWith("/desk", StringComparison.Ordinal) && !e.Route.StartsWith("/admin", StringComparison.Ordinal))
                || e.Route == "/desk/sign-in" || CheckedInHandler.Contains(e.Route))
            .Select(e => e.Route)
            .Distinct()
            .ToList();
        Assert.Contains("/track", forms);
        Assert.Contains("/account/sign-in", forms);
        Assert.Contains("/account/forgot-password", forms);
        Assert.Contains("/account/reset-password", forms);
        Assert.Contains("/account/verify/resend", forms);
        Assert.Contains("/desk/sign-in", forms);
        host.RequireDatabase();
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var route in forms)
        {
            var path = route
                .Replace("{Code}", "pothole", StringComparison.Ordinal)
                .Replace("{Reference}", "CH-0000-0000", StringComparison.Ordinal)
                .Replace("{Id:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
                .Replace("{IntoId:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
                .Replace("{Id:int}", "1", StringComparison.Ordinal);
            var response = await client.PostAsync(Http.Url(path), new FormUrlEncodedContent([new("_handler", "any"), new("culture", "es"), new("Input.Email", "a@b.example")]));
            // A page for signed-in citizens sends a visitor to sign in before it reads any form; every other form refuses.
            if (response.StatusCode == HttpStatusCode.Found)
            {
                Assert.Contains("sign-in", response.Headers.Location?.ToString() ?? string.Empty, StringComparison.Ordinal);
            }
            else
            {
                // /track may already be at its look-up limit from other tests: refused before it reads the form, too.
                Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.TooManyRequests, $"{route} answered {(int)response.StatusCode} to a form without an anti-forgery token");
            }

            // A refused form changes nothing: no culture cookie, no session.
            Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(".AspNetCore.Culture", StringComparison.Ordinal)), $"{route} set the culture");
        }
    }

    private IEnumerable<(string Route, Endpoint Endpoint)> UnsafeEndpoints() =>
        host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } methods
                || methods.HttpMethods.Any(m => m is "POST" or "PUT" or "PATCH" or "DELETE"))
            .Select(e => ("/" + (e.RoutePattern.RawText ?? string.Empty).TrimStart('/'), (Endpoint)e));

    private static bool RequiresAntiforgery((string Route, Endpoint Endpoint) e) =>
        e.Endpoint.Metadata.GetMetadata<IAntiforgeryMetadata>() is { RequiresValidation: true };
}

[Collection(SqliteCollection.Name)]
public sealed class AntiforgeryOnSqlite(SqliteHost host) : AntiforgeryTests(host);

[Collection(PostgresCollection.Name)]
public sealed class AntiforgeryOnPostgres(PostgresHost host) : AntiforgeryTests(host);
