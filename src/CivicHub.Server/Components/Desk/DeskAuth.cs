using System.Security.Claims;
using CivicHub.Core.Access;
using CivicHub.Core.Staff;
using CivicHub.Server.Auth;
using CivicHub.Server.Components.Portal;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace CivicHub.Server.Components.Desk;

/// <summary>
/// How staff sign in to the desk and the administration: a cookie of their own, separate from the citizens' portal
/// cookie and from the API's bearer tokens, checked against the same password store as the token endpoint. The
/// claims are the token's (subject, name, role, kind), so the desk acts with the same Actor as the API would.
/// After the password the member of staff is signed in to the short-lived "desk-pending" scheme only, which lets them
/// reach the code (or authenticator set-up) step and nothing else; the desk cookie comes after the second factor.
/// </summary>
public static class DeskAuth
{
    public const string Scheme = "desk";

    /// <summary>Between the password and the second factor: proves the password step, grants nothing.</summary>
    public const string PendingScheme = "desk-pending";

    public const string CodePath = "/desk/sign-in/code";

    public const string AuthenticatorPath = "/desk/sign-in/authenticator";

    /// <summary>Policy: any active member of staff signed in to the desk.</summary>
    public const string StaffPolicy = "desk-staff";

    /// <summary>Policy: an administrator signed in to the desk.</summary>
    public const string AdministratorPolicy = "desk-administrator";

    /// <summary>Policy: a supervisor or an administrator signed in to the desk (the audit log).</summary>
    public const string SupervisorPolicy = "desk-supervisor";

    public const string SignInPath = "/desk/sign-in";

    /// <summary>Where an open desk page sends its browser once the member is no longer active in their role.</summary>
    public const string SessionEndedPath = "/desk/session-ended";

