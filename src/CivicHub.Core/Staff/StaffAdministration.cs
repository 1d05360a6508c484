using System.Text.RegularExpressions;
using CivicHub.Core.Access;
using CivicHub.Core.Data;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Passwords;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Staff;

/// <summary>Administrators create staff, set their role and departments, reset a password and deactivate an account.</summary>
public sealed partial class StaffAdministration(CivicHubDb db, PasswordRules passwords, StaffStanding standing, TimeProvider time)
{
    public sealed record Input(string? UserName, string? DisplayName, string? Email, StaffRole? Role, IReadOnlyList<int>? DepartmentIds, bool Active, string? NewPassword);

    public sealed record View(Guid Id, string UserName, string DisplayName, string? Email, StaffRole Role, IReadOnlyList<int> DepartmentIds, bool Active, bool HasPassword, bool HasAuthenticator = false, DateTime? LockedUntil = null, int Passkeys = 0);

    public async Task<IReadOnlyList<View>> ListAsync(CancellationToken cancellationToken) =>
        await db.Staff.AsNoTracking().OrderBy(s => s.DisplayName)
            .Select(s => new View(s.Id, s.UserName, s.DisplayName, s.Email, s.Role, s.Departments.Select(d => d.DepartmentId).ToList(), s.Active, s.PasswordHash != null, s.TotpSecret != null, s.LockedUntil,
                db.StaffPasskeys.Count(p => p.StaffId == s.Id)))
            .ToListAsync(cancellationToken);

    /// <summary>Creates a member of staff (id null) or changes one; the user name is fixed once created.</summary>
    public async Task<Outcome<View>> SaveAsync(Guid? id, Input input, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!actor.IsStaff(StaffRole.Administrator))
        {
            return OutcomeProblem.Forbidden("Only an administrator manages staff.");
        }

        var userName = input.UserName?.Trim().ToLowerInvariant();
        var errors = new ValidationErrors()
            .Text("displayName", input.DisplayName, 200)
            .Text("email", input.Email, 320, required: false);
        if (id is null)
        {
            errors.Text("userName", userName, 64);
            if (userName is { Length: > 0 } && !UserNamePattern().IsMatch(userName))
            {
                errors.Add("userName", "Use lower-case letters, digits, dots, hyphens and underscores, starting with a letter.");
            }

            if (string.IsNullOrEmpty(input.NewPassword))
            {
                errors.Add("newPassword", "A new member of staff needs a password.");
            }
        }

        if (input.NewPassword is { Length: > 0 } password)
        {
            passwords.Check(password, errors, "newPassword", userName, input.DisplayName, input.Email);
        }

        if (input.Role is null)
        {
            errors.Add("role", "This field is required.");
        }

        var departmentIds = (input.DepartmentIds ?? []).Distinct().ToList();
        if (departmentIds.Count > 0 && await db.Departments.CountAsync(d => departmentIds.Contains(d.Id), cancellationToken) != departmentIds.Count)
        {
            errors.Add("departmentIds", "One of the departments does not exist.");
        }

        if (id is { } self && self == actor.StaffId && (!input.Active || input.Role != StaffRole.Administrator))
        {
            errors.Add("role", "You cannot take away your own administration; ask another administrator.");
        }

        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        StaffMember? staff;
        if (id is null)
        {
            if (await db.Staff.AnyAsync(s => s.UserName == userName, cancellationToken))
            {
                return OutcomeProblem.Invalid("userName", "Another member of staff has that user name.");
            }

            staff = db.Staff.Add(new StaffMember
            {
                Id = Guid.CreateVersion7(),
                UserName = userName!,
                DisplayName = "",
                CreatedAt = time.GetUtcNow().UtcDateTime,
            }).Entity;
        }
        else
        {
            staff = await db.Staff.Include(s => s.Departments).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
            if (staff is null)
            {
                return OutcomeProblem.NotFound("No member of staff has that id.");
            }
        }

        staff.DisplayName = input.DisplayName!.Trim();
        staff.Email = string.IsNullOrWhiteSpace(input.Email) ? null : input.Email.Trim();
        staff.Role = input.Role!.Value;
        staff.Active = input.Active;
        if (!string.IsNullOrEmpty(input.NewPassword))
        {
            staff.PasswordHash = StaffPasswords.Hash(staff, input.NewPassword);
        }

        staff.Departments.RemoveAll(d => !departmentIds.Contains(d.DepartmentId));
        foreach (var departmentId in departmentIds.Where(d => staff.Departments.All(m => m.DepartmentId != d)))
        {
            staff.Departments.Add(new StaffDepartment { StaffId = staff.Id, DepartmentId = departmentId });
        }

        await db.SaveChangesAsync(cancellationToken);
        // A new role, or none, applies to the member's tokens on this host from the next request.
        standing.Forget(staff.Id);
        return new View(staff.Id, staff.UserName, staff.DisplayName, staff.Email, staff.Role, departmentIds, staff.Active, staff.PasswordHash is not null, staff.TotpSecret is not null, staff.LockedUntil);
    }

    /// <summary>Lifts a lockout before it ends, for a member of staff the administrator has spoken to.</summary>
    public async Task<Outcome<bool>> UnlockAsync(Guid id, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsStaff(StaffRole.Administrator))
        {
            return OutcomeProblem.Forbidden("Only an administrator manages staff.");
        }

        var changed = await db.Staff.Where(s => s.Id == id).ExecuteUpdateAsync(u => u
            .SetProperty(s => s.LockedUntil, (DateTime?)null)
            .SetProperty(s => s.FailedSignIns, 0)
            .SetProperty(s => s.FailuresSince, (DateTime?)null), cancellationToken);
        return changed == 1 ? true : OutcomeProblem.NotFound("No member of staff has that id.");
    }

    [GeneratedRegex("^[a-z][a-z0-9._-]{0,63}$")]
    private static partial Regex UserNamePattern();
}
