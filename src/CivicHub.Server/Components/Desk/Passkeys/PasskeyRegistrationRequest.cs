using System.Text.Json;

namespace CivicHub.Server.Components.Desk.Passkeys;

/// <summary>The second step of making a passkey: the ceremony answered, the name chosen, and the browser's PublicKeyCredential.</summary>
public sealed record PasskeyRegistrationRequest(Guid? CeremonyId, string? Name, JsonElement Credential);
