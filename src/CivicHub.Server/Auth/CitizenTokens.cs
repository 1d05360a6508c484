using System.Collections.Immutable;
using System.Security.Claims;
using CivicHub.Core.Accounts;
using CivicHub.Core.Citizens;
using CivicHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace CivicHub.Server.Auth;

/// <summary>
/// What a citizen's tokens and the userinfo endpoint say about them: the subject is the citizen's id, and name, email
/// and phone come only with their scope, and email and phone only once verified.
/// </summary>
public sealed class CitizenTokens(CivicHubDb db)
{
    /// <summary>The claims a citizen may release, read as the record stands now; null when it is gone or merged away.</summary>
    public sealed record Released(Guid CitizenId, string? Name, string? Email, string? Phone);

    public async Task<Released?> ReleasedAsync(Guid citizenId, CancellationToken cancellationToken)
    {
        var citizen = await db.Citizens.AsNoTracking()
            .Where(c => c.Id == citizenId && c.MergedIntoId == null)
            .Select(c => new { c.GivenName, c.FamilyName })
            .FirstOrDefaultAsync(cancellationToken);
        if (citizen is null)
        {
            return null;
        }

        var verified = await db.ChannelIdentities.AsNoTracking()
            .Where(i => i.CitizenId == citizenId && i.Verified && (i.Kind == IdentityKind.Email || i.Kind == IdentityKind.Phone))
            .OrderBy(i => i.CreatedAt)
            .Select(i => new { i.Kind, i.Value })
            .ToListAsync(cancellationToken);
        var name = string.Join(' ', new[] { citizen.GivenName, citizen.FamilyName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        return new Released(
            citizenId,
            name.Length == 0 ? null : name,
            verified.FirstOrDefault(i => i.Kind == IdentityKind.Email)?.Value,
            verified.FirstOrDefault(i => i.Kind == IdentityKind.Phone)?.Value);
    }

    /// <summary>
    /// The identity OpenIddict turns into the citizen's tokens, each claim sent only where its scope allows, bound to
    /// the portal sign-in it comes from: the authorization code and refresh tokens carry the account's session stamp,
    /// the access token a digest of it (<see cref="CitizenSignInStanding"/>), so a password reset or signing out
    /// everywhere ends them all.
    /// </summary>
    public static ClaimsIdentity IdentityFor(Released citizen, ImmutableArray<string> scopes, Guid accountId, string sessionStamp)
    {
        ArgumentNullException.ThrowIfNull(citizen);
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, citizen.CitizenId.ToString())
            .SetClaim(CivicClaims.Kind, CivicClaims.Citizen)
            .SetClaim(Claims.Name, citizen.Name)
            .SetClaim(CivicClaims.Account, accountId.ToString())
            .SetClaim(CivicClaims.Session, sessionStamp)
            .SetClaim(CivicClaims.SessionDigest, CitizenSignInStanding.DigestOf(sessionStamp));
        if (scopes.Contains(Scopes.Email) && citizen.Email is not null)
        {
            identity.SetClaim(Claims.Email, citizen.Email).AddClaim(new Claim(Claims.EmailVerified, "true", ClaimValueTypes.Boolean));
        }

        if (scopes.Contains(Scopes.Phone) && citizen.Phone is not null)
        {
            identity.SetClaim(Claims.PhoneNumber, citizen.Phone).AddClaim(new Claim(Claims.PhoneNumberVerified, "true", ClaimValueTypes.Boolean));
        }

        identity.SetScopes(scopes);
        identity.SetDestinations(claim => DestinationsOf(claim, scopes));
        return identity;
    }

    /// <summary>The portal sign-in a code or refresh token was bound to; null when it carries none.</summary>
    public static (Guid AccountId, string SessionStamp)? SessionOf(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return Guid.TryParse(principal.GetClaim(CivicClaims.Account), out var accountId) && principal.GetClaim(CivicClaims.Session) is { Length: > 0 } stamp
            ? (accountId, stamp)
            : null;
    }

    /// <summary>The userinfo response for an access token's scopes (OpenID Connect Core 5.3.2).</summary>
    public static Dictionary<string, object> UserInfo(Released citizen, ImmutableArray<string> scopes)
    {
        ArgumentNullException.ThrowIfNull(citizen);
        var claims = new Dictionary<string, object>(StringComparer.Ordinal) { [Claims.Subject] = citizen.CitizenId.ToString() };
        if (scopes.Contains(Scopes.Profile) && citizen.Name is not null)
        {
            claims[Claims.Name] = citizen.Name;
        }

        if (scopes.Contains(Scopes.Email) && citizen.Email is not null)
        {
            claims[Claims.Email] = citizen.Email;
            claims[Claims.EmailVerified] = true;
        }

        if (scopes.Contains(Scopes.Phone) && citizen.Phone is not null)
        {
            claims[Claims.PhoneNumber] = citizen.Phone;
            claims[Claims.PhoneNumberVerified] = true;
        }

        return claims;
    }

    // The access token carries what CivicHub's own API and chat hub need (who, what kind, a display name, which sign-in);
    // the identity token carries what the relying party asked for by scope. The session stamp itself goes in no token a
    // client reads: OpenIddict keeps claims without a destination in codes and refresh tokens alone.
    private static IEnumerable<string> DestinationsOf(Claim claim, ImmutableArray<string> scopes) => claim.Type switch
    {
        Claims.Subject => [Destinations.AccessToken, Destinations.IdentityToken],
        Claims.Name when scopes.Contains(Scopes.Profile) => [Destinations.AccessToken, Destinations.IdentityToken],
        Claims.Name => [Destinations.AccessToken],
        CivicClaims.Kind or CivicClaims.Account or CivicClaims.SessionDigest => [Destinations.AccessToken],
        Claims.Email or Claims.EmailVerified or Claims.PhoneNumber or Claims.PhoneNumberVerified => [Destinations.IdentityToken],
        _ => [],
    };
}
