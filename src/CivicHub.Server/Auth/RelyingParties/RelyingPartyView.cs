namespace CivicHub.Server.Auth.RelyingParties;

/// <summary>A registered relying party as administrators see it (never its secret).</summary>
public sealed record RelyingPartyView(
    string ClientId,
    string DisplayName,
    string ClientType,
    string ConsentType,
    IReadOnlyList<string> RedirectUris,
    IReadOnlyList<string> PostLogoutRedirectUris,
    IReadOnlyList<string> Scopes,
    int? DepartmentId,
    bool Enabled,
    bool FirstParty);
