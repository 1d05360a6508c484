using System.Security.Claims;
using CivicHub.Core.Accounts;

namespace CivicHub.Server.Components.Portal;

/// <summary>The signed-in citizen of the request, as their record stands now (an agent may have merged it since).</summary>
public sealed class PortalSession(CitizenAccounts accounts)
{
    private SignedInCitizen? _current;

    /// <summary>The citizen once <see cref="CurrentAsync"/> has found them in this request; null before, or when no one is signed in.</summary>
    public SignedInCitizen? Known => _current;

    public async Task<SignedInCitizen?> CurrentAsync(ClaimsPrincipal? user, CancellationToken cancellationToken = default)
    {
        if (_current is not null)
        {
            return _current;
        }

        if (user?.FindFirstValue(ClaimTypes.NameIdentifier) is not { } id || !Guid.TryParse(id, out var accountId)
            || user.FindFirstValue(PortalAuth.CitizenIdClaim) is null)
        {
            return null;
        }

        _current = await accounts.CurrentAsync(accountId, cancellationToken);
        return _current;
    }

    /// <summary>The principal the portal cookie carries for a citizen.</summary>
    public static ClaimsPrincipal PrincipalFor(SignedInCitizen citizen) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, citizen.AccountId.ToString()),
                new Claim(PortalAuth.CitizenIdClaim, citizen.CitizenId.ToString()),
                new Claim(PortalAuth.SessionStampClaim, citizen.SessionStamp),
            ],
            PortalAuth.Scheme));
}
