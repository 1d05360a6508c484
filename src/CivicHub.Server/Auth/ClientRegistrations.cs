using CivicHub.Server.Auth.RelyingParties;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace CivicHub.Server.Auth;

/// <summary>
/// Registers the OAuth clients CivicHub always has (the staff desk, and the portal, mobile app and chat widget citizens
/// sign in with) and the demo's clients.
/// </summary>
public sealed class ClientRegistrations(IOpenIddictApplicationManager applications, IOptions<AuthOptions> options)
{
    /// <summary>
    /// The first-party public clients: code flow with PKCE, consent implicit (they are CivicHub), their redirect
    /// addresses from the settings, so a changed setting applies at the next start.
    /// </summary>
    public async Task EnsureFirstPartyClientsAsync(CancellationToken cancellationToken)
    {
        var clients = options.Value.Clients;
        var mobile = clients.Mobile.RedirectUris.Count > 0 ? clients.Mobile.RedirectUris : ["gov.civichub.app:/callback", "http://127.0.0.1/callback"];
        await EnsureRelyingPartyAsync(CivicClaims.PortalClientId, "CivicHub portal", clients.Portal.RedirectUris, clients.Portal.PostLogoutRedirectUris, cancellationToken);
        await EnsureRelyingPartyAsync(
            CivicClaims.MobileClientId, "CivicHub mobile app", mobile, clients.Mobile.PostLogoutRedirectUris, cancellationToken, applicationType: ApplicationTypes.Native);
        await EnsureRelyingPartyAsync(CivicClaims.ChatWidgetClientId, "CivicHub chat", clients.ChatWidget.RedirectUris, clients.ChatWidget.PostLogoutRedirectUris, cancellationToken);
    }

    /// <summary>Creates or updates a public relying party with every citizen scope and implicit consent.</summary>
    public async Task EnsureRelyingPartyAsync(
        string clientId, string displayName, IReadOnlyList<string> redirectUris, IReadOnlyList<string> postLogoutRedirectUris, CancellationToken cancellationToken,
        string consentType = ConsentTypes.Implicit, int? departmentId = null, string applicationType = ApplicationTypes.Web)
    {
        var descriptor = RelyingPartyRegistry.Describe(
            new RelyingPartyRequest(clientId, displayName, ClientTypes.Public, consentType, redirectUris, postLogoutRedirectUris, RelyingPartyRegistry.AllowedScopes, departmentId, Enabled: true),
            secret: null);
        // A native app receives codes on its own scheme or a loopback address (RFC 8252).
        descriptor.ApplicationType = applicationType;
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
