using Microsoft.AspNetCore.Authentication;

namespace CivicHub.Server.Components.Portal;

/// <summary>
/// How citizens sign in to the portal: a cookie of its own, separate from the staff's bearer tokens, so a portal
/// session never reaches the staff API and a staff token never opens a citizen's pages.
/// </summary>
public static class PortalAuth
{
    public const string Scheme = "portal";

    public const string CitizenPolicy = "citizen";

    /// <summary>The claim that names the citizen record the account belongs to.</summary>
    public const string CitizenIdClaim = "civichub:citizen";

    public static IServiceCollection AddPortalAuth(this IServiceCollection services)
    {
        services.AddAuthentication().AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = "civichub.portal";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = "/account/sign-in";
            cookie.LogoutPath = "/account/sign-out";
            cookie.AccessDeniedPath = "/account/sign-in";
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
        });
        services.AddAuthorizationBuilder().AddPolicy(CitizenPolicy, policy => policy
            .AddAuthenticationSchemes(Scheme)
            .RequireAuthenticatedUser()
            .RequireClaim(CitizenIdClaim));
        return services;
    }

    /// <summary>
    /// Puts a signed-in citizen on HttpContext.User for the pages, whose default scheme is the API's bearer token;
    /// the API is untouched, as its policies authenticate with the bearer scheme alone.
    /// </summary>
    public static IApplicationBuilder UsePortalCitizen(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated != true && !WebSetup.IsApiPath(context.Request.Path))
            {
                var result = await context.AuthenticateAsync(Scheme);
                if (result.Succeeded)
                {
                    context.User = result.Principal;
                }
            }

            await next(context);
        });
}
