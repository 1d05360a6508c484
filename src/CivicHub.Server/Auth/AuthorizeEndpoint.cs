using System.Security.Claims;
using CivicHub.Server.Components.Portal;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace CivicHub.Server.Auth;

/// <summary>
/// The OpenID Connect authorization endpoint for citizens (code flow with PKCE). OpenIddict has already checked the
/// client, its redirect URI, scopes and PKCE challenge; this decides who the citizen is (the portal cookie, else the
/// portal's sign-in page) and whether they have consented (a permanent authorization, else the consent page).
/// </summary>
public static class AuthorizeEndpoint
{
    public const string Path = "/connect/authorize";

    public const string ConsentPath = "/account/consent";

    public static void MapAuthorizeEndpoint(this IEndpointRouteBuilder app) =>
        app.MapMethods(Path, [HttpMethods.Get, HttpMethods.Post], AuthorizeAsync)
            .AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();

    private static async Task<IResult> AuthorizeAsync(HttpContext context, PortalSession session, CitizenTokens tokens, ApplicationConsents consents)
    {
        var cancellationToken = context.RequestAborted;
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        var portal = await context.AuthenticateAsync(PortalAuth.Scheme);
        var citizen = portal.Succeeded ? await session.CurrentAsync(portal.Principal, cancellationToken) : null;
        if (citizen is null)
        {
            return request.HasPromptValue(PromptValues.None)
                ? Refuse(Errors.LoginRequired, "The citizen is not signed in.")
                : Results.Redirect("/account/sign-in?returnUrl=" + Uri.EscapeDataString(ReturnUrl(context)));
        }

        var released = await tokens.ReleasedAsync(citizen.CitizenId, cancellationToken);
        var party = await consents.RelyingPartyAsync(request.ClientId, cancellationToken);
        if (released is null || party is null)
        {
            return Refuse(Errors.AccessDenied, "The citizen's record or the client is no longer available.");
        }

        var scopes = request.GetScopes();
        var authorizationId = await consents.FindAsync(citizen.CitizenId, party.ApplicationId, scopes, cancellationToken);
        if (authorizationId is null && party.ConsentType is ConsentTypes.External)
        {
            return Refuse(Errors.ConsentRequired, "This application is not allowed for the citizen.");
        }

        // Explicit (and any other non-implicit) consent is asked once per set of scopes; the consent page records it,
        // so coming back here finds the authorization and goes on.
        var mustAsk = request.HasPromptValue(PromptValues.Consent)
            || (authorizationId is null && party.ConsentType is not ConsentTypes.Implicit);
        if (mustAsk)
        {
            return request.HasPromptValue(PromptValues.None)
                ? Refuse(Errors.ConsentRequired, "The citizen has not consented to this application.")
                : Results.Redirect(ConsentPath + "?returnUrl=" + Uri.EscapeDataString(ReturnUrl(context)));
        }

        // First-party clients (consent type implicit) get a permanent authorization too, so that their refresh tokens
        // hang off one record that a replayed token revokes.
        authorizationId ??= await consents.RememberAsync(citizen.CitizenId, party.ApplicationId, scopes, cancellationToken);
        var identity = CitizenTokens.IdentityFor(released, scopes, citizen.AccountId, citizen.SessionStamp);
        identity.SetAuthorizationId(authorizationId);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>The authorization request as a local URL to come back to, whether it came as a query or a form post.</summary>
    public static string ReturnUrl(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var query = context.Request.HasFormContentType
            ? QueryString.Create(context.Request.Form.Select(p => KeyValuePair.Create(p.Key, p.Value)))
            : context.Request.QueryString;
        return Path + query.ToUriComponent();
    }

    private static IResult Refuse(string error, string description) =>
        Results.Forbid(
            new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
            }),
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
