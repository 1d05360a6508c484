namespace CivicHub.Core.Data;

/// <summary>Which database CivicHub uses: SQLite by default, PostgreSQL when the connection string names a host.</summary>
public sealed class DatabaseOptions
{
    public const string DefaultSqlite = "Data Source=data/civichub.db";

    public string ConnectionString { get; set; } = DefaultSqlite;

    public DatabaseProvider Provider => ProviderOf(ConnectionString);

    public static DatabaseProvider ProviderOf(string connectionString) =>
        connectionString.Contains("Host=", StringComparison.OrdinalIgnoreCase)
        || connectionString.Contains("Server=", StringComparison.OrdinalIgnoreCase)
        || connectionString.StartsWith("postgres", StringComparison.OrdinalIgnoreCase)
            ? DatabaseProvider.Postgres
            : DatabaseProvider.Sqlite;
}
