using CivicHub.Core.Data;
using Microsoft.Extensions.Logging;

namespace CivicHub.Core.Privacy.Audit;

/// <summary>
/// Writes the audit entries of reads on PostgreSQL in shared transactions (a <see cref="GroupCommit{TItem, TResult}"/>):
/// the entries of requests that arrive while a write is under way wait for it and then go together, as one INSERT,
/// and each request returns only once its own entry is committed, as it would alone. Under load a read no longer pays
/// a write transaction of its own (a transaction id, a commit record and a WAL flush each); alone it pays what it did
/// before. An entry the database refuses fails only the request that made it.
/// </summary>
public sealed partial class AuditGroupCommit
{
    private readonly GroupCommit<AuditEntry, AuditEntry> _group;

    public AuditGroupCommit(ILogger<AuditGroupCommit> logger) =>
        _group = new(WriteAsync, (ex, count) => LogGroupFailed(logger, ex, count));

    /// <summary>Whether a group is being written and how many entries gather for the next: for diagnostics (a test reports it when a write hangs).</summary>
    public (bool Writing, int Gathering) State => _group.State;

    /// <summary>
    /// Writes <paramref name="entry"/> with whatever else is waiting, and returns once it is committed. The context
    /// must have no transaction open and nothing unsaved: the entry commits on its own, not with the caller's work.
    /// Not cancellable once called: a group's writer finishes for every request in it.
    /// </summary>
    public Task WriteAsync(CivicHubDb db, AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return _group.WriteAsync(db, entry);
    }

    private static async Task<IReadOnlyList<AuditEntry>> WriteAsync(CivicHubDb db, IReadOnlyList<AuditEntry> entries)
    {
        await AuditInsert.ExecuteAsync(db, entries, CancellationToken.None);
        return entries;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A group of {Count} audit entries could not be written together; each request writes its own")]
    private static partial void LogGroupFailed(ILogger logger, Exception exception, int count);
}
