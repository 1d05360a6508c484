namespace CivicHub.Core.Accounts;

/// <summary>
/// A citizen's local sign-in to the portal: an email address and a password hash. The account reaches its citizen
/// through a Portal channel identity whose value is the account's id, so merging citizens carries the sign-in along.
/// </summary>
public sealed class CitizenAccount
{
    public Guid Id { get; set; }

    /// <summary>The sign-in email, case-folded like an Email identity.</summary>
    public required string Email { get; set; }

    /// <summary>ASP.NET Core Identity's PasswordHasher format (PBKDF2 with a salt and the iteration count in the hash).</summary>
    public required string PasswordHash { get; set; }

    /// <summary>When the citizen proved the email is theirs; until then it is never linked to an existing record.</summary>
    public DateTime? EmailVerifiedAt { get; set; }

    /// <summary>SHA-256 of the one-time link sent to verify the email; the link itself is never stored.</summary>
    public string? VerificationTokenHash { get; set; }

    public DateTime? VerificationExpiresAt { get; set; }

    /// <summary>SHA-256 of the one-time password-reset link last sent; cleared once used. The link itself is never stored.</summary>
    public string? PasswordResetTokenHash { get; set; }

    public DateTime? PasswordResetExpiresAt { get; set; }

    /// <summary>
    /// A random value every portal cookie of the account carries; a password reset replaces it, which ends every
    /// session opened before (the cookie no longer matches).
    /// </summary>
    public string SessionStamp { get; set; } = string.Empty;

    public DateTime CreatedAt { get; set; }

    public DateTime? LastSignInAt { get; set; }

    /// <summary>Failed sign-ins in a row; the account locks for a while after too many.</summary>
    public int FailedSignIns { get; set; }

    public DateTime? LockedUntil { get; set; }
}
