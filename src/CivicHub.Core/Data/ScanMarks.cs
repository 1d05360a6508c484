using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace CivicHub.Core.Data;

/// <summary>
/// How a scan mark moves on PostgreSQL without passing a row that may still commit (decisions 0017 and 0022). Every
/// transaction that takes an id for a row holds a row-exclusive lock on the table from before it takes the id (the
/// lock is taken when its INSERT starts) until it ends, and a lock on its own virtual id for as long. So once the
/// transactions holding the table's lock at one moment have ended, every row up to the highest id visible at that
/// moment is committed or never will be. This relies on ids coming from the identity sequence in order: its cache
/// must stay 1 (the default). On SQLite one transaction writes at a time, so rows commit in id order and a mark can
/// simply follow the last row handled.
/// </summary>
public static class ScanMarks
{
    /// <summary>
    /// Notes the table's highest id visible and the transactions writing to it now, unless the mark is already
    /// waiting for earlier ones or nothing is new. Runs on the context's connection, in its transaction.
    /// </summary>
    public static async Task NoteWritersAsync(CivicHubDb db, string table, IScanMark mark, CancellationToken cancellationToken)
    {
        if (mark.PendingThrough is not null)
        {
            return;
        }

        // The name goes into the statement as a quoted identifier: only the callers' table names reach it.
        await using var command = Command(
            db,
            $"""
             SELECT (SELECT max("Id") FROM "{table}"),
                    (SELECT string_agg(virtualtransaction, ',') FROM pg_locks
                      WHERE locktype = 'relation' AND relation = '"{table}"'::regclass AND mode = 'RowExclusiveLock'
                        AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND pid <> pg_backend_pid())
             """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var highest = reader.IsDBNull(0) ? 0 : reader.GetInt64(0);
        if (highest > mark.ScannedThrough)
        {
            mark.PendingThrough = highest;
            mark.PendingWriters = reader.IsDBNull(1) ? "" : reader.GetString(1);
        }
    }

    /// <summary>
    /// Whether the mark's noted writers have all ended, so that every row up to <see cref="IScanMark.PendingThrough"/>
    /// is committed and visible to the statements that follow. Ask before reading the rows.
    /// </summary>
    public static async Task<bool> PendingSettledAsync(CivicHubDb db, IScanMark mark, CancellationToken cancellationToken)
    {
        if (mark.PendingThrough is null)
        {
            return false;
        }

        if (string.IsNullOrEmpty(mark.PendingWriters))
        {
            return true;
        }

        // Each transaction holds a lock on its own virtual id until it ends.
        await using var command = Command(db, "SELECT NOT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'virtualxid' AND virtualxid = ANY($1))");
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = mark.PendingWriters.Split(',') });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Moves a settled mark as far as the rows handled reached (<paramref name="handledUpTo"/>: the last row of a
    /// full batch, or <see cref="long.MaxValue"/> when the batch held every row there was), and stops waiting once it
    /// reaches the pending id.
    /// </summary>
    public static void Settle(IScanMark mark, long handledUpTo)
    {
        var through = Math.Min(mark.PendingThrough!.Value, handledUpTo);
        mark.ScannedThrough = Math.Max(mark.ScannedThrough, through);
        if (through == mark.PendingThrough)
        {
            mark.PendingThrough = null;
            mark.PendingWriters = null;
        }
    }

    private static NpgsqlCommand Command(CivicHubDb db, string sql) =>
        new(sql, (NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction());
}
