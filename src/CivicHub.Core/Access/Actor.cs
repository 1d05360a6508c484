using CivicHub.Core.Staff;

namespace CivicHub.Core.Access;

/// <summary>Who is acting: a member of staff, an integration client, or a citizen on a self-service channel.</summary>
public sealed record Actor(ActorKind Kind, string Id, string DisplayName, StaffRole? Role = null)
{
    public static Actor System { get; } = new(ActorKind.System, "system", "CivicHub");

    /// <summary>Someone nobody vouched for: sees nothing that is not public.</summary>
    public static Actor Anonymous { get; } = new(ActorKind.Citizen, "anonymous", "anonymous");

    /// <summary>The department code an integration client acts for (a registration setting); null for staff, whose departments are on record.</summary>
    public string? Department { get; init; }

    public Guid? StaffId => Kind == ActorKind.Staff && Guid.TryParse(Id, out var id) ? id : null;

    public bool IsStaff(params StaffRole[] roles) => Kind == ActorKind.Staff && Role is { } role && roles.Contains(role);

    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()}:{Id}";
}
