using System.Text.Json;

namespace CivicHub.Core.Staff.Passkeys;

/// <summary>The first step of a ceremony: its id and the options for navigator.credentials (binary fields base64url).</summary>
public sealed record PasskeyChallenge(Guid CeremonyId, JsonElement Options);
