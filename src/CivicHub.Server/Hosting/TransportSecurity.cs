using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.Options;

namespace CivicHub.Server.Hosting;

/// <summary>
/// TLS and the proxy in front: forwarded headers only from the configured proxies, HTTPS redirection and HSTS outside
/// Development, and cookies that never travel over plain HTTP outside Development.
/// </summary>
public static class TransportSecurity
{
    public static IServiceCollection AddTransportSecurity(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<TransportOptions>().Bind(configuration.GetSection("Transport"))
            .ValidateDataAnnotations()
            .Validate(o => o.KnownProxies.All(p => IPAddress.TryParse(p, out _)), "Transport:KnownProxies must hold IP addresses.")
            .Validate(o => o.KnownNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _)), "Transport:KnownNetworks must hold CIDR networks such as 10.0.0.0/8.")
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TransportOptions>>((forwarded, transport) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The defaults trust loopback; only what the operator names is trusted.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in transport.Value.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in transport.Value.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        services.AddOptions<HstsOptions>().Configure<IOptions<TransportOptions>>((hsts, transport) =>
        {
            hsts.MaxAge = transport.Value.HstsMaxAge;
            hsts.IncludeSubDomains = true;
        });

        if (!environment.IsDevelopment())
        {
            // Outside Development every cookie the host sets (the portal's, the desk's, anti-forgery) is Secure.
            services.PostConfigureAll<CookieAuthenticationOptions>(cookie => cookie.Cookie.SecurePolicy = CookieSecurePolicy.Always);
            services.PostConfigure<AntiforgeryOptions>(antiforgery => antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.Always);
        }

        return services;
    }

    public static WebApplication UseTransportSecurity(this WebApplication app)
    {
        var transport = app.Services.GetRequiredService<IOptions<TransportOptions>>().Value;
        if (transport.KnownProxies.Count > 0 || transport.KnownNetworks.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        if (!app.Environment.IsDevelopment())
        {
            if (transport.Hsts)
            {
                app.UseHstsOnEveryAnswer();
            }

            if (transport.HttpsRedirection)
            {
                app.UseHttpsRedirection();
            }
        }

        return app;
    }

    /// <summary>
    /// HSTS as ASP.NET Core's own middleware sends it (HTTPS only, not to the excluded hosts such as localhost), but
    /// written as the answer starts rather than when the request comes in: the exception handler clears the headers
    /// set before it, and a 500 without HSTS would be the one answer a browser could be downgraded on.
    /// </summary>
    private static void UseHstsOnEveryAnswer(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<HstsOptions>>().Value;
        var value = $"max-age={(long)options.MaxAge.TotalSeconds}"
            + (options.IncludeSubDomains ? "; includeSubDomains" : "")
            + (options.Preload ? "; preload" : "");
        var excluded = options.ExcludedHosts.ToHashSet(StringComparer.OrdinalIgnoreCase);
        app.Use((context, next) =>
        {
            if (context.Request.IsHttps && !excluded.Contains(context.Request.Host.Host))
            {
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers.StrictTransportSecurity = value;
                    return Task.CompletedTask;
                });
            }

            return next(context);
        });
    }
}
