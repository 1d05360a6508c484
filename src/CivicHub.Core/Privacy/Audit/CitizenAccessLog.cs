using CivicHub.Core.Access;
using CivicHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Privacy.Audit;

/// <summary>
/// What a citizen may see of the audit log: which department opened or changed their record, when and why. Staff are
/// named by department and role only, never by name, so the page cannot be used to single out an employee; entries
/// about anyone else never reach it, and neither do the citizen's own actions or the platform's upkeep.
/// </summary>
public sealed class CitizenAccessLog(CivicHubDb db)
{
    public const int Shown = 100;

    public sealed record Access(DateTime OccurredAt, string Department, string? Role, AuditAction Action, string RecordKind, string Purpose);

    public async Task<IReadOnlyList<Access>> ForCitizenAsync(Guid citizenId, CancellationToken cancellationToken)
    {
        var rows = await db.AuditEntries.AsNoTracking()
            .Where(e => e.CitizenId == citizenId && (e.ActorKind == ActorKind.Staff || e.ActorKind == ActorKind.Integration))
            .OrderByDescending(e => e.Id)
            .Take(Shown)
            .Select(e => new { e.OccurredAt, e.ActorKind, e.ActorDepartments, e.ActorRole, e.Action, e.RecordKind, e.Purpose })
            .ToListAsync(cancellationToken);
        var names = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Code, d => d.Name, cancellationToken);
        return rows.Select(r => new Access(
            r.OccurredAt,
            r.ActorKind == ActorKind.Integration ? "" : Department(r.ActorDepartments, names),
            r.ActorKind == ActorKind.Integration ? "integration" : r.ActorRole,
            r.Action,
            r.RecordKind,
            r.Purpose)).ToList();
    }

    private static string Department(string codes, Dictionary<string, string> names)
    {
        var first = codes.Split(',', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return first is null ? "" : names.GetValueOrDefault(first, first);
    }
}
