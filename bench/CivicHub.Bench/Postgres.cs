using Npgsql;

namespace CivicHub.Bench;

/// <summary>The PostgreSQL server the benchmarks use, and the throwaway databases they create on it.</summary>
internal sealed class Postgres(string serverConnectionString)
{
    public const string DefaultServer = "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres";

    public static Postgres From(BenchArgs args) => new(args.String("pg", DefaultServer));

    public string Database(string name) =>
        new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;

    public async Task RecreateAsync(string name, CancellationToken cancellationToken)
    {
        if (!name.StartsWith("civichub_bench", StringComparison.Ordinal))
        {
            throw new ArgumentException("Benchmark databases are named civichub_bench*, so the benchmark never drops anything else.");
        }

        await using var connection = new NpgsqlConnection(Database("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection))
        {
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> ExistsAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(Database("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = name } } };
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>A one-line description of the server and the settings that matter for these benchmarks.</summary>
    public async Task<string> DescribeAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(Database("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT current_setting('server_version') || ', shared_buffers=' || current_setting('shared_buffers')
                || ', max_connections=' || current_setting('max_connections')
                || ', synchronous_commit=' || current_setting('synchronous_commit')
                || ', fsync=' || current_setting('fsync')
            """,
            connection);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public static async Task<List<Guid>> ReadIdsAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ids = new List<Guid>();
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    public static async Task<long> ScalarAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
