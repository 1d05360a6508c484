using System.Globalization;
using System.Threading.RateLimiting;
using CivicHub.Server.Components;
using CivicHub.Server.Components.Desk.Passkeys;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CivicHub.Server.Hosting;

/// <summary>
/// The host-wide limits (RateLimitOptions): sign-in per address and per account (a passkey sign-in, naming no
/// account, per address only), the token endpoint, Open311
/// submissions per address and per api_key, the providers' webhooks, and new chat connections. Each is a fixed window
/// per caller, on POST requests; a refused request gets 429 with Retry-After, as problem details (or a short page for
/// the web pages).
/// </summary>
public static class RateLimits
{
    private const string SignInAccountKey = "civichub.sign-in-account";
    private const string Open311KeyKey = "civichub.open311-key";

    /// <summary>The form fields that name the account in the desk's and the portal's sign-in forms and in the password grant.</summary>
    private static readonly string[] AccountFields = ["Input.UserName", "Input.Email", "username"];

    public static IServiceCollection AddCivicHubRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration("RateLimits")
            .Validate(o => o.FirstInvalidRule() is null, "RateLimits: every rule needs Permits of at least 1 and a Window of 1 second to 1 day.")
            .ValidateOnStart();
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PerCaller("sign-in-address", http => http.Items.ContainsKey(SignInAccountKey) ? Address(http) : null, o => o.SignInPerAddress),
                PerCaller("sign-in-account", http => http.Items[SignInAccountKey] as string is { Length: > 0 } account ? account : null, o => o.SignInPerAccount),
                PerCaller("token", http => IsPost(http, "/connect/token") ? Address(http) : null, o => o.TokenPerAddress),
                PerCaller("open311-address", http => IsOpen311Submission(http) ? Address(http) : null, o => o.Open311PostPerAddress),
                PerCaller("open311-key", http => IsOpen311Submission(http) ? http.Items[Open311KeyKey] as string : null, o => o.Open311PostPerKey),
                PerCaller("webhook", http => IsPost(http, "/channels") ? $"{http.Request.Path.Value?.ToUpperInvariant()}|{Address(http)}" : null, o => o.WebhooksPerSource),
                PerCaller("chat-connection", http => IsPost(http, "/hubs/chat/negotiate") ? Address(http) : null, o => o.ChatConnectionsPerAddress));
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? (int)Math.Ceiling(retryAfter.TotalSeconds) : 60;
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                if (IsWebPage(http.Request.Path))
                {
                    await WritePageAsync(http, cancellationToken);
                    return;
                }

                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests.",
                        Detail = $"Wait {seconds} seconds before trying again.",
                    },
                });
            };
        });
        return services;
    }

    /// <summary>
    /// Runs the limiter. Sign-in forms and Open311 submissions name an account or api_key in their form body; that
    /// is read first (buffered, so the endpoint reads it again) so the limits can count per account and per key.
    /// </summary>
    public static IApplicationBuilder UseCivicHubRateLimits(this IApplicationBuilder app)
    {
        app.Use(async (http, next) =>
        {
            var signIn = IsPost(http, "/desk/sign-in") || IsPost(http, "/account/sign-in") || IsPost(http, "/connect/token")
                || IsPost(http, DeskPasskeyEndpoints.SignInPath);
            var open311 = IsOpen311Submission(http);
            if (signIn || open311)
            {
                var form = await ReadFormOrNullAsync(http);
                if (signIn && (!IsPost(http, "/connect/token") || form?["grant_type"].ToString() == "password"))
                {
                    var account = AccountFields.Select(field => form?[field].ToString()).FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));
                    http.Items[SignInAccountKey] = account?.Trim().ToUpperInvariant() ?? string.Empty;
                }

                if (open311)
                {
                    var key = form?["api_key"].ToString() is { Length: > 0 } fromForm ? fromForm : http.Request.Query["api_key"].ToString();
                    http.Items[Open311KeyKey] = key.Length > 0 ? key : null;
                }
            }

            await next(http);
        });

        // The host-wide limits are all on POSTs, and the other requests limited are the endpoints that name a policy
        // (the portal's): every other request skips the limiter, whose seven partitioned limiters each cost a lookup
        // per request, 3 % of a 360 view's server CPU (docs/benchmarks.md, run 23).
        return app.UseWhen(
            http => HttpMethods.IsPost(http.Request.Method) || http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>() is not null,
            limited => limited.UseRateLimiter());
    }

    private static PartitionedRateLimiter<HttpContext> PerCaller(string kind, Func<HttpContext, string?> caller, Func<RateLimitOptions, RateLimitRule> rule) =>
        PartitionedRateLimiter.Create<HttpContext, string>(http =>
        {
            if (caller(http) is not { } key)
            {
                return RateLimitPartition.GetNoLimiter(string.Empty);
            }

            var limit = rule(http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value);
            return RateLimitPartition.GetFixedWindowLimiter(
                $"{kind}|{key}",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = limit.Permits, Window = limit.Window, QueueLimit = 0, AutoReplenishment = true });
        });

    private static async Task<IFormCollection?> ReadFormOrNullAsync(HttpContext http)
    {
        if (!http.Request.HasFormContentType)
        {
            return null;
        }

        http.Request.EnableBuffering();
        try
        {
            return await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
        {
            // The endpoint reads the body again and answers the bad form in its own words.
            http.Request.Body.Position = 0;
            return null;
        }
    }

    private static string Address(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static bool IsPost(HttpContext http, string path) =>
        HttpMethods.IsPost(http.Request.Method) && http.Request.Path.StartsWithSegments(path, StringComparison.OrdinalIgnoreCase);

    private static bool IsOpen311Submission(HttpContext http) =>
        HttpMethods.IsPost(http.Request.Method)
        && http.Request.Path.StartsWithSegments("/open311/v2", StringComparison.OrdinalIgnoreCase)
        && http.Request.Path.Value!.Contains("/requests.", StringComparison.OrdinalIgnoreCase);

    private static bool IsWebPage(PathString path) =>
        !WebSetup.IsApiPath(path)
        && !path.StartsWithSegments("/channels", StringComparison.OrdinalIgnoreCase)
        && !path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase);

    private static Task WritePageAsync(HttpContext http, CancellationToken cancellationToken)
    {
        http.Response.ContentType = "text/html; charset=utf-8";
        return http.Response.WriteAsync(
            """
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Too many attempts | CivicHub</title></head>
            <body><main><h1>Too many attempts</h1><p>Wait a minute and try again.</p>
            <p lang="es">Demasiados intentos. Espere un minuto y vuelva a intentarlo.</p><p><a href="/">CivicHub</a></p></main></body></html>
            """,
            cancellationToken);
    }
}
