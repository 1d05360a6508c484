namespace CivicHub.Server.Hosting;

/// <summary>
/// What the demo's start page lists: the staff, their shared password, the seed of their authenticator secrets (only
/// when generated, so the page can show the current codes) and the integration client.
/// </summary>
public sealed record DemoSignInList(
    IReadOnlyList<(string UserName, string Role)> Staff,
    string? StaffPassword,
    string? StaffTotpSeed,
    string IntegrationClientId,
    string? ClientSecret);
