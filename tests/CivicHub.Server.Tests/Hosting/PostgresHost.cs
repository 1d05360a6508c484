using CivicHub.Core.Data;
using Npgsql;

namespace CivicHub.Server.Tests.Hosting;

/// <summary>
/// CivicHub on a fresh PostgreSQL database, on the server named by CIVICHUB_TEST_POSTGRES
/// (for example "Host=127.0.0.1;Username=postgres;Password=postgres"). Without it these tests are skipped.
/// </summary>
public class PostgresHost : CivicHubHost
{
    public const string Variable = "CIVICHUB_TEST_POSTGRES";
    private readonly string? _server = Environment.GetEnvironmentVariable(Variable);
    private readonly string _database = $"civichub_test_{Guid.NewGuid():N}";

    public PostgresHost()
    {
        SkipReason = $"PostgreSQL tests need {Variable} (run .ci/run, which installs and starts PostgreSQL).";
    }

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override string? ConnectionString =>
        string.IsNullOrEmpty(_server) ? null : new NpgsqlConnectionStringBuilder(_server) { Database = _database }.ConnectionString;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        if (string.IsNullOrEmpty(_server))
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_server) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
