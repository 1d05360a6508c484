using CivicHub.Core.Accounts;
using CivicHub.Server.Auth.RelyingParties;
using CivicHub.Server.Components.Portal;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace CivicHub.Server.Auth;

/// <summary>
/// The OpenID Connect userinfo endpoint (what a citizen's access token may read about them) and RP-initiated logout
/// (end session), which signs the citizen out of the portal.
/// </summary>
public static class SessionEndpoints
{
    public static void MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/connect/userinfo", [HttpMethods.Get, HttpMethods.Post], UserInfoAsync)
            .AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        app.MapMethods("/connect/endsession", [HttpMethods.Get, HttpMethods.Post], (Delegate)EndSessionAsync)
            .AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
    }

    private static async Task<IResult> UserInfoAsync(HttpContext context, CitizenTokens tokens, CitizenSignInStanding signIns, RelyingPartyRegistry parties)
    {
        // OpenIddict has validated the access token; this reads whose it is, and whether their sign-in still stands.
        var principal = (await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal;
        if (principal?.GetClaim(CivicClaims.Kind) != CivicClaims.Citizen || !Guid.TryParse(principal.GetClaim(Claims.Subject), out var citizenId))
        {
            return InvalidToken("The token is not a citizen's.");
        }

        if (!await CitizenTokenStanding.StandsAsync(principal, signIns, context.RequestServices, context.RequestAborted))
        {
            return InvalidToken(CitizenTokenStanding.Refused);
        }

        if (!await parties.AcceptsTokensOfAsync(principal.GetPresenters().FirstOrDefault(), context.RequestAborted))
        {
            return InvalidToken("The application this token was issued to has been disabled or removed.");
        }

        if (await tokens.ReleasedAsync(citizenId, context.RequestAborted) is not { } citizen)
        {
            return InvalidToken("The citizen's record is gone.");
        }

        return Results.Ok(CitizenTokens.UserInfo(citizen, principal.GetScopes()));
    }

    // A bearer-token error in the WWW-Authenticate header (RFC 6750 3.1), as OpenIddict writes it.
    private static IResult InvalidToken(string description) =>
        Results.Challenge(
            new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.InvalidToken,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
            }),
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

    private static async Task<IResult> EndSessionAsync(HttpContext context)
    {
        // OpenIddict has refused a post_logout_redirect_uri that no client registered before this runs; with none
        // given, the citizen lands on the portal's home page.
        await context.SignOutAsync(PortalAuth.Scheme);
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }
}
