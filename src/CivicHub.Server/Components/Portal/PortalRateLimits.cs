using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace CivicHub.Server.Components.Portal;

/// <summary>Limits on the portal's forms that anyone can post without signing in.</summary>
public static class PortalRateLimits
{
    public const string TrackPolicy = "portal-track";

    public static IServiceCollection AddPortalRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(TrackPolicy, http =>
            {
                // Reading the empty form costs nothing; only look-ups (the POST) count against the address.
                if (!HttpMethods.IsPost(http.Request.Method))
                {
                    return RateLimitPartition.GetNoLimiter("read");
                }

                var options = http.RequestServices.GetRequiredService<IOptions<PortalOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(
                    http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = options.TrackPermits, Window = options.TrackWindow, QueueLimit = 0 });
            });
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                context.HttpContext.Response.ContentType = "text/html; charset=utf-8";
                await context.HttpContext.Response.WriteAsync(
                    """
                    <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Too many attempts | CivicHub</title></head>
                    <body><main><h1>Too many attempts</h1><p>Wait a minute and try again.</p>
                    <p lang="es">Demasiados intentos. Espere un minuto y vuelva a intentarlo.</p><p><a href="/track">Track a request</a></p></main></body></html>
                    """,
                    cancellationToken);
            };
        });
        return services;
    }
}
