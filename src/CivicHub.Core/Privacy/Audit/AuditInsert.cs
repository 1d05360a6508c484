using CivicHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace CivicHub.Core.Privacy.Audit;

/// <summary>
/// Unsealed audit entries as plain PostgreSQL statements, for the reads recorded on every request: the rows EF Core
/// would write for new <see cref="AuditEntry"/> objects (enums by name, as their converters store them), without the
/// change tracker and SaveChanges pipeline around them. One entry is one INSERT; several (a group commit, see
/// <see cref="AuditGroupCommit"/>) are one INSERT of arrays, a row per entry.
/// </summary>
internal static class AuditInsert
{
    private const string Columns = """
        "OccurredAt", "ActorKind", "ActorId", "ActorName", "ActorRole", "ActorDepartments", "Action", "RecordKind", "RecordId", "CitizenId", "Purpose", "CallerPurpose", "AgreementId", "RemoteAddress", "UserAgent"
        """;

    private const string Always = $"""INSERT INTO "AuditEntries" ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)""";

    // The same columns from one array per column, a row per entry; the types are the columns' own.
    private const string Many = $"""
        INSERT INTO "AuditEntries" ({Columns})
        SELECT * FROM unnest($1::timestamptz[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[], $7::varchar[],
                             $8::varchar[], $9::varchar[], $10::uuid[], $11::varchar[], $12::varchar[], $13::uuid[], $14::varchar[], $15::varchar[])
        """;

    /// <summary>Writes the entry now, in the context's transaction if it has one.</summary>
    public static async Task ExecuteAsync(CivicHubDb db, AuditEntry entry, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(Always, connection) { Transaction = Transaction(db) };
            Bind(command.Parameters, entry);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Writes the entries in one statement: one transaction of its own, as the context has none open.</summary>
    public static async Task ExecuteManyAsync(CivicHubDb db, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(Many, connection) { Transaction = Transaction(db) };
            var parameters = command.Parameters;
            parameters.Add(Column(entries, e => DateTime.SpecifyKind(e.OccurredAt, DateTimeKind.Utc)));
            parameters.Add(Column(entries, e => e.ActorKind.ToString()));
            parameters.Add(Column(entries, e => e.ActorId));
            parameters.Add(Column(entries, e => e.ActorName));
            parameters.Add(Column(entries, e => e.ActorRole));
            parameters.Add(Column(entries, e => e.ActorDepartments));
            parameters.Add(Column(entries, e => e.Action.ToString()));
            parameters.Add(Column(entries, e => e.RecordKind));
            parameters.Add(Column(entries, e => e.RecordId));
            parameters.Add(Column(entries, e => e.CitizenId));
            parameters.Add(Column(entries, e => e.Purpose));
            parameters.Add(Column(entries, e => e.CallerPurpose));
            parameters.Add(Column(entries, e => e.AgreementId));
            parameters.Add(Column(entries, e => e.RemoteAddress));
            parameters.Add(Column(entries, e => e.UserAgent));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public static NpgsqlTransaction? Transaction(CivicHubDb db) => (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();

    // Typed: in INSERT ... SELECT PostgreSQL cannot infer a parameter's type from the column it goes to.
    private static void Bind(NpgsqlParameterCollection parameters, AuditEntry entry)
    {
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = DateTime.SpecifyKind(entry.OccurredAt, DateTimeKind.Utc) });
        parameters.Add(Text(entry.ActorKind.ToString()));
        parameters.Add(Text(entry.ActorId));
        parameters.Add(Text(entry.ActorName));
        parameters.Add(Text(entry.ActorRole));
        parameters.Add(Text(entry.ActorDepartments));
        parameters.Add(Text(entry.Action.ToString()));
        parameters.Add(Text(entry.RecordKind));
        parameters.Add(Text(entry.RecordId));
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Uuid, Value = entry.CitizenId is { } id ? id : DBNull.Value });
        parameters.Add(Text(entry.Purpose));
        parameters.Add(Text(entry.CallerPurpose));
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Uuid, Value = entry.AgreementId is { } agreement ? agreement : DBNull.Value });
        parameters.Add(Text(entry.RemoteAddress));
        parameters.Add(Text(entry.UserAgent));
    }

    // One column of the entries as a typed array parameter; the SQL casts name the element types.
    private static NpgsqlParameter<T[]> Column<T>(IReadOnlyList<AuditEntry> entries, Func<AuditEntry, T> value)
    {
        var values = new T[entries.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = value(entries[i]);
        }

        return new NpgsqlParameter<T[]> { TypedValue = values };
    }

    private static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Varchar, Value = value is null ? DBNull.Value : value };
}
