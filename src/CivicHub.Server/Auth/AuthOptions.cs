namespace CivicHub.Server.Auth;

/// <summary>How the token server signs tokens and whether it accepts plain HTTP.</summary>
public sealed class AuthOptions
{
    /// <summary>Accept token requests over plain HTTP: for local demos and tests, never in production.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>A PKCS#12 file holding the signing certificate; every host behind a load balancer must share it.</summary>
    public string? SigningCertificatePath { get; set; }

    public string? SigningCertificatePassword { get; set; }

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The department each integration client acts for, by client id (for example "tax-system": "TAX"). It reads
    /// what that department may read; a client without one reads no case or citizen data (docs/privacy.md).
    /// </summary>
    public Dictionary<string, string> IntegrationDepartments { get; } = new(StringComparer.Ordinal);
}