    public static IServiceCollection AddDeskAuth(this IServiceCollection services)
    {
        services.AddOptions<DeskOptions>().BindConfiguration("Desk").ValidateDataAnnotations().ValidateOnStart();
        services.AddAuthentication().AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = "civichub.desk";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = SignInPath;
            cookie.AccessDeniedPath = "/desk/denied";
            cookie.SlidingExpiration = true;
            cookie.Events.OnValidatePrincipal = DeskSessionValidator.ValidateAsync;
        }).AddCookie(PendingScheme, cookie =>
        {
            cookie.Cookie.Name = "civichub.desk-pending";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.Cookie.Path = SignInPath;
            cookie.LoginPath = SignInPath;
            // Long enough to open an authenticator app, short enough that a half-finished sign-in does not linger.
            cookie.ExpireTimeSpan = TimeSpan.FromMinutes(10);
            cookie.SlidingExpiration = false;
        });
        services.AddOptions<CookieAuthenticationOptions>(Scheme)
            .Configure<IOptions<DeskOptions>>((cookie, desk) => cookie.ExpireTimeSpan = desk.Value.IdleTimeout);
        services.AddAuthorizationBuilder()
            .AddPolicy(StaffPolicy, policy => policy
                .AddAuthenticationSchemes(Scheme)
                .RequireClaim(CivicClaims.Kind, CivicClaims.Staff))
            .AddPolicy(SupervisorPolicy, policy => policy
                .AddAuthenticationSchemes(Scheme)
                .RequireClaim(CivicClaims.Kind, CivicClaims.Staff)
                .RequireClaim(Claims.Role, "supervisor", "administrator"))
            .AddPolicy(AdministratorPolicy, policy => policy
                .AddAuthenticationSchemes(Scheme)
                .RequireClaim(CivicClaims.Kind, CivicClaims.Staff)
                .RequireClaim(Claims.Role, "administrator"));
        return services;
    }

    /// <summary>The signed-in member of staff as the desk's cookie carries them.</summary>
    public static ClaimsPrincipal PrincipalOf(StaffMember staff)
    {
        ArgumentNullException.ThrowIfNull(staff);
        var identity = new ClaimsIdentity(Scheme, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, staff.Id.ToString()));
        identity.AddClaim(new Claim(Claims.Name, staff.DisplayName));
        identity.AddClaim(new Claim(Claims.Role, staff.Role.ToString().ToLowerInvariant()));
        identity.AddClaim(new Claim(CivicClaims.Kind, CivicClaims.Staff));
        return new ClaimsPrincipal(identity);
    }

    /// <summary>Who passed the password step and must now give a second factor; only the subject and user name.</summary>
    public static ClaimsPrincipal PendingPrincipalOf(StaffMember staff)
    {
        ArgumentNullException.ThrowIfNull(staff);
        var identity = new ClaimsIdentity(PendingScheme, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, staff.Id.ToString()));
        identity.AddClaim(new Claim(Claims.PreferredUsername, staff.UserName));
        return new ClaimsPrincipal(identity);
    }

    /// <summary>The member of staff between the password and the second factor, or null.</summary>
    public static async Task<(Guid Id, string UserName)?> PendingStaffAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = await context.AuthenticateAsync(PendingScheme);
        var principal = result.Succeeded ? result.Principal : null;
        return Guid.TryParse(principal?.FindFirst(Claims.Subject)?.Value, out var id)
            ? (id, principal!.FindFirst(Claims.PreferredUsername)?.Value ?? "")
            : null;
    }

    /// <summary>Ends the password step and starts the desk session.</summary>
    public static async Task CompleteSignInAsync(HttpContext context, StaffMember staff)
    {
        ArgumentNullException.ThrowIfNull(context);
        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        await context.SignOutAsync(PendingScheme);
        await context.SignInAsync(Scheme, PrincipalOf(staff), DeskSessionValidator.NewSession(now));
    }

    /// <summary>Only a local address: a sign-in link must not send staff to someone else's site.</summary>
    public static string LocalTarget(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/desk";

    /// <summary>
    /// The cookies a page without [Authorize] of its own is authenticated with. Such a page is anonymous, but the
    /// authorization middleware still evaluates a policy for it, and the host's fallback policy (the API's bearer
    /// token) would leave an empty user: the desk's sign-in page would not know who is signed in, and the Blazor
    /// circuit, which takes its user from its connection's request, would act for nobody.
    /// </summary>
    public static string? SchemesForAnonymousEndpoint(string? routePattern) => routePattern switch
    {
        null => null,
        _ when routePattern.StartsWith("_blazor", StringComparison.OrdinalIgnoreCase) || routePattern.StartsWith("/_blazor", StringComparison.OrdinalIgnoreCase)
            => $"{Scheme},{PortalAuth.Scheme}",
        _ when routePattern.StartsWith("/desk", StringComparison.OrdinalIgnoreCase) || routePattern.StartsWith("/admin", StringComparison.OrdinalIgnoreCase)
            => Scheme,
        _ => null,
    };

    public static void MapDeskSignOut(this IEndpointRouteBuilder app)
    {
        app.MapPost("/desk/sign-out", async (HttpContext context, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest();
            }

            await context.SignOutAsync(Scheme);
            return Results.Redirect(SignInPath);
        })
        // Read with the desk's cookie: the page's token was made for the signed-in member, and checked against an
        // anonymous user (the host's default scheme reads no cookie) it never matched, so sign-out answered 400.
        .WithMetadata(new AllowAnonymousAttribute(), new AuthorizeAttribute { AuthenticationSchemes = Scheme })
        .DisableAntiforgery().ExcludeFromDescription();

        // An open desk page found its member deactivated or given another role (DeskComponent.ActorAsync) and reloads
        // here: the cookie ends now rather than at its next check. A GET, so it signs out only a member who no longer
        // holds the cookie's role; anyone else goes back to the desk.
        app.MapGet(SessionEndedPath, async (HttpContext context, StaffStanding standing) =>
        {
            var actor = (await context.AuthenticateAsync(Scheme)).Principal?.ToActor();
            if (actor?.Kind == ActorKind.Staff && await standing.HoldsAsync(actor, context.RequestServices, context.RequestAborted))
            {
                return Results.Redirect("/desk");
            }

            await context.SignOutAsync(Scheme);
            return Results.Redirect(SignInPath + "?ended=1");
        })
        .AllowAnonymous().ExcludeFromDescription();
    }
}
