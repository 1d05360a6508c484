using CivicHub.Core.Passwords;
using Microsoft.AspNetCore.Identity;

namespace CivicHub.Core.Staff;

/// <summary>Hashes and verifies staff passwords (ASP.NET Core Identity's hasher over the NFKC-normalised password).</summary>
public static class StaffPasswords
{
    public static string Hash(StaffMember staff, string password) =>
        new PasswordHasher<StaffMember>().HashPassword(staff, PasswordRules.Normalize(password));

    public static bool Verify(StaffMember staff, string? password)
    {
        ArgumentNullException.ThrowIfNull(staff);
        return staff.PasswordHash is not null && password is { Length: > 0 and <= 1024 }
            && new PasswordHasher<StaffMember>().VerifyHashedPassword(staff, staff.PasswordHash, PasswordRules.Normalize(password)) != PasswordVerificationResult.Failed;
    }
}
