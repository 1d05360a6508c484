using System.ComponentModel.DataAnnotations;

namespace CivicHub.Core.Passwords;

/// <summary>The password rule for staff and citizens alike (NIST SP 800-63B): length and a list of known passwords, no composition rules.</summary>
public sealed class PasswordOptions
{
    /// <summary>The fewest characters a new password may have; 800-63B's floor is 8.</summary>
    [Range(8, 64)]
    public int MinLength { get; set; } = 12;

    /// <summary>The most characters: long enough for any passphrase, short enough that hashing stays cheap.</summary>
    [Range(64, 1024)]
    public int MaxLength { get; set; } = 128;
}
