using CivicHub.Core.Access;

namespace CivicHub.Core.Privacy;

/// <summary>
/// Who acts in one request or desk action, as both the access decisions and the audit entries need it: the actor
/// (with their role) and the departments they act for, by id and by code. <see cref="RecordAccess"/> resolves it at
/// most once per scope, so the two never look the same member of staff up twice.
/// </summary>
public sealed record ActingParty(Actor Actor, IReadOnlyList<int> DepartmentIds, IReadOnlyList<string> DepartmentCodes)
{
    public static ActingParty Nobody(Actor actor) => new(actor, [], []);
}
