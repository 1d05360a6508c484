using System.Security.Cryptography;
using CivicHub.Core.Data;
using CivicHub.Core.Demo;
using CivicHub.Core.Open311;
using CivicHub.Core.Privacy.Protection;
using CivicHub.Core.Staff;
using CivicHub.Server.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CivicHub.Server.Hosting;

/// <summary>
/// Brings the database to the current schema at start and, in demo mode, seeds the demo jurisdiction on an
/// empty database and prints the demo's sign-ins.
/// </summary>
public sealed partial class DatabaseStartup(IServiceScopeFactory scopes, IOptions<DemoOptions> demo) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CivicHubDb>();
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // Write-ahead logging lets the background workers write while requests read.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        scope.ServiceProvider.GetRequiredService<FieldProtection>().EnsureKeyRing();

        var clients = scope.ServiceProvider.GetRequiredService<ClientRegistrations>();
        await clients.EnsureDeskClientAsync(cancellationToken);
        await clients.EnsureFirstPartyClientsAsync(cancellationToken);
        if (demo.Value.Enabled)
        {
            await PrepareDemoAsync(scope.ServiceProvider, demo.Value, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Drops and recreates the database, then seeds the demo again.</summary>
    public static async Task ResetAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CivicHubDb>();
        if (db.Database.IsSqlite())
        {
            await DropSqliteTablesAsync(db, cancellationToken);
        }
        else
        {
            await db.Database.EnsureDeletedAsync(cancellationToken);
        }

        await db.Database.MigrateAsync(cancellationToken);
        scope.ServiceProvider.GetRequiredService<FieldProtection>().EnsureKeyRing();
        var clients = scope.ServiceProvider.GetRequiredService<ClientRegistrations>();
        await clients.EnsureDeskClientAsync(cancellationToken);
        await clients.EnsureFirstPartyClientsAsync(cancellationToken);
        var options = scope.ServiceProvider.GetRequiredService<IOptions<DemoOptions>>().Value;
        await PrepareDemoAsync(scope.ServiceProvider, options, cancellationToken);
    }

    /// <summary>
    /// Empties a SQLite database in place. Deleting the file, as EF Core does, races with any connection still open on
    /// it (a background worker's): SQLite keeps the write-ahead log beside the file by name, so the old database's log
    /// could be replayed into the new one, or a late close remove the new one's log.
    /// </summary>
    private static async Task DropSqliteTablesAsync(CivicHubDb db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var tables = await db.Database.SqlQueryRaw<string>(
                    "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                .ToListAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = OFF;", cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var table in tables)
            {
                // A table name read from sqlite_master and quoted as an identifier (which no parameter can be): nothing
                // here comes from a user.
                var quoted = "\"" + table.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
#pragma warning disable EF1003
                await db.Database.ExecuteSqlRawAsync("DROP TABLE " + quoted + ";", cancellationToken);
#pragma warning restore EF1003
            }

            await transaction.CommitAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = ON;", cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task PrepareDemoAsync(IServiceProvider services, DemoOptions options, CancellationToken cancellationToken)
    {
        var staffPassword = string.IsNullOrEmpty(options.StaffPassword) ? NewSecret() : options.StaffPassword;
        var totpSeed = string.IsNullOrEmpty(options.StaffTotpSeed) ? NewSecret() : options.StaffTotpSeed;
        var clientSecret = string.IsNullOrEmpty(options.ClientSecret) ? NewSecret() : options.ClientSecret;
        var open311Key = string.IsNullOrEmpty(options.Open311ApiKey) ? ApiKeys.NewSecret() : options.Open311ApiKey;
        var seeder = services.GetRequiredService<DemoSeeder>();
        var seeded = await seeder.SeedIfEmptyAsync(options, cancellationToken);

        // The printed password and secret must work, so they are set on every start. The demo staff start with their
        // authenticator set up from the seed, so the demo and its tests can compute their codes.
        var db = services.GetRequiredService<CivicHubDb>();
        var secrets = services.GetRequiredService<StaffSecrets>();
        var userNames = DemoStaff.All.Select(s => s.UserName).ToList();
        foreach (var member in await db.Staff.Where(s => userNames.Contains(s.UserName)).ToListAsync(cancellationToken))
        {
            member.PasswordHash = StaffPasswords.Hash(member, staffPassword);
            member.TotpSecret = secrets.Protect(DemoStaff.TotpSecret(totpSeed, member.UserName));
        }

        await db.SaveChangesAsync(cancellationToken);
        await services.GetRequiredService<ClientRegistrations>()
            .EnsureIntegrationClientAsync(CivicClaims.DemoIntegratorClientId, "Demo integration", clientSecret, cancellationToken);
        await services.GetRequiredService<ApiKeys>().EnsureDemoKeyAsync(open311Key, cancellationToken);

        // A department's own site that citizens sign in to with CivicHub, asking their consent once.
        var tax = await db.Departments.Where(d => d.Code == "TAX").Select(d => (int?)d.Id).FirstOrDefaultAsync(cancellationToken);
        await services.GetRequiredService<ClientRegistrations>().EnsureRelyingPartyAsync(
            CivicClaims.DemoTaxFilingClientId,
            "Tax online filing",
            ["https://tax.city.example/signin-oidc", "http://localhost:5180/signin-oidc"],
            ["https://tax.city.example/", "http://localhost:5180/"],
            cancellationToken,
            OpenIddict.Abstractions.OpenIddictConstants.ConsentTypes.Explicit,
            tax);

        services.GetRequiredService<DemoSignIns>().Set(new DemoSignInList(
            DemoStaff.All.Select(s => (s.UserName, s.Role.ToString().ToLowerInvariant())).ToList(),
            string.IsNullOrEmpty(options.StaffPassword) ? staffPassword : null,
            string.IsNullOrEmpty(options.StaffTotpSeed) ? totpSeed : null,
            CivicClaims.DemoIntegratorClientId,
            string.IsNullOrEmpty(options.ClientSecret) ? clientSecret : null));

        var logger = services.GetRequiredService<ILogger<DatabaseStartup>>();
        if (seeded)
        {
            LogSeeded(logger, options.Citizens);
        }

        Console.WriteLine($"""

            CivicHub demo
              Staff sign-ins (password for all: {(string.IsNullOrEmpty(options.StaffPassword) ? staffPassword : "as configured in Demo:StaffPassword")};
                codes: {(string.IsNullOrEmpty(options.StaffTotpSeed) ? "the start page shows each one's current code" : "computed from Demo:StaffTotpSeed, see docs/operations.md")}):
                {string.Join(", ", DemoStaff.All.Select(s => $"{s.UserName} ({s.Role.ToString().ToLowerInvariant()})"))}
              Integration client: {CivicClaims.DemoIntegratorClientId}, secret {(string.IsNullOrEmpty(options.ClientSecret) ? clientSecret : "as configured in Demo:ClientSecret")}
              Open311 api_key: {(string.IsNullOrEmpty(options.Open311ApiKey) ? open311Key : "as configured in Demo:Open311ApiKey")}   Open311: /open311/discovery.json
              Portal (citizens): /   API reference: /docs   OpenAPI: /openapi/v1.json   Health: /healthz

            """);
    }

    private static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', 'x').Replace('/', 'y');

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the demo jurisdiction with {Citizens} citizens")]
    private static partial void LogSeeded(ILogger logger, int citizens);
}
