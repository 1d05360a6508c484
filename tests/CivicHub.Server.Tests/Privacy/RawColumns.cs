using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Server.Tests.Privacy;

/// <summary>Reads columns as the database stores them, past EF Core's converters: what a stolen backup would show.</summary>
public static class RawColumns
{
    /// <summary>Every row of one table's column whose text contains the given value (compared as text, any case).</summary>
    public static Task<List<string>> StoredAsync(this CivicHubHost host, string table, string column, string where = "1=1") =>
        host.InDbAsync(async db =>
        {
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            await using var command = connection.CreateCommand();
            // Test-only SQL over fixed identifiers.
#pragma warning disable CA2100
            command.CommandText = $"""SELECT CAST("{column}" AS TEXT) FROM "{table}" WHERE {where}""";
#pragma warning restore CA2100
            var values = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                if (!reader.IsDBNull(0))
                {
                    values.Add(reader.GetString(0));
                }
            }

            return values;
        });

    /// <summary>The SQL literal of a citizen id as each provider stores it (SQLite keeps upper-case text).</summary>
    public static string IdLiteral(this CivicHubHost host, Guid id) =>
        host.Provider == Core.Data.DatabaseProvider.Sqlite ? $"'{id.ToString().ToUpperInvariant()}'" : $"'{id}'";
}
