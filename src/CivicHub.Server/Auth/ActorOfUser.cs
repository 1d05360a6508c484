using System.Security.Claims;
using CivicHub.Core.Access;
using CivicHub.Core.Staff;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace CivicHub.Server.Auth;

/// <summary>Reads who is calling from the validated access token.</summary>
public static class ActorOfUser
{
    public static Actor ToActor(this ClaimsPrincipal user)
    {
        var id = user.FindFirstValue(Claims.Subject) ?? "anonymous";
        var name = user.FindFirstValue(Claims.Name) ?? id;
        return user.FindFirstValue(CivicClaims.Kind) switch
        {
            CivicClaims.Staff => new Actor(ActorKind.Staff, id, name, Enum.TryParse<StaffRole>(user.FindFirstValue(Claims.Role), ignoreCase: true, out var role) ? role : null),
            CivicClaims.Integration => new Actor(ActorKind.Integration, id, name) { Department = user.FindFirstValue(CivicClaims.Department) },
            _ => new Actor(ActorKind.Citizen, id, name),
        };
    }
}
