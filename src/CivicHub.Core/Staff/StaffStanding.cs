using CivicHub.Core.Access;
using CivicHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CivicHub.Core.Staff;

/// <summary>
/// Whether a member of staff still holds a role, read from the database at most once per
/// <see cref="StandingOptions.StaffRecheckInterval"/> and kept for this process in between: a signed access token
/// carries the role it was issued with for its whole life (an hour), so each request that presents one asks here, and
/// so does each call on a connection opened with one; deactivating an account or changing its role ends its tokens
/// within the interval on every host. The host where an administrator made the change forgets what it knew
/// at once (<see cref="Forget"/>), so there it takes effect with the next request.
/// </summary>
public sealed class StaffStanding(TimeProvider time, IOptions<StandingOptions> options)
{
    // The role an active member holds; null for an inactive or removed one.
    private readonly RecheckedMemory<Guid, StaffRole?> _known = new(time, () => options.Value.StaffRecheckInterval);

    /// <summary>
    /// Does the actor still hold what it acts with? Anyone but a member of staff does; a member of staff when active in
    /// the actor's role (none, or an unreadable id, holds nothing). From memory when this process asked within the
    /// recheck interval, else from the database, with a context from <paramref name="services"/> (the request's),
    /// resolved only then.
    /// </summary>
    public async ValueTask<bool> HoldsAsync(Actor actor, IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(services);
        if (actor.Kind != ActorKind.Staff)
        {
            return true;
        }

        if (actor is not { StaffId: { } staffId, Role: { } role })
        {
            return false;
        }

        return _known.TryRecall(staffId, out var held)
            ? held == role
            : await ReadAsync(staffId, role, services, cancellationToken);
    }

    /// <summary>As <see cref="HoldsAsync"/>, asking the database now whatever this process knows, and keeping the answer.</summary>
    public async Task<bool> ReadAsync(Actor actor, IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(services);
        return actor.Kind != ActorKind.Staff
            || (actor is { StaffId: { } staffId, Role: { } role } && await ReadAsync(staffId, role, services, cancellationToken));
    }

    private async Task<bool> ReadAsync(Guid staffId, StaffRole role, IServiceProvider services, CancellationToken cancellationToken)
    {
        var readAt = _known.Now();
        // An inactive or removed member holds no role.
        var current = await services.GetRequiredService<CivicHubDb>().Staff.AsNoTracking()
            .Where(s => s.Id == staffId && s.Active)
            .Select(s => (StaffRole?)s.Role)
            .FirstOrDefaultAsync(cancellationToken);
        _known.Remember(staffId, current, readAt);
        return current == role;
    }

    /// <summary>Drops what this process knew of the member, after a change to their account.</summary>
    public void Forget(Guid staffId) => _known.Forget(staffId);
}
