using CivicHub.Core.Data;
using CivicHub.Core.Events;
using CivicHub.Core.Interactions;
using CivicHub.Core.Privacy.Audit;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CivicHub.Core.Cases;

/// <summary>
/// Writes a new case's rows on PostgreSQL without SaveChanges: the case, its first interaction, its history entry,
/// its events and their audit entries, as one batch of INSERTs of arrays (<see cref="RowsInsert"/>) that the server
/// runs as one implicit transaction. EF Core's change detection and command building were about a third of a case's
/// server time (docs/benchmarks.md, run 22). What the save did around the rows is done here: the audit entries the
/// <see cref="AuditInterceptor"/> would add go in the same batch, the events are signalled once committed, and the
/// entities stay tracked as saved, with the keys the database gave them.
/// <para>
/// Only for a context whose changes are all new rows of these kinds, outside a transaction: the case the API opens
/// for a known citizen. Anything else (a citizen registered with the case, an Idempotency-Key's transaction, SQLite)
/// goes through SaveChanges.
/// </para>
/// </summary>
public sealed class CaseRows(EventSignal signal, TimeProvider time)
{
    // Parents first: each statement's foreign keys are checked when it ends.
    private static readonly Type[] Order = [typeof(Case), typeof(Interaction), typeof(CaseChange), typeof(DomainEvent), typeof(AuditEntry)];

    /// <summary>Writes the context's new rows and returns true; returns false, having written nothing, when it holds anything else.</summary>
    public async Task<bool> TryWriteAsync(CivicHubDb db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!db.IsPostgres || db.Database.CurrentTransaction is not null)
        {
            return false;
        }

        var tracked = db.ChangeTracker.Entries().ToList();
        if (tracked.Count == 0 || tracked.Any(e => e.State != EntityState.Added || Array.IndexOf(Order, e.Entity.GetType()) < 0))
        {
            return false;
        }

        var audit = await AuditInterceptor.EntriesForAsync(db, time.GetUtcNow().UtcDateTime, cancellationToken);
        var tables = tracked.Select(e => e.Entity).Concat(audit)
            .GroupBy(row => row.GetType())
            .OrderBy(rows => Array.IndexOf(Order, rows.Key))
            .Select(rows => (Insert: RowsInsert.For(db.Model, rows.Key) ?? throw new InvalidOperationException($"{rows.Key.Name} rows cannot be written as plain columns."), Rows: rows.ToList()))
            .ToList();

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var batch = new NpgsqlBatch(connection);
            foreach (var (insert, rows) in tables)
            {
                batch.BatchCommands.Add(insert.Command(rows));
            }

            // Only the inserts that return keys give results, in the batch's order.
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            var first = true;
            foreach (var (insert, rows) in tables.Where(t => t.Insert.GeneratedKey is not null))
            {
                if (!first)
                {
                    await reader.NextResultAsync(cancellationToken);
                }

                first = false;
                var keys = await RowsInsert.ReadKeysAsync(reader, rows.Count, cancellationToken);
                for (var i = 0; i < rows.Count; i++)
                {
                    SetKey(db, insert, rows[i], keys[i]);
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        db.ChangeTracker.AcceptAllChanges();
        signal.Notify([.. tracked.Select(e => e.Entity).OfType<DomainEvent>()]);
        return true;
    }

    private static void SetKey(CivicHubDb db, RowsInsert insert, object row, object key)
    {
        if (row is AuditEntry entry)
        {
            // Not tracked: the interceptor's entries are written, never saved through the context.
            entry.Id = (long)key;
            return;
        }

        var property = db.Entry(row).Property(insert.GeneratedKey!.Name);
        property.CurrentValue = key;
        property.IsTemporary = false;
    }
}
