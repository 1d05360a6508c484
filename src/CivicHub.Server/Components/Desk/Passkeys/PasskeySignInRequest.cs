using System.Text.Json;

namespace CivicHub.Server.Components.Desk.Passkeys;

/// <summary>The second step of a passkey sign-in: the ceremony answered, the browser's PublicKeyCredential, and where to go next.</summary>
public sealed record PasskeySignInRequest(Guid? CeremonyId, JsonElement Credential, string? ReturnUrl);
