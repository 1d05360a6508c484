using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CivicHub.Server.Tests.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CivicHub.Server.Tests.Auth;

/// <summary>
/// An operator rotates the signing certificate: the same database served first with the old certificate, then with
/// the new one first and the old one kept. Tokens signed before the rotation keep working, and the new one signs.
/// SQLite only: the keys never touch the database.
/// </summary>
public sealed class SigningKeyRotationTests(BeforeRotationHost before, AfterRotationHost after)
    : IClassFixture<BeforeRotationHost>, IClassFixture<AfterRotationHost>
{
    [Fact]
    public async Task A_token_signed_before_a_rotation_still_works_and_the_new_certificate_signs()
    {
        var oldToken = (await before.StaffClientAsync("morgan")).DefaultRequestHeaders.Authorization!.Parameter!;
        Assert.Equal(RotationCertificates.Old.Thumbprint, new JsonWebToken(oldToken).Kid);

        // The new certificate expires sooner than the old one, yet it signs because it is listed first.
        var newToken = (await after.StaffClientAsync("morgan")).DefaultRequestHeaders.Authorization!.Parameter!;
        Assert.Equal(RotationCertificates.New.Thumbprint, new JsonWebToken(newToken).Kid);
        var keys = new JsonWebKeySet(await after.AnonymousClient().GetStringAsync(new Uri("/.well-known/jwks", UriKind.Relative)));
        Assert.Equivalent(new[] { RotationCertificates.Old.Thumbprint, RotationCertificates.New.Thumbprint }, keys.Keys.Select(k => k.Kid).ToArray());

        using var client = after.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", oldToken);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/v1/relying-parties", UriKind.Relative))).StatusCode);
    }
}

/// <summary>Two self-signed signing certificates in PKCS#12 files, and the database both hosts share.</summary>
public static class RotationCertificates
{
    public const string Password = "rotation-test";

    public static string Folder { get; } = Directory.CreateTempSubdirectory("civichub-rotation-").FullName;

    /// <summary>The certificate in use before the rotation; it expires after the new one.</summary>
    public static X509Certificate2 Old { get; } = Create("old", TimeSpan.FromDays(3650));

    public static X509Certificate2 New { get; } = Create("new", TimeSpan.FromDays(730));

    public static string PathOf(X509Certificate2 certificate) => System.IO.Path.Combine(Folder, certificate.Thumbprint + ".pfx");

    private static X509Certificate2 Create(string name, TimeSpan lifetime)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN=CivicHub test signing {name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.Add(lifetime));
        var bytes = certificate.Export(X509ContentType.Pfx, Password);
        var loaded = X509CertificateLoader.LoadPkcs12(bytes, Password);
        File.WriteAllBytes(PathOf(loaded), bytes);
        return loaded;
    }
}

/// <summary>CivicHub signing with the old certificate only.</summary>
public sealed class BeforeRotationHost : SqliteHost
{
    protected override string ConnectionString => $"Data Source={System.IO.Path.Combine(RotationCertificates.Folder, "civichub.db")}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Demo:Citizens", "5");
        builder.UseSetting("Auth:SigningCertificates:0:Path", RotationCertificates.PathOf(RotationCertificates.Old));
        builder.UseSetting("Auth:SigningCertificates:0:Password", RotationCertificates.Password);
    }
}

/// <summary>CivicHub on the same database after the rotation: the new certificate first, the old one kept.</summary>
public sealed class AfterRotationHost : SqliteHost
{
    protected override string ConnectionString => $"Data Source={System.IO.Path.Combine(RotationCertificates.Folder, "civichub.db")}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Demo:Citizens", "5");
        builder.UseSetting("Auth:SigningCertificates:0:Path", RotationCertificates.PathOf(RotationCertificates.New));
        builder.UseSetting("Auth:SigningCertificates:0:Password", RotationCertificates.Password);
        builder.UseSetting("Auth:SigningCertificates:1:Path", RotationCertificates.PathOf(RotationCertificates.Old));
        builder.UseSetting("Auth:SigningCertificates:1:Password", RotationCertificates.Password);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        // The shared database and certificates go with this host; the class's one test, the only user of both hosts, is over.
        if (Directory.Exists(RotationCertificates.Folder))
        {
            Directory.Delete(RotationCertificates.Folder, recursive: true);
        }
    }
}
