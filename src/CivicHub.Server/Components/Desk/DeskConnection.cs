namespace CivicHub.Server.Components.Desk;

/// <summary>
/// Where a desk circuit's browser connects from, for the audit log: read once from the circuit's own connection
/// request when the circuit opens (or reconnects), since a circuit's work runs outside any HTTP request.
/// </summary>
public sealed class DeskConnection
{
    public System.Net.IPAddress? RemoteAddress { get; set; }

    public string? UserAgent { get; set; }
}
