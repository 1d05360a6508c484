using CivicHub.Core.Attachments;
using CivicHub.Server.Components.Desk;
using CivicHub.Server.Components.Desk.Audit;
using CivicHub.Server.Components.Desk.Passkeys;
using CivicHub.Server.Components.Portal;
using CivicHub.Server.Components.Portal.Account;
using CivicHub.Server.Components.Portal.Requests;
using CivicHub.Server.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Localization;

namespace CivicHub.Server.Components;

/// <summary>
/// The web applications in the host (the portal now; the desk and administration beside it): Blazor, the
/// languages of the pages, and the citizen's sign-in.
/// </summary>
public static class WebSetup
{
    public static IServiceCollection AddCivicHubWeb(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddLocalization();
        services.AddSingleton<DemoSignIns>();
        services.AddPortalAuth();
        services.AddScoped<PortalSession>();
        services.AddOptions<PortalOptions>().BindConfiguration("Portal").ValidateDataAnnotations().ValidateOnStart();
        services.AddPortalRateLimits();
        services.AddDeskAuth();
        services.AddDeskPasskeys();
        // The desk's audit entries name the address of the circuit's connection.
        services.AddHttpContextAccessor();
        services.AddScoped<DeskConnection>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, DeskConnectionHandler>();
        return services;
    }

    /// <summary>The API, Open311 and the token endpoint speak one language and never read the portal's cookie.</summary>
    public static bool IsApiPath(PathString path) =>
        path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/open311", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/connect", StringComparison.OrdinalIgnoreCase);

    /// <summary>Pages answer in the language of the culture cookie, else the browser's, else English.</summary>
    public static IApplicationBuilder UseWebLanguages(this IApplicationBuilder app)
    {
        var options = new RequestLocalizationOptions()
            .SetDefaultCulture(PortalCultures.Default)
            .AddSupportedCultures([.. PortalCultures.Supported])
            .AddSupportedUICultures([.. PortalCultures.Supported]);
        options.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        return app.UseWhen(context => !IsApiPath(context.Request.Path), web => web.UseRequestLocalization(options));
    }

    public static void MapCivicHubWeb(this WebApplication app)
    {
        var uploadLimit = new UploadSizeLimit(app.Services.GetRequiredService<AttachmentRules>().MaxUploadRequestBytes);
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode()
            // The host's fallback policy asks for a staff or integration token. A page is public unless it says who
            // may see it with [Authorize]; that is decided last, after the page's own attributes are known.
            .Finally(endpoint =>
            {
                if (!endpoint.Metadata.OfType<IAuthorizeData>().Any())
                {
                    // Desk and admin pages and the Blazor connection read the staff (and citizen) cookies; every
                    // other page is the portal's and reads the citizen's.
                    if (DeskAuth.SchemesForAnonymousEndpoint((endpoint as RouteEndpointBuilder)?.RoutePattern.RawText) is { } schemes)
                    {
                        endpoint.Metadata.Add(new AllowAnonymousAttribute());
                        endpoint.Metadata.Add(new AuthorizeAttribute { AuthenticationSchemes = schemes });
                    }
                    else
                    {
                        endpoint.Metadata.Add(new AuthorizeAttribute(PortalAuth.PublicPolicy));
                    }
                }

                // A page that takes files may receive as much as the attachment limits allow, and no more.
                if (endpoint.Metadata.OfType<AcceptsUploadsAttribute>().Any())
                {
                    endpoint.Metadata.Add(uploadLimit);
                }
            });
        app.MapLanguageSwitch();
        app.MapMyDataDownload();
        app.MapPortalAttachmentDownload();
        app.MapDeskSignOut();
        app.MapDeskAuditExport();
        app.MapDeskPasskeys();
    }

    /// <summary>Routing hands this to Kestrel for the endpoint; Hosting/RequestLimits reads it for a declared length.</summary>
    private sealed record UploadSizeLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
}
