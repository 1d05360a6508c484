using System.Net;
using System.Security.Claims;
using CivicHub.Core.Access;
using CivicHub.Core.Privacy;
using CivicHub.Core.Privacy.Audit;
using CivicHub.Server.Auth;
using CivicHub.Server.Components.Portal;

namespace CivicHub.Server.Api.Audit;

/// <summary>Turns a signed-in caller, a stated purpose and a network address into the source of their audit entries.</summary>
public static class AuditSources
{
    /// <summary>The request header an integration or tool states its purpose in.</summary>
    public const string PurposeHeader = "CivicHub-Purpose";

    /// <summary>Who the log names as acting for a signed-in caller.</summary>
    public static Actor ActorOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        // A citizen signed in to the portal carries their record's id, not a token's subject.
        return user.FindFirst(PortalAuth.CitizenIdClaim)?.Value is { } citizenId
            ? new Actor(ActorKind.Citizen, citizenId, "citizen")
            : user.ToActor();
    }

    /// <summary>
    /// The source of <paramref name="actor"/>'s entries. A member of staff's departments are those the scope's
    /// <see cref="RecordAccess"/> acts for (it must act as the same person): read once per request or desk action and
    /// shared with its access decisions, never looked up twice.
    /// </summary>
    public static async Task<AuditSource> FromAsync(
        Actor actor, RecordAccess access, string? purpose, IPAddress? address, string? userAgent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(access);
        IReadOnlyList<string> codes = actor.StaffId is not null ? (await access.ActingAsync(cancellationToken)).DepartmentCodes : [];
        return new AuditSource(
            actor,
            codes,
            AuditSource.CleanPurpose(purpose) ?? AuditSource.DefaultPurpose(actor, codes),
            AuditSource.Address(address),
            AuditSource.ShortUserAgent(userAgent));
    }

    /// <summary>Whether the caller is someone whose reads of a record are recorded (staff and integrations, not the citizen).</summary>
    public static bool IsRecorded(Actor actor) => actor.Kind is ActorKind.Staff or ActorKind.Integration;
}
