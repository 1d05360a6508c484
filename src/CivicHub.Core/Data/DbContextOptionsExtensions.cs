using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Data;

/// <summary>Points a CivicHubDb at SQLite or PostgreSQL, each with its own migrations assembly.</summary>
public static class DbContextOptionsExtensions
{
    public const string SqliteMigrations = "CivicHub.Migrations.Sqlite";
    public const string PostgresMigrations = "CivicHub.Migrations.Postgres";

    public static DbContextOptionsBuilder UseCivicHubDatabase(this DbContextOptionsBuilder builder, string connectionString)
    {
        if (DatabaseOptions.ProviderOf(connectionString) == DatabaseProvider.Postgres)
        {
            return builder.UseNpgsql(WithPreparedStatements(connectionString), o => o.MigrationsAssembly(PostgresMigrations));
        }

        EnsureSqliteFolder(connectionString);
        return builder.UseSqlite(connectionString, o => o.MigrationsAssembly(SqliteMigrations));
    }

    /// <summary>
    /// Lets Npgsql prepare the statements a host sends over and over, which spares PostgreSQL parsing and planning
    /// them on every request (measured in docs/benchmarks.md). An operator's own setting wins; set
    /// "Max Auto Prepare=0" behind a pooler in transaction mode. It also skips the session reset when a pooled
    /// connection is reused, unless the connection string says otherwise.
    /// </summary>
    public static string WithPreparedStatements(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        // Every EF Core operation takes a pooled connection and gives it back; by default Npgsql then makes PostgreSQL
        // run a reset (RESET ALL, CLOSE ALL, UNLISTEN *, pg_advisory_unlock_all(), DISCARD SEQUENCES, DISCARD TEMP)
        // before the next statement, that is once per query on a busy host. CivicHub leaves no session state behind
        // (no SET, temporary tables, LISTEN or advisory locks), so there is nothing to reset.
        if (!connectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    private static void EnsureSqliteFolder(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(folder) && dataSource != ":memory:")
        {
            Directory.CreateDirectory(folder);
        }
    }
}
