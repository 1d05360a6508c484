namespace CivicHub.Server.Hosting;

/// <summary>What the demo's start page lists: the staff, their shared password and the integration client.</summary>
public sealed record DemoSignInList(
    IReadOnlyList<(string UserName, string Role)> Staff,
    string? StaffPassword,
    string IntegrationClientId,
    string? ClientSecret);
