using CivicHub.Core.Data;
using Microsoft.Extensions.Logging;

namespace CivicHub.Core.Privacy.Audit;

/// <summary>
/// Writes the audit entries of reads on PostgreSQL in shared transactions (a group commit): the entries of requests
/// that arrive while a write is under way wait for it and then go together, as one INSERT, and each request returns
/// only once its own entry is committed, as it would alone. Under load a read no longer pays a write transaction of
/// its own (a transaction id, a commit record and a WAL flush each); alone it pays what it did before.
/// <para>
/// No thread of its own: the first request of each group writes the group on its own connection, after the group
/// before it is done. A group that fails is not retried as a whole: each of its requests then writes its entry alone,
/// so one entry the database refuses fails only the request that made it, and no entry is lost or written twice.
/// A group holds at most one entry per read in flight, so its size is bounded by the host's concurrent requests.
/// </para>
/// </summary>
public sealed partial class AuditGroupCommit(ILogger<AuditGroupCommit> logger)
{
    private readonly Lock _gate = new();
    private Group _open = new();
    private bool _writing;

    /// <summary>
    /// Writes <paramref name="entry"/> with whatever else is waiting, and returns once it is committed. The context
    /// must have no transaction open and nothing unsaved: the entry commits on its own, not with the caller's work.
    /// Not cancellable once called: a group's writer finishes for every request in it.
    /// </summary>
    public async Task WriteAsync(CivicHubDb db, AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(entry);
        if (db.Database.CurrentTransaction is not null)
        {
            throw new InvalidOperationException("An audit group commit writes outside the caller's transaction; write the entry in the transaction instead.");
        }

        Group group;
        bool writes;
        bool now;
        lock (_gate)
        {
            group = _open;
            group.Entries.Add(entry);
            writes = group.Entries.Count == 1;
            now = !_writing;
            if (now)
            {
                _writing = true;
                _open = new Group();
            }
        }

        if (writes)
        {
            if (!now)
            {
                await group.Turn.Task;
            }

            await WriteGroupAsync(db, group);
        }

        if (!await group.Written.Task)
        {
            await AuditInsert.ExecuteAsync(db, [entry], CancellationToken.None);
        }
    }

    /// <summary>Whether a group is being written and how many entries gather for the next: for diagnostics (a test reports it when a write hangs).</summary>
    public (bool Writing, int Gathering) State
    {
        get
        {
            lock (_gate)
            {
                return (_writing, _open.Entries.Count);
            }
        }
    }

    private async Task WriteGroupAsync(CivicHubDb db, Group group)
    {
        var written = false;
        try
        {
            await AuditInsert.ExecuteAsync(db, group.Entries, CancellationToken.None);
            written = true;
        }
        catch (Exception ex) when (group.Entries.Count > 1)
        {
            // Each writes its own below; the one the database refuses fails alone.
            LogGroupFailed(logger, ex, group.Entries.Count);
        }
        catch (Exception ex)
        {
            HandOver();
            group.Written.SetException(ex);
            return;
        }

        HandOver();
        group.Written.SetResult(written);
    }

    // The group that gathered during this write is closed and its first request writes it next.
    private void HandOver()
    {
        Group? next = null;
        lock (_gate)
        {
            if (_open.Entries.Count == 0)
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "A group of {Count} audit entries could not be written together; each request writes its own")]
    private static partial void LogGroupFailed(ILogger logger, Exception exception, int count);

    private sealed class Group
    {
        public List<AuditEntry> Entries { get; } = [];

        /// <summary>Set when the group before is written and this one's first request may write it.</summary>
        public TaskCompletionSource Turn { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>True when the group's INSERT committed; false when each request must write its own entry.</summary>
        public TaskCompletionSource<bool> Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
