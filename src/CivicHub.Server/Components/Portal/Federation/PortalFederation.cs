using System.Security.Claims;
using CivicHub.Core.Accounts;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace CivicHub.Server.Components.Portal.Federation;

/// <summary>
/// Signing citizens in with a state login: the OpenID Connect handler (code flow with PKCE) lands the provider's
/// answer in a short-lived cookie of its own, and the portal then decides what that login opens (FederationEndpoints).
/// Registered only when Portal:Federation:Authority is set.
/// </summary>
public static class PortalFederation
{
    public const string Scheme = "state-login";

    /// <summary>Holds the validated provider answer between the callback and the portal's decision, for minutes only.</summary>
    public const string ExternalScheme = "portal-external";

    /// <summary>Where the provider sends the citizen back; only the OpenID Connect handler answers there.</summary>
    public const string CallbackPath = "/account/federation/callback";

    /// <summary>The authentication property naming the portal account a signed-in citizen asked to link.</summary>
    public const string LinkingAccountItem = "civichub.link-account";

    public const string ReturnUrlItem = "civichub.return-url";

    public static IServiceCollection AddPortalFederation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FederationOptions>().BindConfiguration(FederationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var options = configuration.GetSection(FederationOptions.Section).Get<FederationOptions>() ?? new FederationOptions();
        if (!options.Enabled)
        {
            return services;
        }

        services.AddAuthentication()
            .AddCookie(ExternalScheme, cookie =>
            {
                cookie.Cookie.Name = "civichub.external";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                // Long enough to type a password once; the answer is worth nothing after that.
                cookie.ExpireTimeSpan = TimeSpan.FromMinutes(10);
                cookie.SlidingExpiration = false;
            })
            .AddOpenIdConnect(Scheme, options.DisplayName, oidc =>
            {
                oidc.Authority = options.Authority;
                oidc.ClientId = options.ClientId;
                oidc.ClientSecret = options.ClientSecret;
                oidc.ResponseType = OpenIdConnectResponseType.Code;
                oidc.UsePkce = true;
                oidc.CallbackPath = CallbackPath;
                oidc.SignInScheme = ExternalScheme;
                // The claims keep the provider's names (sub, email_verified), which the portal reads as such.
                oidc.MapInboundClaims = false;
                oidc.SaveTokens = false;
                oidc.GetClaimsFromUserInfoEndpoint = false;
                oidc.DisableTelemetry = true;
                oidc.Scope.Clear();
                foreach (var scope in options.ScopeList)
                {
                    oidc.Scope.Add(scope);
                }

                oidc.Events.OnAccessDenied = context =>
                {
                    var logger = Logger(context.HttpContext);
                    FederationLog.Cancelled(logger);
                    context.Response.Redirect($"{context.Request.PathBase}/account/sign-in?federation=cancelled");
                    context.HandleResponse();
                    return Task.CompletedTask;
                };
                // A bad signature, issuer, nonce or state ends on the sign-in page with a message, never an error page.
                oidc.Events.OnRemoteFailure = context =>
                {
                    var logger = Logger(context.HttpContext);
                    var failure = context.Failure?.GetType().Name ?? "unknown";
                    FederationLog.Refused(logger, failure);
                    context.Response.Redirect($"{context.Request.PathBase}/account/sign-in?federation=failed");
                    context.HandleResponse();
                    return Task.CompletedTask;
                };
            });
        return services;
    }

    /// <summary>Whether the state login is configured, for the pages that offer it.</summary>
    public static bool IsEnabled(IOptions<FederationOptions> options) => options.Value.Enabled;

    /// <summary>What the validated id token said; null when it named no subject.</summary>
    public static ExternalLogin? LoginOf(ClaimsPrincipal? principal)
    {
        var subject = principal?.FindFirst("sub");
        if (subject is null || string.IsNullOrEmpty(subject.Value))
        {
            return null;
        }

        var user = principal!;
        return new ExternalLogin(
            user.FindFirstValue("iss") ?? subject.Issuer,
            subject.Value,
            user.FindFirstValue("email"),
            string.Equals(user.FindFirstValue("email_verified"), "true", StringComparison.OrdinalIgnoreCase),
            user.FindFirstValue("given_name"),
            user.FindFirstValue("family_name"));
    }

    private static ILogger Logger(HttpContext http) => http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PortalFederation));
}
