namespace CivicHub.Server.Auth.RelyingParties;

/// <summary>
/// A relying party (an application citizens sign in to with CivicHub) as an administrator registers or changes it.
/// </summary>
/// <param name="ClientId">Letters, digits, "-", "_" and "."; fixed once created.</param>
/// <param name="DisplayName">The name citizens see on the consent page.</param>
/// <param name="ClientType">"public" (an app that cannot keep a secret: PKCE only) or "confidential" (gets a secret).</param>
/// <param name="ConsentType">"explicit" (the citizen is asked once per set of scopes) or "implicit" (never asked).</param>
/// <param name="RedirectUris">Absolute https addresses (http only for localhost and loopback addresses).</param>
/// <param name="PostLogoutRedirectUris">Where the party may send the citizen after signing them out; same rules.</param>
/// <param name="Scopes">From openid, profile, email, phone, offline_access and api; openid is required.</param>
/// <param name="DepartmentId">The department that owns the application, if any.</param>
/// <param name="Enabled">A disabled relying party is refused at the authorization and token endpoints.</param>
public sealed record RelyingPartyRequest(
    string? ClientId,
    string? DisplayName,
    string? ClientType,
    string? ConsentType,
    IReadOnlyList<string>? RedirectUris,
    IReadOnlyList<string>? PostLogoutRedirectUris,
    IReadOnlyList<string>? Scopes,
    int? DepartmentId,
    bool? Enabled);
