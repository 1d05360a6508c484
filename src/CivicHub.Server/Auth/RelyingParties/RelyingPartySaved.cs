namespace CivicHub.Server.Auth.RelyingParties;

/// <summary>A relying party after it was saved, with its client secret when one was just generated: shown this once only.</summary>
public sealed record RelyingPartySaved(RelyingPartyView RelyingParty, string? ClientSecret);
