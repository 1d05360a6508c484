using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace CivicHub.Server.Auth;

/// <summary>Registers the OAuth clients CivicHub always has (the staff desk) and the demo's integration client.</summary>
public sealed class ClientRegistrations(IOpenIddictApplicationManager applications)
{
    public async Task EnsureDeskClientAsync(CancellationToken cancellationToken)
    {
        if (await applications.FindByClientIdAsync(CivicClaims.DeskClientId, cancellationToken) is not null)
        {
            return;
        }

        await applications.CreateAsync(
            new OpenIddictApplicationDescriptor
            {
                ClientId = CivicClaims.DeskClientId,
                DisplayName = "CivicHub staff desk",
                ClientType = ClientTypes.Public,
                Permissions =
                {
                    Permissions.Endpoints.Token,
                    Permissions.GrantTypes.Password,
                    Permissions.GrantTypes.RefreshToken,
                    Permissions.Prefixes.Scope + CivicClaims.ApiScope,
                    Permissions.Prefixes.Scope + Scopes.OfflineAccess,
                },
            },
            cancellationToken);
    }

    /// <summary>Creates or updates a confidential client that uses the client credentials grant.</summary>
    public async Task EnsureIntegrationClientAsync(string clientId, string displayName, string secret, CancellationToken cancellationToken)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = secret,
            DisplayName = displayName,
            ClientType = ClientTypes.Confidential,
            Permissions =
            {
                Permissions.Endpoints.Token,
                Permissions.GrantTypes.ClientCredentials,
                Permissions.Prefixes.Scope + CivicClaims.ApiScope,
            },
        };
        var existing = await applications.FindByClientIdAsync(clientId, cancellationToken);
        if (existing is null)
        {
            await applications.CreateAsync(descriptor, cancellationToken);
        }
        else
        {
            await applications.UpdateAsync(existing, descriptor, cancellationToken);
        }
    }
}
