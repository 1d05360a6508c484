namespace CivicHub.Core.Accounts;

/// <summary>
/// What an outside identity provider said about the person in a validated id token. The email counts as theirs only
/// when the provider says it verified it.
/// </summary>
public sealed record ExternalLogin(string Issuer, string Subject, string? Email, bool EmailVerified, string? GivenName, string? FamilyName);
