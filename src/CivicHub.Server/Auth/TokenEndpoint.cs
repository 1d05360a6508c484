using System.Security.Claims;
using CivicHub.Core.Data;
using CivicHub.Core.Staff;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace CivicHub.Server.Auth;

/// <summary>
/// The OAuth 2.0 token endpoint: client credentials for integrations, the password grant for staff, authorization
/// codes for citizens, and refresh tokens for both. OpenIddict has already checked the client, the code's PKCE
/// verifier and redirect URI, and that a refresh token was not used before; this decides who the token speaks for.
/// </summary>
public static class TokenEndpoint
{
    public static void MapTokenEndpoint(this IEndpointRouteBuilder app) =>
        app.MapPost("/connect/token", ExchangeAsync).AllowAnonymous().ExcludeFromDescription();

    private static async Task<IResult> ExchangeAsync(
        HttpContext context, CivicHubDb db, StaffPasswords passwords, IOpenIddictApplicationManager applications, CitizenTokens citizens)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        if (request.IsClientCredentialsGrantType())
        {
            var application = await applications.FindByClientIdAsync(request.ClientId!, context.RequestAborted);
            var name = application is null ? request.ClientId : await applications.GetDisplayNameAsync(application, context.RequestAborted);
            var identity = NewIdentity(request.ClientId!, name ?? request.ClientId!, CivicClaims.Integration, CivicClaims.Integration);
            return SignIn(identity, request.GetScopes());
        }

        if (request.IsPasswordGrantType())
        {
            var staff = await passwords.CheckAsync(request.Username, request.Password, context.RequestAborted);
            if (staff is null)
            {
                return Refuse(Errors.InvalidGrant, "The user name or password is not correct.");
            }

            return SignIn(StaffIdentity(staff), request.GetScopes());
        }

        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            if (result.Principal?.GetClaim(CivicClaims.Kind) == CivicClaims.Citizen)
            {
                return await CitizenAsync(result.Principal, citizens, context.RequestAborted);
            }

            var subject = result.Principal?.GetClaim(Claims.Subject);
            var staff = Guid.TryParse(subject, out var id)
                ? await db.Staff.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id && s.Active, context.RequestAborted)
                : null;
            if (staff is null)
            {
                return Refuse(Errors.InvalidGrant, "The account is no longer active.");
            }

            return SignIn(StaffIdentity(staff), result.Principal!.GetScopes());
        }

        return Refuse(Errors.UnsupportedGrantType, "This grant type is not supported.");
    }

    /// <summary>A citizen's code or refresh token: the claims are read again, so a merged-away record gets no more tokens.</summary>
    private static async Task<IResult> CitizenAsync(ClaimsPrincipal principal, CitizenTokens citizens, CancellationToken cancellationToken)
    {
        var citizen = Guid.TryParse(principal.GetClaim(Claims.Subject), out var citizenId)
            ? await citizens.ReleasedAsync(citizenId, cancellationToken)
            : null;
        if (citizen is null)
        {
            return Refuse(Errors.InvalidGrant, "The citizen's record is no longer active.");
        }

        var identity = CitizenTokens.IdentityFor(citizen, principal.GetScopes());
        identity.SetAuthorizationId(principal.GetAuthorizationId());
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static ClaimsIdentity StaffIdentity(StaffMember staff) =>
        NewIdentity(staff.Id.ToString(), staff.DisplayName, CivicClaims.Staff, staff.Role.ToString().ToLowerInvariant());

    private static ClaimsIdentity NewIdentity(string subject, string name, string kind, string role)
    {
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, subject).SetClaim(Claims.Name, name).SetClaim(Claims.Role, role).SetClaim(CivicClaims.Kind, kind);
        return identity;
    }

    private static IResult SignIn(ClaimsIdentity identity, System.Collections.Immutable.ImmutableArray<string> scopes)
    {
        identity.SetScopes(scopes);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
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
