namespace CivicHub.Core.Accounts;

/// <summary>
/// A sign-in at an outside identity provider (a state login) linked to a portal account: the provider's issuer and
/// the subject it names the person by. Issuer and subject together are what stays stable; the email may change.
/// </summary>
public sealed class FederatedLogin
{
    public Guid Id { get; set; }

    /// <summary>The provider's issuer exactly as its id tokens carry it ("iss").</summary>
    public required string Issuer { get; set; }

    /// <summary>The provider's identifier of the person ("sub"), never reassigned by the provider.</summary>
    public required string Subject { get; set; }

    public Guid AccountId { get; set; }

    public DateTime LinkedAt { get; set; }

    public DateTime? LastSignInAt { get; set; }
}
