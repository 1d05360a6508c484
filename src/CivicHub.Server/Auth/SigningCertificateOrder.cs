using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace CivicHub.Server.Auth;

/// <summary>
/// Makes the first configured certificate the one that signs. OpenIddict on its own prefers the certificate that
/// expires last, which would let a previous certificate with a longer life keep signing after a rotation; the operator's
/// order is the rule (docs/operations.md). Runs after OpenIddict's own post-configuration, which sorts.
/// </summary>
internal sealed class SigningCertificateOrder(string thumbprint) : IPostConfigureOptions<OpenIddictServerOptions>
{
    public void PostConfigure(string? name, OpenIddictServerOptions options)
    {
        MoveFirst(options.SigningCredentials);
        MoveFirst(options.EncryptionCredentials);
    }

    private void MoveFirst<T>(List<T> credentials)
        where T : class
    {
        var index = credentials.FindIndex(c => KeyOf(c) is X509SecurityKey key && string.Equals(key.Certificate.Thumbprint, thumbprint, StringComparison.OrdinalIgnoreCase));
        if (index > 0)
        {
            var current = credentials[index];
            credentials.RemoveAt(index);
            credentials.Insert(0, current);
        }
    }

    private static SecurityKey? KeyOf(object credentials) => credentials switch
    {
        SigningCredentials signing => signing.Key,
        EncryptingCredentials encrypting => encrypting.Key,
        _ => null,
    };
}
