using System.Security.Claims;
using CivicHub.Core.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace CivicHub.Server.Components.Portal;

/// <summary>
/// How citizens sign in to the portal: a cookie of its own, separate from the staff's bearer tokens, so a portal
/// session never reaches the staff API and a staff token never opens a citizen's pages.
/// </summary>
public static class PortalAuth
{
    public const string Scheme = "portal";

    public const string CitizenPolicy = "citizen";

    /// <summary>
    /// Open to everyone, and reads the portal cookie so a signed-in citizen is known (HttpContext.User) on public
    /// pages too. Public pages and forms need this rather than [AllowAnonymous]: with no policy of their own they
    /// would get the host's fallback policy's bearer scheme, which replaces the citizen with an anonymous user and
    /// makes their anti-forgery tokens fail.
    /// </summary>
    public const string PublicPolicy = "portal-public";

    /// <summary>The claim that names the citizen record the account belongs to.</summary>
    public const string CitizenIdClaim = "civichub:citizen";

    /// <summary>The account's session stamp when the cookie was issued; a password reset changes the account's.</summary>
    public const string SessionStampClaim = "civichub:session";

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
            cookie.Events = new CookieAuthenticationEvents { OnValidatePrincipal = RejectEndedSessionAsync };
        });
        services.AddAuthorizationBuilder().AddPolicy(CitizenPolicy, policy => policy
            .AddAuthenticationSchemes(Scheme)
            .RequireAuthenticatedUser()
            .RequireClaim(CitizenIdClaim))
            .AddPolicy(PublicPolicy, policy => policy
                .AddAuthenticationSchemes(Scheme)
                .RequireAssertion(_ => true));
        return services;
    }

    /// <summary>
    /// A cookie issued before the account's session stamp changed (a password reset) no longer signs anyone in, on
    /// whatever device it is: the whole point of a reset after a stolen password.
    /// </summary>
    private static async Task RejectEndedSessionAsync(CookieValidatePrincipalContext context)
    {
        var user = context.Principal;
        if (user?.FindFirstValue(ClaimTypes.NameIdentifier) is not { } id || !Guid.TryParse(id, out var accountId))
        {
            return;
        }

        var accounts = context.HttpContext.RequestServices.GetRequiredService<CitizenAccounts>();
        if (!await accounts.IsSessionCurrentAsync(accountId, user.FindFirstValue(SessionStampClaim), context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
    }
}
