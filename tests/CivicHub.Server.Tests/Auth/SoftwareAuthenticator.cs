using System.Buffers.Binary;
using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace CivicHub.Server.Tests.Auth;

/// <summary>
/// A passkey authenticator in software, answering as a browser's navigator.credentials would (WebAuthn Level 3): an
/// ES256 key, authenticator data built byte by byte (rpIdHash, flags, signature counter, attested credential data
/// with the COSE key), attestation "none" in CBOR, and the client data JSON with the challenge and origin. Its
/// answers are the PublicKeyCredential's toJSON() form, binary fields in base64url.
/// </summary>
public sealed class SoftwareAuthenticator : IDisposable
{
    private const byte UserPresent = 0x01;
    private const byte UserVerifiedFlag = 0x04;
    private const byte AttestedCredentialData = 0x40;

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public byte[] CredentialId { get; } = RandomNumberGenerator.GetBytes(32);

    public Guid AaGuid { get; } = Guid.NewGuid();

    /// <summary>The counter the next answer carries; 0 throughout for an authenticator without one (as synced passkeys).</summary>
    public uint SignCount { get; set; }

    /// <summary>Whether each answer after this one counts up (a hardware key) or keeps 0 (a synced passkey).</summary>
    public bool Counts { get; set; } = true;

    /// <summary>Whether the authenticator says it verified the user (PIN, biometric).</summary>
    public bool VerifiesUser { get; set; } = true;

    /// <summary>The origin the "browser" puts in the client data: the page's own unless a test says otherwise.</summary>
    public string Origin { get; set; } = "http://localhost";

    public byte[]? UserHandle { get; private set; }

    /// <summary>The answer to navigator.credentials.create() with the server's options.</summary>
    public object Create(JsonElement options)
    {
        var rpId = options.GetProperty("rp").GetProperty("id").GetString()!;
        UserHandle = WebEncoders.Base64UrlDecode(options.GetProperty("user").GetProperty("id").GetString()!);
        var clientData = ClientData("webauthn.create", options.GetProperty("challenge").GetString()!);

        var authenticatorData = new List<byte>();
        authenticatorData.AddRange(AuthenticatorDataHead(rpId, (byte)(Flags() | AttestedCredentialData)));
        authenticatorData.AddRange(AaGuidBytes());
        authenticatorData.AddRange(BigEndian((ushort)CredentialId.Length));
        authenticatorData.AddRange(CredentialId);
        authenticatorData.AddRange(CoseKey());

        var attestation = new CborWriter(CborConformanceMode.Ctap2Canonical);
        attestation.WriteStartMap(3);
        attestation.WriteTextString("fmt");
        attestation.WriteTextString("none");
        attestation.WriteTextString("attStmt");
        attestation.WriteStartMap(0);
        attestation.WriteEndMap();
        attestation.WriteTextString("authData");
        attestation.WriteByteString([.. authenticatorData]);
        attestation.WriteEndMap();

        return new
        {
            id = Base64Url(CredentialId),
            rawId = Base64Url(CredentialId),
            type = "public-key",
            response = new
            {
                attestationObject = Base64Url(attestation.Encode()),
                clientDataJSON = Base64Url(clientData),
                transports = new[] { "internal" },
            },
            clientExtensionResults = new { },
        };
    }

    /// <summary>The answer to navigator.credentials.get() with the server's options: authenticator data and client data signed.</summary>
    public object Get(JsonElement options)
    {
        var rpId = options.GetProperty("rpId").GetString()!;
        var clientData = ClientData("webauthn.get", options.GetProperty("challenge").GetString()!);
        var authenticatorData = AuthenticatorDataHead(rpId, Flags());
        var signature = _key.SignData([.. authenticatorData, .. SHA256.HashData(clientData)], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return new
        {
            id = Base64Url(CredentialId),
            rawId = Base64Url(CredentialId),
            type = "public-key",
            response = new
            {
                authenticatorData = Base64Url(authenticatorData),
                clientDataJSON = Base64Url(clientData),
                signature = Base64Url(signature),
                userHandle = Base64Url(UserHandle ?? []),
            },
            clientExtensionResults = new { },
        };
    }

    public void Dispose() => _key.Dispose();

    private byte Flags() => (byte)(UserPresent | (VerifiesUser ? UserVerifiedFlag : 0));

    private byte[] ClientData(string type, string challenge) =>
        Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, object> { ["type"] = type, ["challenge"] = challenge, ["origin"] = Origin, ["crossOrigin"] = false }));

    /// <summary>rpIdHash (32 bytes), flags (1), signature counter (4, big-endian); the counter moves on after each answer.</summary>
    private byte[] AuthenticatorDataHead(string rpId, byte flags)
    {
        byte[] head = [.. SHA256.HashData(Encoding.UTF8.GetBytes(rpId)), flags, .. BigEndian(SignCount)];
        if (Counts)
        {
            SignCount++;
        }

        return head;
    }

    /// <summary>The AAGUID as the 16 bytes of its text form, in order (not .NET's mixed-endian layout).</summary>
    private byte[] AaGuidBytes() => Convert.FromHexString(AaGuid.ToString("N"));

    /// <summary>The public key as a COSE_Key (RFC 9053): EC2, ES256, P-256, x and y; keys in CTAP2 canonical order.</summary>
    private byte[] CoseKey()
    {
        var point = _key.ExportParameters(false).Q;
        var cose = new CborWriter(CborConformanceMode.Ctap2Canonical);
        cose.WriteStartMap(5);
        cose.WriteInt32(1);
        cose.WriteInt32(2);
        cose.WriteInt32(3);
        cose.WriteInt32(-7);
        cose.WriteInt32(-1);
        cose.WriteInt32(1);
        cose.WriteInt32(-2);
        cose.WriteByteString(point.X!);
        cose.WriteInt32(-3);
        cose.WriteByteString(point.Y!);
        cose.WriteEndMap();
        return cose.Encode();
    }

    private static byte[] BigEndian(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] BigEndian(ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        return bytes;
    }

    private static string Base64Url(byte[] bytes) => WebEncoders.Base64UrlEncode(bytes);
}
