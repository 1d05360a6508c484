using System.Collections.Concurrent;

namespace CivicHub.Core.Access;

/// <summary>
/// What this process last read from the database about who holds what, kept for a recheck interval: the memory behind
/// <see cref="Staff.StaffStanding"/> and <see cref="Accounts.CitizenSignInStanding"/>, which answer on every request
/// that presents a token and read the database at most once per interval per member or account.
/// </summary>
public sealed class RecheckedMemory<TKey, TValue>(TimeProvider time, Func<TimeSpan> interval)
    where TKey : notnull
{
    // Members of staff and accounts in use within an interval number far fewer; the bound only keeps a mistake from
    // growing the memory without limit.
    private const int MaxEntries = 50_000;
    private readonly ConcurrentDictionary<TKey, (TValue Value, DateTimeOffset ReadAt)> _known = new();

    /// <summary>The value read for the key within the interval, if any.</summary>
    public bool TryRecall(TKey key, out TValue value)
    {
        if (_known.TryGetValue(key, out var known) && time.GetUtcNow() - known.ReadAt < interval())
        {
            value = known.Value;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>The time to remember a read by: taken before the read, so a change made during it is not kept too long.</summary>
    public DateTimeOffset Now() => time.GetUtcNow();

    public void Remember(TKey key, TValue value, DateTimeOffset readAt)
    {
        if (_known.Count >= MaxEntries)
        {
            _known.Clear();
        }

        _known[key] = (value, readAt);
    }

    /// <summary>Drops what this process knew of the key, after a change to it made here.</summary>
    public void Forget(TKey key) => _known.TryRemove(key, out _);
}
