namespace CivicHub.Server.Auth;

/// <summary>The redirect addresses of CivicHub's own public clients (section "Auth:Clients"), applied at every start.</summary>
public sealed class FirstPartyClients
{
    public FirstPartyClient Portal { get; set; } = new();

    /// <summary>The app receives codes on its custom scheme, or on a loopback address while developing (RFC 8252).</summary>
    public FirstPartyClient Mobile { get; set; } = new();

    public FirstPartyClient ChatWidget { get; set; } = new();
}
