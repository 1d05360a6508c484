using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace CivicHub.Server.Components.Portal;

/// <summary>
/// Limits on the portal's forms that anyone can post without signing in, and on the citizen's own data download (which
/// gathers their whole record). Hosting/RateLimits answers a refusal.
/// </summary>
public static class PortalRateLimits
{
    public const string TrackPolicy = "portal-track";

    public const string DownloadPolicy = "portal-my-data";

    public const string AccountEmailPolicy = "portal-account-email";

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
            // Counted per address: the limiter runs before sign-in is read. Mild, so a family sharing one
            // connection can each download; it only stops a script from rebuilding the whole record in a loop.
            limiter.AddPolicy(DownloadPolicy, http =>
            {
                var options = http.RequestServices.GetRequiredService<IOptions<PortalOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(
                    http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = options.DownloadPermits, Window = options.DownloadWindow, QueueLimit = 0 });
            });
            // Forms that send an email to an address: only the posts count, so a script cannot use them to flood
            // mailboxes or to time its way through the addresses of a list.
            limiter.AddPolicy(AccountEmailPolicy, http =>
            {
                if (!HttpMethods.IsPost(http.Request.Method))
                {
                    return RateLimitPartition.GetNoLimiter("read");
                }

                var options = http.RequestServices.GetRequiredService<IOptions<PortalOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(
                    http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = options.AccountEmailPermits, Window = options.AccountEmailWindow, QueueLimit = 0 });
            });
        });
        return services;
    }
}
