using CivicHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace CivicHub.Core.Privacy.Audit;

/// <summary>
/// Unsealed audit entries as one plain PostgreSQL statement, for the reads recorded on every request: the rows EF Core
/// would write for new <see cref="AuditEntry"/> objects (enums by name, as their converters store them), without the
/// change tracker and SaveChanges pipeline around them. One INSERT of arrays, a row per entry, whether it writes one
/// entry or a group (<see cref="AuditGroupCommit"/>).
/// </summary>
internal static class AuditInsert
{
    // One array per column; the casts name the columns' own types.
    private const string Statement = """
        INSERT INTO "AuditEntries" ("OccurredAt", "ActorKind", "ActorId", "ActorName", "ActorRole", "ActorDepartments", "Action",
                                    "RecordKind", "RecordId", "CitizenId", "Purpose", "CallerPurpose", "AgreementId", "RemoteAddress", "UserAgent")
        SELECT * FROM unnest($1::timestamptz[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[], $7::varchar[],
                             $8::varchar[], $9::varchar[], $10::uuid[], $11::varchar[], $12::varchar[], $13::uuid[], $14::varchar[], $15::varchar[])
        """;

    /// <summary>Writes the entries in one statement, in the context's transaction if it has one (else in one of its own).</summary>
    public static async Task ExecuteAsync(CivicHubDb db, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(Statement, connection) { Transaction = Transaction(db) };
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

    // One column of the entries as a typed array parameter.
    private static NpgsqlParameter<T[]> Column<T>(IReadOnlyList<AuditEntry> entries, Func<AuditEntry, T> value)
    {
        var values = new T[entries.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = value(entries[i]);
        }

        return new NpgsqlParameter<T[]> { TypedValue = values };
    }
}
