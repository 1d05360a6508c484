using System.ComponentModel.DataAnnotations;

namespace CivicHub.Server.Auth;

/// <summary>How the token server signs tokens and whether it accepts plain HTTP.</summary>
public sealed class AuthOptions
{
    /// <summary>Accept token requests over plain HTTP: for local demos and tests, never in production.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>
    /// The signing certificates: the first signs new tokens; every one is published in the JWKS and still validates,
    /// so an operator rotates by putting the new certificate first and keeping the old one until its tokens expire.
    /// Every host behind a load balancer must share the same list.
    /// </summary>
    public List<SigningCertificate> SigningCertificates { get; set; } = [];

    /// <summary>The one-certificate setting from before rotation; used when <see cref="SigningCertificates"/> is empty.</summary>
    public string? SigningCertificatePath { get; set; }

    public string? SigningCertificatePassword { get; set; }

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a host goes on accepting a member of staff's access tokens, at most, after the account was deactivated
    /// or its role changed on another host (the host where it changed stops at once): how often each host asks the
    /// database whether the member still holds the token's role.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:15:00")]
    public TimeSpan StaffRecheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a host goes on accepting a citizen's access tokens, at most, after the citizen reset the password or
    /// signed out everywhere on another host (the host where it happened stops at once): how often each host asks the
    /// database whether the sign-in a token came from still stands.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:15:00")]
    public TimeSpan CitizenRecheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The department each integration client acts for, by client id (for example "tax-system": "TAX"). It reads
    /// what that department may read; a client without one reads no case or citizen data (docs/privacy.md).
    /// </summary>
    public Dictionary<string, string> IntegrationDepartments { get; } = new(StringComparer.Ordinal);
    /// <summary>How long a citizen's refresh token lives; each use replaces it with a new one (rotation).</summary>
    [Range(typeof(TimeSpan), "00:05:00", "90.00:00:00")]
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Where CivicHub's own applications receive codes; see <see cref="FirstPartyClients"/>.</summary>
    public FirstPartyClients Clients { get; set; } = new();

    /// <summary>The certificates in signing order, the legacy single setting included.</summary>
    public IReadOnlyList<SigningCertificate> CertificatesInOrder() =>
        SigningCertificates.Count > 0 ? SigningCertificates
        : string.IsNullOrEmpty(SigningCertificatePath) ? []
        : [new SigningCertificate { Path = SigningCertificatePath, Password = SigningCertificatePassword }];
}
