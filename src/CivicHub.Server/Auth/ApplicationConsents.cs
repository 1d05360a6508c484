using System.Collections.Immutable;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace CivicHub.Server.Auth;

/// <summary>
/// A citizen's standing consent to a relying party: an OpenIddict permanent authorization for the citizen (subject),
/// the application and the scopes. The authorization endpoint looks for one before asking; the consent page records it.
/// </summary>
public sealed class ApplicationConsents(IOpenIddictApplicationManager applications, IOpenIddictAuthorizationManager authorizations)
{
    /// <summary>What the consent page shows and records; null when the client is unknown.</summary>
    public sealed record RelyingPartyView(string ApplicationId, string ClientId, string DisplayName, string ConsentType);

    public async Task<RelyingPartyView?> RelyingPartyAsync(string? clientId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(clientId) || await applications.FindByClientIdAsync(clientId, cancellationToken) is not { } application)
        {
            return null;
        }

        return new RelyingPartyView(
            (await applications.GetIdAsync(application, cancellationToken))!,
            clientId,
            await applications.GetDisplayNameAsync(application, cancellationToken) ?? clientId,
            await applications.GetConsentTypeAsync(application, cancellationToken) ?? ConsentTypes.Explicit);
    }

    /// <summary>The id of a valid permanent authorization covering all the scopes, or null.</summary>
    public async Task<string?> FindAsync(Guid citizenId, string applicationId, ImmutableArray<string> scopes, CancellationToken cancellationToken)
    {
        await foreach (var authorization in authorizations.FindAsync(
            citizenId.ToString(), applicationId, Statuses.Valid, AuthorizationTypes.Permanent, scopes, cancellationToken))
        {
            return await authorizations.GetIdAsync(authorization, cancellationToken);
        }

        return null;
    }

    /// <summary>Records the citizen's consent (or finds the one that already covers the scopes) and returns its id.</summary>
    public async Task<string> RememberAsync(Guid citizenId, string applicationId, ImmutableArray<string> scopes, CancellationToken cancellationToken)
    {
        if (await FindAsync(citizenId, applicationId, scopes, cancellationToken) is { } existing)
        {
            return existing;
        }

        // OpenIddict's overload stamps the creation date and the valid status; the identity only names the subject.
        var identity = new System.Security.Claims.ClaimsIdentity("consent");
        identity.SetClaim(Claims.Subject, citizenId.ToString());
        var authorization = await authorizations.CreateAsync(
            identity, citizenId.ToString(), applicationId, AuthorizationTypes.Permanent, scopes, cancellationToken);
        return (await authorizations.GetIdAsync(authorization, cancellationToken))!;
    }
}
