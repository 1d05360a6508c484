using CivicHub.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Staff;

/// <summary>
/// Checks a member of staff's password: the one check behind the API's password grant and the desk's sign-in,
/// so there is one password store and one rule for who may sign in (active staff with a password set).
/// </summary>
public sealed class StaffPasswords(CivicHubDb db)
{
    /// <summary>The active member of staff the user name and password belong to, or null.</summary>
    public async Task<StaffMember?> CheckAsync(string? userName, string? password, CancellationToken cancellationToken)
    {
        var name = userName?.Trim().ToLowerInvariant() ?? "";
        if (name.Length == 0)
        {
            return null;
        }

        var staff = await db.Staff.AsNoTracking().FirstOrDefaultAsync(s => s.UserName == name && s.Active, cancellationToken);
        if (staff?.PasswordHash is null
            || new PasswordHasher<StaffMember>().VerifyHashedPassword(staff, staff.PasswordHash, password ?? "") == PasswordVerificationResult.Failed)
        {
            return null;
        }

        return staff;
    }

    public static string Hash(StaffMember staff, string password) => new PasswordHasher<StaffMember>().HashPassword(staff, password);
}
