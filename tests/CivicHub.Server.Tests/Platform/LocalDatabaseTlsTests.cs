using CivicHub.Core.Data;
using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CivicHub.Server.Tests.Platform;

/// <summary>
/// A host whose PostgreSQL runs on the same machine (the tests' server on 127.0.0.1, which offers TLS) talks to it
/// without TLS, which there protects nothing and cost up to a fifth of the CPU of a read; an operator's SSL Mode
/// still wins.
/// </summary>
public sealed class LocalDatabaseTlsTests(PostgresHost host) : IClassFixture<PostgresHost>
{
    private const string Encrypted = "SELECT ssl AS \"Value\" FROM pg_stat_ssl WHERE pid = pg_backend_pid()";
    private static readonly string[] SameMachine = ["127.0.0.1", "localhost", "::1"];

    [Fact]
    public async Task The_hosts_connections_to_a_database_on_this_machine_are_not_encrypted()
    {
        host.RequireDatabase();
        var server = new NpgsqlConnectionStringBuilder(host.DatabaseConnectionString);
        Assert.Contains(server.Host, SameMachine);

        // The server offers TLS, and Npgsql's default would have used it.
        Assert.True(await EncryptedAsync(server.ConnectionString), "The test's PostgreSQL must offer TLS (Debian's package enables it with its snakeoil certificate).");

        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CivicHubDb>();
        var encrypted = await db.Database.SqlQueryRaw<bool>(Encrypted).SingleAsync(TestContext.Current.CancellationToken);

        Assert.False(encrypted);
    }

    [Fact]
    public async Task An_operators_ssl_mode_is_kept()
    {
        host.RequireDatabase();
        var required = DbContextOptionsExtensions.WithHostDefaults(host.DatabaseConnectionString + ";SSL Mode=Require");

        Assert.True(await EncryptedAsync(required));
    }

    private static async Task<bool> EncryptedAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(Encrypted, connection);
        return (bool)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
