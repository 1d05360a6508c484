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

    public List<StaffDepartment> Departments { get; set; } = [];
}
