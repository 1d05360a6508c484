using CivicHub.Core.Data;
using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Server.Tests.Privacy;

/// <summary>Searches every text column of every table for values, through the database's own catalog: nothing escapes.</summary>
public static class TextColumns
{
    public static Task<List<string>> WhereFoundAsync(this CivicHubHost host, IReadOnlyList<string> values) => host.InDbAsync(async db =>
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        var columns = new List<(string Table, string Column)>();
        await using (var catalog = connection.CreateCommand())
        {
            catalog.CommandText = host.Provider == DatabaseProvider.Sqlite
                ? """
                  SELECT m.name, p.name FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p
                   WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND (p.type LIKE '%TEXT%' OR p.type LIKE '%CHAR%' OR p.type = '')
                  """
                : """
                  SELECT table_name, column_name FROM information_schema.columns
                   WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb', 'json')
                  """;
            await using var reader = await catalog.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        Assert.True(columns.Count > 50, $"Expected the catalog to list the text columns, got {columns.Count}.");
        var found = new List<string>();
        foreach (var (table, column) in columns)
        {
            await using var command = connection.CreateCommand();
            var conditions = new List<string>();
            for (var i = 0; i < values.Count; i++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = $"@v{i}";
                parameter.Value = "%" + values[i].ToUpperInvariant() + "%";
                command.Parameters.Add(parameter);
                conditions.Add($"UPPER(CAST(\"{column}\" AS TEXT)) LIKE @v{i}");
            }

            // Test-only SQL over identifiers read from the catalog; the values are parameters.
#pragma warning disable CA2100
            command.CommandText = $"SELECT COUNT(*) FROM \"{table}\" WHERE {string.Join(" OR ", conditions)}";
#pragma warning restore CA2100
            if (Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                found.Add($"{table}.{column}");
            }
        }

        return found;
    });
}
