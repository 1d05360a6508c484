using System.Collections.Concurrent;
using CivicHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CivicHub.Core.Privacy.Audit;

/// <summary>
/// The department codes of a member of staff, for the audit entries of their requests. Kept for a few minutes so a
/// read of the 360 view costs its one INSERT and not a lookup too; a change of departments shows within that time.
/// </summary>
public sealed class AuditDepartments(IServiceScopeFactory scopes, TimeProvider time)
{
    private static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<Guid, (IReadOnlyList<string> Codes, DateTimeOffset Until)> _known = new();

    public async ValueTask<IReadOnlyList<string>> OfStaffAsync(Guid staffId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_known.TryGetValue(staffId, out var known) && known.Until > now)
        {
            return known.Codes;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CivicHubDb>();
        var codes = await db.Staff.AsNoTracking().Where(s => s.Id == staffId)
            .SelectMany(s => s.Departments)
            .Join(db.Departments, m => m.DepartmentId, d => d.Id, (m, d) => d.Code)
            .OrderBy(c => c)
            .ToListAsync(cancellationToken);
        _known[staffId] = (codes, now + KeptFor);
        return codes;
    }
}
