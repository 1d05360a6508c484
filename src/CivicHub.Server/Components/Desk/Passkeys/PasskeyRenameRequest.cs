namespace CivicHub.Server.Components.Desk.Passkeys;

/// <summary>A new name for one of the member's passkeys.</summary>
public sealed record PasskeyRenameRequest(string? Name);
