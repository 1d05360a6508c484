using System.Net;
using System.Security.Claims;
using CivicHub.Core.Access;
using CivicHub.Core.Privacy.Audit;
using CivicHub.Server.Auth;
using CivicHub.Server.Components.Portal;

namespace CivicHub.Server.Api.Audit;

/// <summary>Turns a signed-in caller, a stated purpose and a network address into the source of their audit entries.</summary>
public sealed class AuditSources(AuditDepartments departments)
{
    /// <summary>The request header an integration or tool states its purpose in.</summary>
    public const string PurposeHeader = "CivicHub-Purpose";

    public async ValueTask<AuditSource> FromAsync(ClaimsPrincipal user, string? purpose, IPAddress? address, string? userAgent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        // A citizen signed in to the portal carries their record's id, not a token's subject.
        var actor = user.FindFirst(PortalAuth.CitizenIdClaim)?.Value is { } citizenId
            ? new Actor(ActorKind.Citizen, citizenId, "citizen")
            : user.ToActor();
        IReadOnlyList<string> codes = actor.StaffId is { } staffId ? await departments.OfStaffAsync(staffId, cancellationToken) : [];
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
