using System.ComponentModel.DataAnnotations;

namespace CivicHub.Core.Privacy.Protection;

/// <summary>Settings of the "Protection" section: the Data Protection key ring and the keyed hash for look-ups.</summary>
public sealed class ProtectionOptions
{
    /// <summary>Fixed, so that every host behind a load balancer (and every restart) reads the same key ring.</summary>
    [Required]
    [MaxLength(100)]
    public string ApplicationName { get; set; } = "CivicHub";

    /// <summary>How long a new key is used for new data before the next one is made; old keys still decrypt.</summary>
    [Range(typeof(TimeSpan), "7.00:00:00", "3650.00:00:00")]
    public TimeSpan KeyLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>A PFX file whose certificate encrypts the keys at rest in the database; none: keys are stored unencrypted.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>
    /// Base64 of at least 32 random bytes: the HMAC key for equality look-ups of encrypted fields (match keys). It must
    /// not change while the data lives (look-ups would stop matching), which is why it is not a rotating Data
    /// Protection key. Unset, a fixed development key is used so a laptop needs no setup; production must set its own.
    /// </summary>
    public string? LookupKey { get; set; }

    public static bool IsLookupKey(string? value)
    {
        if (value is null)
        {
            return true;
        }

        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out var length) && length >= 32;
    }
}
