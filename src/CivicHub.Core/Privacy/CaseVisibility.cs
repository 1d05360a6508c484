using System.Linq.Expressions;
using CivicHub.Core.Cases;

namespace CivicHub.Core.Privacy;

/// <summary>
/// The cases of one citizen an actor may see, as plain sets a query (LINQ or SQL) can test: cases of these
/// departments, and cases of these services. Consent has already been taken into account.
/// </summary>
public sealed record CaseVisibility(IReadOnlyList<int> DepartmentIds, IReadOnlyList<int> ServiceIds)
{
    public bool Shows(int departmentId, int? serviceId) =>
        DepartmentIds.Contains(departmentId) || (serviceId is { } service && ServiceIds.Contains(service));

    public Expression<Func<Case, bool>> Filter()
    {
        var departments = DepartmentIds;
        var services = ServiceIds;
        return c => departments.Contains(c.DepartmentId) || (c.ServiceId != null && services.Contains(c.ServiceId.Value));
    }
}
