using System.Globalization;
using CivicHub.Core.Accounts;
using CivicHub.Core.Outcomes;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CivicHub.Server.Components.Portal.Federation;

/// <summary>
/// The plain form targets of the state login: start a sign-in or a link, decide what a returning login opens, and
/// unlink. Every start is a POST with an anti-forgery token, so no other site can send a citizen through the provider.
/// </summary>
public static class FederationEndpoints
{
    public static void MapPortalFederation(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<IOptions<FederationOptions>>().Value.Enabled)
        {
            return;
        }

        app.MapPost("/account/federation/start", ([FromForm] string? returnUrl) =>
        {
            var properties = new AuthenticationProperties { RedirectUri = "/account/federation/complete" };
            properties.Items[PortalFederation.ReturnUrlItem] = LanguageEndpoints.IsLocal(returnUrl) ? returnUrl : "/account/requests";
            return Results.Challenge(properties, [PortalFederation.Scheme]);
        }).RequireAuthorization(PortalAuth.PublicPolicy).ExcludeFromDescription();

        app.MapPost("/account/federation/link", async (HttpContext http, PortalSession session) =>
        {
            if (await session.CurrentAsync(http.User, http.RequestAborted) is not { } citizen)
            {
                return Results.LocalRedirect("/account/sign-in");
            }

            // The account travels inside the protected state and is checked against the session on the way back.
            var properties = new AuthenticationProperties { RedirectUri = "/account/federation/complete" };
            properties.Items[PortalFederation.LinkingAccountItem] = citizen.AccountId.ToString();
            properties.Items[PortalFederation.ReturnUrlItem] = "/account/profile";
            return Results.Challenge(properties, [PortalFederation.Scheme]);
        }).RequireAuthorization(PortalAuth.CitizenPolicy).WithMetadata(new RequireAntiforgeryTokenAttribute()).ExcludeFromDescription();

        app.MapGet("/account/federation/complete", CompleteAsync).RequireAuthorization(PortalAuth.PublicPolicy).ExcludeFromDescription();

        app.MapPost("/account/federation/unlink", async ([FromForm] Guid login, HttpContext http, PortalSession session, FederatedLogins logins, ILoggerFactory loggers) =>
        {
            if (await session.CurrentAsync(http.User, http.RequestAborted) is not { } citizen)
            {
                return Results.LocalRedirect("/account/sign-in");
            }

            var result = await logins.UnlinkAsync(citizen.AccountId, login, http.RequestAborted);
            if (!result.Succeeded)
            {
                return Results.LocalRedirect("/account/profile?federation=unlink-refused");
            }

            var logger = loggers.CreateLogger(typeof(FederationEndpoints));
            FederationLog.Unlinked(logger);
            return Results.LocalRedirect("/account/profile?federation=unlinked");
        }).RequireAuthorization(PortalAuth.CitizenPolicy).ExcludeFromDescription();
    }

    private static async Task<IResult> CompleteAsync(HttpContext http, PortalSession session, FederatedLogins logins, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(FederationEndpoints));
        var external = await http.AuthenticateAsync(PortalFederation.ExternalScheme);
        var login = external.Succeeded ? PortalFederation.LoginOf(external.Principal) : null;
        if (login is null)
        {
            FederationLog.NotSignedIn(logger, "no external login");
            return Results.LocalRedirect("/account/sign-in?federation=failed");
        }

        Guid? linking = null;
        if (external.Properties!.Items.TryGetValue(PortalFederation.LinkingAccountItem, out var linkingValue) && Guid.TryParse(linkingValue, out var accountId))
        {
            // The link was asked for by the account signed in now, not by whoever started it in another session.
            var current = await session.CurrentAsync(http.User, http.RequestAborted);
            if (current?.AccountId != accountId)
            {
                await http.SignOutAsync(PortalFederation.ExternalScheme);
                return Results.LocalRedirect("/account/sign-in?federation=failed");
            }

            linking = accountId;
        }

        var verifyLink = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/account/verify";
        var result = await logins.SignInAsync(login, linking, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, verifyLink, http.RequestAborted);
        if (!result.Succeeded)
        {
            await http.SignOutAsync(PortalFederation.ExternalScheme);
            var code = ProblemCode(result.Problem!);
            FederationLog.NotSignedIn(logger, code);
            return Results.LocalRedirect(linking is null ? $"/account/sign-in?federation={code}" : $"/account/profile?federation={code}");
        }

        var outcome = result.Value!;
        if (outcome.Next == FederatedSignIn.Step.PasswordNeeded)
        {
            // The external cookie stays: the confirmation page reads the login from it.
            return Results.LocalRedirect("/account/federation/confirm");
        }

        await http.SignOutAsync(PortalFederation.ExternalScheme);
        await http.SignInAsync(PortalAuth.Scheme, PortalSession.PrincipalFor(outcome.Citizen!));
        var step = outcome.Next.ToString();
        FederationLog.SignedIn(logger, step);
        if (outcome.Next == FederatedSignIn.Step.Linked)
        {
            return Results.LocalRedirect("/account/profile?federation=linked");
        }

        LanguageEndpoints.RememberCulture(http, PortalCultures.Nearest(outcome.Citizen!.PreferredLanguage));
        var returnUrl = external.Properties.Items.TryGetValue(PortalFederation.ReturnUrlItem, out var target) && LanguageEndpoints.IsLocal(target) ? target! : "/account/requests";
        return Results.LocalRedirect(returnUrl);
    }

    /// <summary>The page message a refused login shows (the pages keep their texts; the Core's detail is English).</summary>
    private static string ProblemCode(OutcomeProblem problem) => problem.Kind switch
    {
        ProblemKind.Invalid => "no-email",
        ProblemKind.Conflict when problem.Errors?.ContainsKey("login") == true => "already-linked",
        ProblemKind.Conflict => "email-taken",
        _ => "failed",
    };
}
