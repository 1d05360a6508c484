using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace CivicHub.Core.Privacy.Protection;

/// <summary>
/// Encrypts personal fields before they reach the database and decrypts them after, with the host's Data Protection
/// key ring (keys roll; old keys still decrypt), and hashes values that must still be found by equality.
/// </summary>
public sealed class FieldProtection
{
    /// <summary>Marks a stored value as ciphertext; a value without it was written before encryption and is read as is.</summary>
    public const string Prefix = "dp1:";

    /// <summary>The look-up key used when none is set, so a laptop needs no setup; outside Development the host refuses it.</summary>
    public const string DevelopmentLookupKey = "Q2l2aWNIdWIgZGV2ZWxvcG1lbnQgbG9vay11cCBrZXkgLSBub3QgZm9yIHByb2R1Y3Rpb24=";

    private readonly IDataProtectionProvider _provider;
    private readonly byte[] _lookupKey;
    private readonly Dictionary<ProtectedFieldKind, Lazy<IPersistedDataProtector>> _protectors;

    public FieldProtection(IDataProtectionProvider provider, IOptions<ProtectionOptions> options)
        : this(provider, Convert.FromBase64String((options ?? throw new ArgumentNullException(nameof(options))).Value.LookupKey ?? DevelopmentLookupKey))
    {
    }

    private FieldProtection(IDataProtectionProvider provider, byte[] lookupKey)
    {
        _provider = provider;
        _lookupKey = lookupKey;
        // Protectors are made on first use: building the model must not read the key ring (which reads the database).
        _protectors = Enum.GetValues<ProtectedFieldKind>().ToDictionary(
            kind => kind,
            kind => new Lazy<IPersistedDataProtector>(() => (IPersistedDataProtector)_provider.CreateProtector($"CivicHub.Fields.{kind}.v1")));
    }

    /// <summary>
    /// For a context made by hand outside a host (migrations tooling, benchmarks): keys live in memory only, so what
    /// it writes is readable by that process alone.
    /// </summary>
    public static FieldProtection Ephemeral { get; } = new(new EphemeralDataProtectionProvider(), Convert.FromBase64String(DevelopmentLookupKey));

    /// <summary>
    /// Loads the key ring, making the first key if there is none. Call it outside any transaction (at start): the key
    /// is written through a connection of its own, which SQLite would block behind an open write transaction.
    /// </summary>
    public void EnsureKeyRing() => _protectors[ProtectedFieldKind.DateOfBirth].Value.Protect([0]);

    public string Protect(ProtectedFieldKind kind, string plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var cipher = _protectors[kind].Value.Protect(Encoding.UTF8.GetBytes(plaintext));
        return Prefix + ToWeb(cipher);
    }

    public string Unprotect(ProtectedFieldKind kind, string stored) => Read(kind, stored).Plaintext;

    /// <summary>The plaintext, and whether the stored value should be rewritten (plaintext, or made with an old key).</summary>
    public (string Plaintext, bool IsStale) Read(ProtectedFieldKind kind, string stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (!stored.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return (stored, true);
        }

        var cipher = Convert.FromBase64String(FromWeb(stored[Prefix.Length..]));
        var plain = _protectors[kind].Value.DangerousUnprotect(cipher, ignoreRevocationErrors: false, out var requiresMigration, out _);
        return (Encoding.UTF8.GetString(plain), requiresMigration);
    }

    /// <summary>A keyed hash (HMAC-SHA256) for equality look-ups of a value that is stored encrypted.</summary>
    public string LookupHash(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var hash = HMACSHA256.HashData(_lookupKey, Encoding.UTF8.GetBytes(value));
        return ToWeb(hash)[..32];
    }

    private static string ToWeb(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string FromWeb(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '=');
    }
}
