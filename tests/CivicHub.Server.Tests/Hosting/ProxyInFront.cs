using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace CivicHub.Server.Tests.Hosting;

/// <summary>
/// Makes every test request arrive from a load balancer at <see cref="Address"/>, which the test hosts trust
/// (Transport:KnownProxies), as production traffic does; the test server itself gives no remote address.
/// </summary>
public sealed class ProxyInFront : IStartupFilter
{
    public const string Address = "10.9.8.7";

    private static readonly IPAddress Proxy = IPAddress.Parse(Address);

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress ??= Proxy;
            return nextMiddleware(context);
        });
        next(app);
    };
}
