using System.Collections.Concurrent;
using CivicHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Staff;

/// <summary>
/// Whether a member of staff still holds a role, read from the database at most once per recheck interval and kept
/// for this process in between: a signed access token carries the role it was issued with for its whole life (an
/// hour), so each request that presents one asks here, and deactivating an account or changing its role ends its
/// tokens within the interval on every host. The host where an administrator made the change forgets what it knew
/// at once (<see cref="Forget"/>), so there it takes effect with the next request.
/// </summary>
public sealed class StaffStanding(TimeProvider time)
{
    // Members of staff number in the thousands at most; the bound only keeps a mistake from growing without limit.
    private const int MaxMembers = 50_000;
    private readonly ConcurrentDictionary<Guid, Standing> _known = new();

    /// <summary>
    /// Is the member of staff active in this role, as this process last read it? Null when it never read it or read it
    /// longer than <paramref name="recheckInterval"/> ago: then <see cref="ReadAsync"/>.
    /// </summary>
    public bool? Known(Guid staffId, StaffRole role, TimeSpan recheckInterval) =>
        _known.TryGetValue(staffId, out var standing) && time.GetUtcNow() - standing.CheckedAt < recheckInterval
            ? standing.Role == role
            : null;

    /// <summary>Is the member of staff active in this role? Read from the database, and kept.</summary>
    public async Task<bool> ReadAsync(Guid staffId, StaffRole role, CivicHubDb db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var now = time.GetUtcNow();
        // An inactive or removed member holds no role.
        var current = await db.Staff.AsNoTracking()
            .Where(s => s.Id == staffId && s.Active)
            .Select(s => (StaffRole?)s.Role)
            .FirstOrDefaultAsync(cancellationToken);
        if (_known.Count >= MaxMembers)
        {
            _known.Clear();
        }

        _known[staffId] = new Standing(current, now);
        return current == role;
    }

    /// <summary>Drops what this process knew of the member, after a change to their account.</summary>
    public void Forget(Guid staffId) => _known.TryRemove(staffId, out _);

    private sealed record Standing(StaffRole? Role, DateTimeOffset CheckedAt);
}
