namespace CivicHub.Core.Data;

/// <summary>
/// A group commit on PostgreSQL: the items of requests that arrive while a write is under way wait for it and are
/// then written together, in one transaction, and each request returns only once its own item is committed, as it
/// would alone. Under load the requests share a transaction (a transaction id, a commit record and a WAL flush) and
/// a round trip; alone, a request pays what it would without the group.
/// <para>
/// No thread of its own: the first request of each group writes the group on its own connection, after the group
/// before it is done. A group that fails is not retried as a whole: each of its requests then writes its item
/// alone, so an item the database refuses fails only the request that made it, and nothing is lost or written twice.
/// A group holds one item per request in flight, so its size is bounded by the host's concurrent requests.
/// </para>
/// </summary>
/// <param name="write">Writes items in one transaction of their own and returns each one's result, in their order.</param>
/// <param name="groupFailed">Told when a group of more than one item failed, before each item is written alone.</param>
internal sealed class GroupCommit<TItem, TResult>(
    Func<CivicHubDb, IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> write,
    Action<Exception, int> groupFailed)
{
    private readonly Lock _gate = new();
    private Group _open = new();
    private bool _writing;

    /// <summary>Whether a group is being written and how many items gather for the next: for diagnostics.</summary>
    public (bool Writing, int Gathering) State
    {
        get
        {
            lock (_gate)
            {
                return (_writing, _open.Items.Count);
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="item"/> with whatever else is waiting and returns its result once it is committed. The
    /// context must have no transaction open: the item commits on its own, not with the caller's work. Not
    /// cancellable once called: a group's writer finishes for every request in it.
    /// </summary>
    public async Task<TResult> WriteAsync(CivicHubDb db, TItem item)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.CurrentTransaction is not null)
        {
            throw new InvalidOperationException("A group commit writes outside the caller's transaction; write in the transaction instead.");
        }

        Group group;
        int index;
        bool now;
        lock (_gate)
        {
            group = _open;
            index = group.Items.Count;
            group.Items.Add(item);
            now = index == 0 && !_writing;
            if (now)
            {
                _writing = true;
                _open = new Group();
            }
        }

        if (index == 0)
        {
            if (!now)
            {
                await group.Turn.Task;
            }

            await WriteGroupAsync(db, group);
        }

        var results = await group.Written.Task;
        return results is null ? (await write(db, [item]))[0] : results[index];
    }

    private async Task WriteGroupAsync(CivicHubDb db, Group group)
    {
        IReadOnlyList<TResult>? results = null;
        try
        {
            results = await write(db, group.Items);
        }
        catch (Exception ex) when (group.Items.Count > 1)
        {
            // Each writes its own below; the one the database refuses fails alone.
            groupFailed(ex, group.Items.Count);
        }
        catch (Exception ex)
        {
            HandOver();
            group.Written.SetException(ex);
            return;
        }

        HandOver();
        group.Written.SetResult(results);
    }

    // The group that gathered during this write is closed and its first request writes it next.
    private void HandOver()
    {
        Group? next = null;
        lock (_gate)
        {
            if (_open.Items.Count == 0)
            {
                _writing = false;
            }
            else
            {
                next = _open;
                _open = new Group();
            }
        }

        next?.Turn.SetResult();
    }

    private sealed class Group
    {
        public List<TItem> Items { get; } = [];

        /// <summary>Set when the group before is written and this one's first request may write it.</summary>
        public TaskCompletionSource Turn { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The items' results when the group committed; null when each request must write its own item.</summary>
        public TaskCompletionSource<IReadOnlyList<TResult>?> Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
