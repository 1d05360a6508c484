using System.Text;
using Npgsql;

namespace CivicHub.Bench;

/// <summary>
/// Catches the SQL the server sends for a service request search (from pg_stat_activity, while the load runs), then
/// prepares that exact text and runs EXPLAIN (ANALYZE, BUFFERS) on it with chosen values, so the plan shown is the
/// plan of the server's own statement.
/// </summary>
internal static class Open311QueryPlan
{
    /// <summary>Polls pg_stat_activity until a statement reading Cases shows up or the token is cancelled.</summary>
    public static async Task<string?> CatchAsync(string connectionString, string database, CancellationToken stop)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(CancellationToken.None);
        await using var command = new NpgsqlCommand(
            """
            SELECT query FROM pg_stat_activity
            WHERE datname = $1 AND pid <> pg_backend_pid() AND query LIKE '%FROM "Cases"%' AND query LIKE '%LIMIT%'
            LIMIT 1
            """,
            connection)
        { Parameters = { new() { Value = database } } };
        while (!stop.IsCancellationRequested)
        {
            if (await command.ExecuteScalarAsync(CancellationToken.None) is string sql)
            {
                return sql;
            }

            try
            {
                await Task.Delay(20, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return null;
    }

    /// <summary>
    /// EXPLAIN (ANALYZE, BUFFERS) of the caught statement for the window [start, end] over the given public service
    /// ids; parameters are bound by their inferred types (integer[] the ids, the two timestamps start and end, the last
    /// integer the LIMIT).
    /// </summary>
    public static async Task<string> ExplainAsync(string connectionString, string sql, IReadOnlyList<int> publicIds, DateTime start, DateTime end, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var prepare = new NpgsqlCommand($"PREPARE open311_search AS {sql}", connection))
        {
            await prepare.ExecuteNonQueryAsync(cancellationToken);
        }

        string[] types;
        await using (var read = new NpgsqlCommand("SELECT parameter_types::text[] FROM pg_prepared_statements WHERE name = 'open311_search'", connection))
        {
            types = (string[])(await read.ExecuteScalarAsync(cancellationToken))!;
        }

        var values = new List<string>();
        var timestamps = 0;
        for (var i = 0; i < types.Length; i++)
        {
            values.Add(types[i] switch
            {
                "integer[]" => $"'{{{string.Join(',', publicIds)}}}'",
                "timestamp with time zone" => $"'{(timestamps++ == 0 ? start : end):yyyy-MM-ddTHH:mm:ss}Z'",
                "integer" or "bigint" when i == types.Length - 1 => "1000",
                var other => throw new InvalidOperationException($"Unexpected parameter ${i + 1} of type {other} in the caught statement; explain it by hand."),
            });
        }

        // Npgsql prepares statements it sees often (Max Auto Prepare), and PostgreSQL may then switch a prepared
        // statement to its generic plan after five executions: show both plans.
        var plan = new StringBuilder($"parameters: ({string.Join(", ", types)}) = ({string.Join(", ", values)})\n");
        foreach (var mode in new[] { "force_custom_plan", "force_generic_plan" })
        {
            await using (var set = new NpgsqlCommand($"SET plan_cache_mode = {mode}", connection))
            {
                await set.ExecuteNonQueryAsync(cancellationToken);
            }

            plan.AppendLine($"-- plan_cache_mode = {mode}");
            await using var explain = new NpgsqlCommand($"EXPLAIN (ANALYZE, BUFFERS) EXECUTE open311_search({string.Join(", ", values)})", connection);
            await using var reader = await explain.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                plan.AppendLine(reader.GetString(0));
            }
        }

        return plan.ToString();
    }
}
