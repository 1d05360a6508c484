namespace CivicHub.Server.Auth;

/// <summary>Where one of CivicHub's own applications (portal, mobile app, chat widget) may receive codes and return after sign-out.</summary>
public sealed class FirstPartyClient
{
    public List<string> RedirectUris { get; set; } = [];

    public List<string> PostLogoutRedirectUris { get; set; } = [];
}
