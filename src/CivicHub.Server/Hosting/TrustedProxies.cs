using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace CivicHub.Server.Hosting;

/// <summary>
/// The client's address behind a load balancer: X-Forwarded-For is believed only from the proxies configured in
/// Hosting:TrustedProxies (IP addresses), since anyone else could write any address there, and the audit log and
/// the rate limits rely on it.
/// </summary>
public static class TrustedProxies
{
    public const string Section = "Hosting:TrustedProxies";

    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var configured = configuration.GetSection(Section).Get<string[]>() ?? [];
        var addresses = new List<IPAddress>();
        foreach (var text in configured)
        {
            // A wrong address fails the start, not silently trusts no one (or everyone).
            addresses.Add(IPAddress.TryParse(text, out var address)
                ? address
                : throw new InvalidOperationException($"{Section} must list IP addresses; '{text}' is not one."));
        }

        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var address in addresses)
            {
                options.KnownProxies.Add(address);
            }
        });
        return services;
    }
}
