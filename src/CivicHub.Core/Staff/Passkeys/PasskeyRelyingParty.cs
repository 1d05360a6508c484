namespace CivicHub.Core.Staff.Passkeys;

/// <summary>The relying party a passkey ceremony is for: the domain passkeys are bound to and the origins allowed to use them.</summary>
public sealed record PasskeyRelyingParty(string Id, string Name, IReadOnlySet<string> Origins);
