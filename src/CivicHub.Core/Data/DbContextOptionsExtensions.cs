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
            return builder.UseNpgsql(connectionString, o => o.MigrationsAssembly(PostgresMigrations));
        }

        EnsureSqliteFolder(connectionString);
        return builder.UseSqlite(connectionString, o => o.MigrationsAssembly(SqliteMigrations));
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
