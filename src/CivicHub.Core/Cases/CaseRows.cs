using CivicHub.Core.Data;
using CivicHub.Core.Events;
using CivicHub.Core.Interactions;
using CivicHub.Core.Privacy.Audit;
using CivicHub.Core.Privacy.Protection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CivicHub.Core.Cases;

/// <summary>
/// Writes new cases' rows on PostgreSQL without SaveChanges: each case, its first interaction, its history entry,
/// its events and their audit entries, with the cases of concurrent requests written together (a
/// <see cref="GroupCommit{TItem, TResult}"/>): one batch of an INSERT per table (<see cref="RowsInsert"/>), which the
/// server runs as one implicit transaction. Most of what a case cost the database was per statement and per
/// transaction, not per row, and EF Core's change tracking and command building were much of its server time
/// (docs/benchmarks.md, runs 22, 23 and 26), so the rows never enter a change tracker. What a save did around the
/// rows is done here: the audit entries the <see cref="AuditInterceptor"/> would add are written with them, the
/// events are signalled once committed, and each row gets the key the database gave it.
/// <para>
/// Only for a case that commits alone, outside a transaction and with nothing else pending in the context: the case
/// the API opens for a known citizen. Anything else (a citizen registered with the case, an Idempotency-Key's
/// transaction, SQLite) goes through SaveChanges.
/// </para>
/// </summary>
public sealed partial class CaseRows
{
    // Parents first: each statement's foreign keys are checked when it ends.
    private static readonly Type[] Order = [typeof(Case), typeof(Interaction), typeof(CaseChange), typeof(DomainEvent), typeof(AuditEntry)];

    private readonly EventSignal _signal;
    private readonly TimeProvider _time;
    private readonly GroupCommit<Tables, List<object[]>> _group;

    public CaseRows(EventSignal signal, TimeProvider time, ILogger<CaseRows> logger)
    {
        _signal = signal;
        _time = time;
        _group = new(WriteAsync, (ex, count) => LogGroupFailed(logger, ex, count));
    }

    /// <summary>
    /// Writes the case's rows and returns true; returns false, having written nothing, when they must commit with
    /// something else (a transaction is open, or the context holds changes of its own) or the database is not PostgreSQL.
    /// </summary>
    public async Task<bool> TryWriteAsync(CivicHubDb db, OpenedCase opened, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(opened);
        if (!db.IsPostgres || db.Database.CurrentTransaction is not null || db.ChangeTracker.HasChanges())
        {
            return false;
        }

        var rows = opened.Rows.Concat(await AuditInterceptor.EntriesForNewAsync(opened.Rows, _time.GetUtcNow().UtcDateTime, cancellationToken)).ToList();
        var tables = new Tables(db.Model, ProtectedModelCacheKeyFactory.FieldProtectionOf(db), [.. Order.Select(type => rows.Where(row => row.GetType() == type).ToList())]);
        var keys = await WriteCaseAsync(db, opened.Case, tables, rows);

        // Each table whose key the database generates, in order, has its rows' keys.
        var next = 0;
        for (var table = 0; table < Order.Length; table++)
        {
            if (tables.Rows[table].Count > 0 && RowsInsert.For(db.Model, Order[table])!.GeneratedKey is { } key)
            {
                var property = key.PropertyInfo ?? throw new InvalidOperationException($"{Order[table].Name}'s key is not a property.");
                var tableKeys = keys[next++];
                for (var i = 0; i < tableKeys.Length; i++)
                {
                    property.SetValue(tables.Rows[table][i], tableKeys[i]);
                }
            }
        }

        _signal.Notify(opened.Events);
        return true;
    }

    // A group refused for a reference another case has is written again case by case (GroupCommit); the case that drew
    // it draws another and is written again, the rest of the group as it was.
    private async Task<List<object[]>> WriteCaseAsync(CivicHubDb db, Case @case, Tables tables, List<object> rows)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await _group.WriteAsync(db, tables);
            }
            catch (PostgresException ex) when (attempt < TakenReference.Attempts && TakenReference.IsTaken(ex))
            {
                TakenReference.Redraw(@case, rows);
            }
        }
    }

    /// <summary>Whether a group is being written and how many cases gather for the next: for diagnostics.</summary>
    public (bool Writing, int Gathering) State => _group.State;

    // One batch for all the cases: a statement per table with the rows of every case, the keys split back per case.
    private static async Task<IReadOnlyList<List<object[]>>> WriteAsync(CivicHubDb db, IReadOnlyList<Tables> cases)
    {
        // The group is written with its first case's model. Every case of a host maps alike, though not always with the
        // same model instance (the model cache is shared by the hosts of a process, keyed by each one's field
        // protection, and a test process met two instances in one host); what must not differ is the field protection
        // the converters encrypt with. Should two ever meet in a group, each case is written alone.
        var model = cases[0].Model;
        if (cases.Any(c => c.Protection != cases[0].Protection))
        {
            throw new InvalidOperationException("The cases of a group were opened with different field protection.");
        }

        var statements = new List<(RowsInsert Insert, int Table, int Rows)>();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(CancellationToken.None);
        try
        {
            await using var batch = new NpgsqlBatch(connection);
            for (var table = 0; table < Order.Length; table++)
            {
                var rows = cases.SelectMany(c => c.Rows[table]).ToList();
                if (rows.Count > 0)
                {
                    var insert = RowsInsert.For(model, Order[table]) ?? throw new InvalidOperationException($"{Order[table].Name} rows cannot be written as plain columns.");
                    batch.BatchCommands.Add(insert.Command(rows));
                    statements.Add((insert, table, rows.Count));
                }
            }

            // Only the inserts that return keys give results, in the batch's order.
            var keys = cases.Select(_ => new List<object[]>()).ToList();
            await using var reader = await batch.ExecuteReaderAsync(CancellationToken.None);
            var first = true;
            foreach (var (_, table, count) in statements.Where(s => s.Insert.GeneratedKey is not null))
            {
                if (!first)
                {
                    await reader.NextResultAsync(CancellationToken.None);
                }

                first = false;
                var all = await RowsInsert.ReadKeysAsync(reader, count, CancellationToken.None);
                var offset = 0;
                for (var c = 0; c < cases.Count; c++)
                {
                    var own = cases[c].Rows[table].Count;
                    if (own > 0)
                    {
                        keys[c].Add(all[offset..(offset + own)]);
                        offset += own;
                    }
                }
            }

            return keys;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A group of {Count} cases could not be written together; each request writes its own")]
    private static partial void LogGroupFailed(ILogger logger, Exception exception, int count);

    /// <summary>One case's new rows, a list per table in <see cref="Order"/>, the model that maps them and the field protection its converters use.</summary>
    private sealed record Tables(Microsoft.EntityFrameworkCore.Metadata.IModel Model, FieldProtection Protection, List<object>[] Rows);
}
