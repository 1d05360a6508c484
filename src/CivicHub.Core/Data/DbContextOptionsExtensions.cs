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
            return builder.UseNpgsql(WithHostDefaults(connectionString), o => o.MigrationsAssembly(PostgresMigrations));
        }

        EnsureSqliteFolder(connectionString);
        return builder.UseSqlite(connectionString, o => o.MigrationsAssembly(SqliteMigrations));
    }

    /// <summary>
    /// The connections a host opens to PostgreSQL at most, unless its connection string says (Maximum Pool Size):
    /// twice its processors and one, PostgreSQL's own rule of thumb for the connections a database server keeps
    /// busy (https://wiki.postgresql.org/wiki/Number_Of_Database_Connections). Requests beyond that wait their turn
    /// for a connection. With Npgsql's default of up to 100, PostgreSQL's backends and the host's threads took a small
    /// machine's processors from each other: in the views benchmark a timeline page cost 0.37 ms of PostgreSQL CPU
    /// against 0.27 and its p99 was 25 ms against 19 (docs/benchmarks.md, run 24; decision 0020).
    /// </summary>
    public static int DefaultMaxPoolSize => (2 * Environment.ProcessorCount) + 1;

    /// <summary>
    /// What a host's connection string gets unless it says otherwise: at most <see cref="DefaultMaxPoolSize"/>
    /// connections; statements the host sends over and over prepared by Npgsql, which spares PostgreSQL parsing and
    /// planning them on every request (measured in docs/benchmarks.md; set "Max Auto Prepare=0" behind a pooler in
    /// transaction mode); no session reset when a pooled connection is reused; and, to a database on the same
    /// machine, no TLS unless the server insists on it.
    /// </summary>
    public static string WithHostDefaults(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!Names(connectionString, "MaxAutoPrepare", "AutoPrepareMinUsages"))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        // Every EF Core operation takes a pooled connection and gives it back; by default Npgsql then makes PostgreSQL
        // run a reset (RESET ALL, CLOSE ALL, UNLISTEN *, pg_advisory_unlock_all(), DISCARD SEQUENCES, DISCARD TEMP)
        // before the next statement, that is once per query on a busy host. CivicHub leaves no session state behind
        // (no SET, temporary tables, LISTEN or advisory locks), so there is nothing to reset.
        if (!Names(connectionString, "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        if (!Names(connectionString, "MaximumPoolSize", "MaxPoolSize"))
        {
            builder.MaxPoolSize = Math.Max(DefaultMaxPoolSize, builder.MinPoolSize);
        }

        // Npgsql's default (Prefer) encrypts whenever the server offers TLS, and on the same machine that bought
        // nothing: the traffic never leaves it, and whoever could read it could read the database's files too. It
        // cost up to a fifth of the host's and PostgreSQL's CPU per read (docs/benchmarks.md, run 25; decision
        // 0021). Allow still encrypts when the server refuses unencrypted connections (pg_hba.conf's hostssl).
        if (!Names(connectionString, "SslMode") && IsSameMachine(builder.Host))
        {
            builder.SslMode = Npgsql.SslMode.Allow;
        }

        return builder.ConnectionString;
    }

    // Whether every host the connection string names is this machine: a loopback name or address, or a Unix socket's
    // folder (over which Npgsql never uses TLS anyway).
    private static bool IsSameMachine(string? hosts) =>
        !string.IsNullOrWhiteSpace(hosts) && hosts.Split(',', StringSplitOptions.TrimEntries).All(host =>
            host.StartsWith('/')
            || HostName(host).Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (System.Net.IPAddress.TryParse(HostName(host), out var address) && System.Net.IPAddress.IsLoopback(address)));

    // A host may carry its port ("127.0.0.1:5433", "[::1]:5433").
    private static string HostName(string host) =>
        host.StartsWith('[') && host.IndexOf(']', StringComparison.Ordinal) is > 0 and var end ? host[1..end]
        : host.Count(c => c == ':') == 1 ? host[..host.IndexOf(':', StringComparison.Ordinal)]
        : host;

    // Npgsql reads a keyword in any case, with or without its spaces, and by its property's name.
    private static bool Names(string connectionString, params string[] keywords) =>
        new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(key => key.Replace(" ", string.Empty, StringComparison.Ordinal))
            .Any(key => keywords.Contains(key, StringComparer.OrdinalIgnoreCase));

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
