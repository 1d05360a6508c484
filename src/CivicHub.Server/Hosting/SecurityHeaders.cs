using System.Security.Cryptography;

namespace CivicHub.Server.Hosting;

/// <summary>
/// The browser-facing protections every response carries: a strict content security policy for the web pages (a
/// per-request nonce only for the one inline script Blazor renders, its import map), no sniffing, a referrer policy,
/// no powerful browser features, an isolated browsing context, and no caching of anything answered to a signed-in
/// caller.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "civichub.csp-nonce";

    /// <summary>The nonce of this response's content security policy, for the inline scripts the page must render.</summary>
    public static string NonceOf(HttpContext context)
    {
        if (context.Items.TryGetValue(NonceKey, out var existing) && existing is string nonce)
        {
            return nonce;
        }

        nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceKey] = nonce;
        return nonce;
    }

    /// <summary>
    /// The policy a web page gets. The widget script and the visitor hub are loaded by other sites, so they are not
    /// framed-page content. A form on an account page may end on another site: signing in or giving consent for an
    /// application returns to that application's registered address, and "sign in with the state login" goes to the
    /// state's provider, and browsers apply form-action to every redirect after a form is sent. Those pages leave it
    /// out; the addresses they may reach are checked by the OpenID Connect server and the federation settings.
    /// </summary>
    public static string ContentSecurityPolicy(string nonce, bool formsMayLeaveTheSite = false) =>
        "default-src 'self'; " +
        $"script-src 'self' 'nonce-{nonce}'; " +
        "style-src 'self'; " +
        "img-src 'self' data:; " +
        "font-src 'self'; " +
        // Blazor's interactive pages talk to the host over a WebSocket on the same origin.
        "connect-src 'self'; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        (formsMayLeaveTheSite ? "" : "form-action 'self'; ") +
        "frame-ancestors 'none'; " +
        "manifest-src 'self'; " +
        "worker-src 'self'";

    public const string PermissionsPolicy = "camera=(), microphone=(), geolocation=(self), payment=(), usb=(), interest-cohort=()";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                Apply(context);
                return Task.CompletedTask;
            });
            return next(context);
        });

    private static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        var path = context.Request.Path;
        headers.XContentTypeOptions = "nosniff";
        headers["Permissions-Policy"] = PermissionsPolicy;

        // The chat widget's scripts and hub are fetched by the government's own pages on other origins: they must stay
        // loadable across origins, and they are not documents, so no page policy applies to them.
        if (IsEmbeddable(path))
        {
            headers["Cross-Origin-Resource-Policy"] = "cross-origin";
            return;
        }

        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers.XFrameOptions = "DENY";
        // Portal pages that show a case reference or a tracking token in their address must not pass it on to the
        // sites they link to; everywhere else the origin alone is enough.
        headers["Referrer-Policy"] = CarriesReferenceInAddress(path) ? "no-referrer" : "strict-origin-when-cross-origin";

        if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy(NonceOf(context), path.StartsWithSegments("/account", StringComparison.OrdinalIgnoreCase));
        }
        else if (Components.WebSetup.IsApiPath(path) || path.StartsWithSegments("/channels", StringComparison.OrdinalIgnoreCase)
            || context.Response.StatusCode >= StatusCodes.Status400BadRequest)
        {
            // Nothing that is not a page should ever run or frame anything, even if a browser is tricked into rendering it;
            // that holds for an error answered as problem details or plain text on a page's address too.
            headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'; sandbox";
        }

        // An answer to a signed-in caller (a bearer token or a session cookie) is theirs alone: no shared or browser cache.
        if (context.Request.Headers.Authorization.Count > 0 || context.User.Identity?.IsAuthenticated == true)
        {
            headers.CacheControl = "no-store";
            headers.Pragma = "no-cache";
        }
    }

    /// <summary>The widget script, the SignalR client it loads from the host, and the visitor hub it talks to.</summary>
    private static bool IsEmbeddable(PathString path) =>
        path.StartsWithSegments("/widget", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/lib/signalr", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/hubs/chat", StringComparison.OrdinalIgnoreCase);

    private static bool CarriesReferenceInAddress(PathString path) =>
        path.StartsWithSegments("/track", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/account", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/open311/v2/tokens", StringComparison.OrdinalIgnoreCase);
}
