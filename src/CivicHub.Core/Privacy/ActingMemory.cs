using System.Collections.Concurrent;

namespace CivicHub.Core.Privacy;

/// <summary>
/// The departments each member of staff acted for when last read from the database, kept for this process's life.
/// It only shapes a guess (<see cref="CitizenReadAccess"/>) that the departments read in the same round trip confirm
/// or overturn, so a change of membership still applies to the next read; it never decides what anyone sees.
/// </summary>
public sealed class ActingMemory
{
    // Members of staff number in the thousands at most; the bound only keeps a mistake from growing without limit.
    private const int MaxMembers = 50_000;
    private readonly ConcurrentDictionary<Guid, IReadOnlyList<int>> _departments = new();

    public IReadOnlyList<int>? Of(Guid staffId) => _departments.TryGetValue(staffId, out var departments) ? departments : null;

    public void Remember(Guid staffId, IReadOnlyList<int> departments)
    {
        ArgumentNullException.ThrowIfNull(departments);
        if (_departments.Count >= MaxMembers)
        {
            _departments.Clear();
        }

        _departments[staffId] = departments;
    }
}
