namespace CivicHub.Server.Auth;

/// <summary>A PKCS#12 file holding a token-signing certificate and its private key.</summary>
public sealed class SigningCertificate
{
    public string Path { get; set; } = "";

    public string? Password { get; set; }
}
