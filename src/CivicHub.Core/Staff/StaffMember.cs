namespace CivicHub.Core.Staff;

/// <summary>A person who serves citizens: an agent, caseworker, supervisor or administrator.</summary>
public sealed class StaffMember
{
    public Guid Id { get; set; }

    /// <summary>Sign-in name, stored lower case.</summary>
    public required string UserName { get; set; }

    public required string DisplayName { get; set; }

    public string? Email { get; set; }

    public StaffRole Role { get; set; }

    /// <summary>Hash from ASP.NET Core's password hasher; null until a password is set.</summary>
    public string? PasswordHash { get; set; }

    public bool Active { get; set; } = true;

    public DateTime CreatedAt { get; set; }

    /// <summary>The TOTP secret, encrypted with Data Protection (StaffSecrets); null until the authenticator is set up.</summary>
    public string? TotpSecret { get; set; }

    /// <summary>The time step of the last code accepted, so a code seen over a shoulder cannot be used again.</summary>
    public long? TotpLastStep { get; set; }

    /// <summary>SHA-256 hashes of the unused recovery codes, space separated; each code works once.</summary>
    public string? RecoveryCodeHashes { get; set; }

    /// <summary>Failed password or code attempts since FailuresSince.</summary>
    public int FailedSignIns { get; set; }

    public DateTime? FailuresSince { get; set; }

    /// <summary>No sign-in is accepted before this time, whatever is typed.</summary>
    public DateTime? LockedUntil { get; set; }

    public List<StaffDepartment> Departments { get; set; } = [];
}
