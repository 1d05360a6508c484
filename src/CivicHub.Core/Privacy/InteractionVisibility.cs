using System.Linq.Expressions;
using CivicHub.Core.Data;
using CivicHub.Core.Interactions;

namespace CivicHub.Core.Privacy;

/// <summary>The interactions of one citizen an actor may see: those of visible cases, and those outside any case with the contact details.</summary>
public static class InteractionVisibility
{
    public static IQueryable<Interaction> VisibleWith(this IQueryable<Interaction> interactions, CitizenAccess access, CivicHubDb db)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(db);
        return access.Unrestricted ? interactions : interactions.Where(Filter(access, db));
    }

    private static Expression<Func<Interaction, bool>> Filter(CitizenAccess access, CivicHubDb db)
    {
        var contact = access.ContactDetails.Allowed;
        var departments = access.Cases.DepartmentIds;
        var services = access.Cases.ServiceIds;
        return i => i.CaseId == null
            ? contact
            : db.Cases.Any(c => c.Id == i.CaseId && (departments.Contains(c.DepartmentId) || (c.ServiceId != null && services.Contains(c.ServiceId.Value))));
    }
}
