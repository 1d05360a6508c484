using System.Security.Claims;
using CivicHub.Core.Accounts;
using CivicHub.Core.Data;
using CivicHub.Core.Staff;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
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

    /// <summary>The form parameter of the password grant that carries the authenticator's code or a recovery code.</summary>
    public const string OtpParameter = "otp";

    private static async Task<IResult> ExchangeAsync(
        HttpContext context, CivicHubDb db, StaffSignIn signIn, IOpenIddictApplicationManager applications, IOptions<AuthOptions> options, CitizenTokens citizens,
        CitizenAccounts accounts)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        if (request.IsClientCredentialsGrantType())
        {
            var application = await applications.FindByClientIdAsync(request.ClientId!, context.RequestAborted);
            var name = application is null ? request.ClientId : await applications.GetDisplayNameAsync(application, context.RequestAborted);
            var identity = NewIdentity(request.ClientId!, name ?? request.ClientId!, CivicClaims.Integration, CivicClaims.Integration);
            if (options.Value.IntegrationDepartments.TryGetValue(request.ClientId!, out var department))
            {
                identity.SetClaim(CivicClaims.Department, department);
            }

            return SignIn(identity, request.GetScopes());
        }

        if (request.IsPasswordGrantType())
        {
            var password = await signIn.PasswordAsync(request.Username, request.Password, context.RequestAborted);
            switch (password.Step)
            {
                case StaffSignIn.Step.SignedIn:
                    return SignIn(StaffIdentity(password.Staff!), request.GetScopes());
                case StaffSignIn.Step.NeedsEnrolment:
                    return Refuse(Errors.InvalidGrant, "This account has no authenticator app set up yet: sign in to the desk once to set it up, then send its code in the otp parameter.");
                case StaffSignIn.Step.NeedsCode when string.IsNullOrWhiteSpace((string?)request[OtpParameter]):
                    return Refuse(Errors.InvalidGrant, "A one-time code is required: send the authenticator app's current code (or a recovery code) in the otp parameter.");
                case StaffSignIn.Step.NeedsCode:
                    var staff = await signIn.CodeAsync(password.Staff!.Id, (string?)request[OtpParameter], context.RequestAborted);
                    return staff is null ? Refuse(Errors.InvalidGrant, StaffSignIn.Refused) : SignIn(StaffIdentity(staff), request.GetScopes());
                default:
                    return Refuse(Errors.InvalidGrant, StaffSignIn.Refused);
            }
        }

        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            if (result.Principal?.GetClaim(CivicClaims.Kind) == CivicClaims.Citizen)
            {
                return await CitizenAsync(result.Principal, citizens, accounts, context.RequestAborted);
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

    /// <summary>
    /// A citizen's code or refresh token: the claims are read again, so a merged-away record gets no more tokens, and
    /// the portal sign-in it came from must still stand, so a password reset or signing out everywhere ends every
    /// application's refresh tokens.
    /// </summary>
    private static async Task<IResult> CitizenAsync(ClaimsPrincipal principal, CitizenTokens citizens, CitizenAccounts accounts, CancellationToken cancellationToken)
    {
        if (CitizenTokens.SessionOf(principal) is not { } session
            || !await accounts.IsSessionCurrentAsync(session.AccountId, session.SessionStamp, cancellationToken))
        {
            return Refuse(Errors.InvalidGrant, "The citizen's sign-in has ended (they signed out everywhere, or the password was reset); sign in again.");
        }

        var citizen = Guid.TryParse(principal.GetClaim(Claims.Subject), out var citizenId)
            ? await citizens.ReleasedAsync(citizenId, cancellationToken)
            : null;
        if (citizen is null)
        {
            return Refuse(Errors.InvalidGrant, "The citizen's record is no longer active.");
        }

        var identity = CitizenTokens.IdentityFor(citizen, principal.GetScopes(), session.AccountId, session.SessionStamp);
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
