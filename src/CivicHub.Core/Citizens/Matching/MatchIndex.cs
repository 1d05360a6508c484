namespace CivicHub.Core.Citizens.Matching;

/// <summary>
/// An in-memory blocking index: records filed under their <see cref="BlockingKeys"/>, so a new record is compared only
/// with those that share a key. Used within one import batch and by the benchmark; the database keeps the same keys
/// in <see cref="CitizenMatchKey"/> rows.
/// </summary>
public sealed class MatchIndex<TId>
    where TId : notnull
{
    private readonly Dictionary<string, List<(TId Id, MatchRecord Record)>> _blocks = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    public void Add(TId id, MatchRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        foreach (var key in BlockingKeys.Of(record))
        {
            if (!_blocks.TryGetValue(key, out var block))
            {
                block = [];
                _blocks[key] = block;
            }

            block.Add((id, record));
        }

        Count++;
    }

    /// <summary>Every record that shares at least one blocking key with this one, each once.</summary>
    public IEnumerable<(TId Id, MatchRecord Record)> Candidates(MatchRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var seen = new HashSet<TId>();
        foreach (var key in BlockingKeys.Of(record))
        {
            if (_blocks.TryGetValue(key, out var block))
            {
                foreach (var candidate in block)
                {
                    if (seen.Add(candidate.Id))
                    {
                        yield return candidate;
                    }
                }
            }
        }
    }
}
