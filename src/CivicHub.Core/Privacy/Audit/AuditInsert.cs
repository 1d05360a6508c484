using CivicHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace CivicHub.Core.Privacy.Audit;

/// <summary>
/// An unsealed audit entry as one PostgreSQL statement of its own, for the reads recorded on every request: the row
/// EF Core would write for a new <see cref="AuditEntry"/> (enums by name, as their converters store them), without
/// the change tracker and SaveChanges pipeline around it, and ready to travel in the same batch (one round trip) as
/// the read it records. The statement commits with whatever it is sent with; nothing is queued or sent later.
/// </summary>
internal static class AuditInsert
{
    private const string Columns = """
        "OccurredAt", "ActorKind", "ActorId", "ActorName", "ActorRole", "ActorDepartments", "Action", "RecordKind", "RecordId", "CitizenId", "Purpose", "CallerPurpose", "AgreementId", "RemoteAddress", "UserAgent"
        """;

    private const string Always = $"""INSERT INTO "AuditEntries" ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)""";

    // For a read that may find nothing: the entry is written only if the citizen ($10) exists, as the endpoints record
    // only reads that succeeded.
    private const string IfCitizenExists = $"""
        INSERT INTO "AuditEntries" ({Columns})
        SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15
         WHERE EXISTS (SELECT 1 FROM "Citizens" WHERE "Id" = $10)
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

    /// <summary>The entry as a command of a batch, written only if the entry's citizen exists.</summary>
    public static NpgsqlBatchCommand IfCitizenExistsCommand(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var command = new NpgsqlBatchCommand(IfCitizenExists);
        Bind(command.Parameters, entry);
        return command;
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

    private static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Varchar, Value = value is null ? DBNull.Value : value };
}
