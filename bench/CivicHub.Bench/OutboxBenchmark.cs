using System.Diagnostics;
using System.Globalization;
using CivicHub.Core;
using CivicHub.Core.Citizens;
using CivicHub.Core.Data;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outreach;
using CivicHub.Core.Outreach.Outbox;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CivicHub.Bench;

/// <summary>
/// Outbox delivery rate: queued messages sent through a no-op channel sender by the real dispatcher (claim, send,
/// outcome and timeline entry committed per message), against the raw cost of claiming and marking the same rows
/// sent with plain SQL. In process, on PostgreSQL, alternated baseline and dispatcher per round.
/// </summary>
internal static class OutboxBenchmark
{
    public static async Task<int> RunAsync(BenchArgs args, CancellationToken cancellationToken)
    {
        var postgres = Postgres.From(args);
        var name = args.String("database", "civichub_bench_outbox");
        var messages = args.Int("messages", 3000);
        var rounds = args.Int("rounds", 3);
        var batch = args.Int("batch", 50);
        args.RejectUnknown();

        await postgres.RecreateAsync(name, cancellationToken);
        var connectionString = postgres.Database(name);
        Console.WriteLine($"outbox: {rounds} x (raw, dispatcher), {messages} messages each, batch {batch}");
        Console.WriteLine($"PostgreSQL {await postgres.DescribeAsync(cancellationToken)}");

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:CivicHub"] = connectionString,
            ["Outreach:BatchSize"] = batch.ToString(CultureInfo.InvariantCulture),
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddCivicHubCore(configuration);
        services.AddSingleton<IChannelSender>(new NoOpSender());
        await using var provider = services.BuildServiceProvider();

        var (citizenId, identityId) = await SetUpAsync(provider, cancellationToken);
        var table = new MarkdownTable("round", "raw claim + mark sent (rows/s)", "dispatcher (messages/s)", "ratio");
        var ratios = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            await QueueAsync(connectionString, citizenId, identityId, messages, cancellationToken);
            var raw = await RawAsync(connectionString, batch, cancellationToken);
            await QueueAsync(connectionString, citizenId, identityId, messages, cancellationToken);
            var dispatched = await DispatchAsync(provider, cancellationToken);
            var rawRate = raw.Count / raw.Elapsed.TotalSeconds;
            var rate = dispatched.Count / dispatched.Elapsed.TotalSeconds;
            ratios.Add(rate / rawRate);
            Console.WriteLine($"  round {round}: raw {rawRate,8:F0} rows/s   dispatcher {rate,8:F0} messages/s   ratio {rate / rawRate:F2}");
            table.Add(round.ToString(CultureInfo.InvariantCulture), rawRate.ToString("F0", CultureInfo.InvariantCulture), rate.ToString("F0", CultureInfo.InvariantCulture), (rate / rawRate).ToString("F2", CultureInfo.InvariantCulture));
        }

        Console.WriteLine();
        Console.WriteLine(table);
        Console.WriteLine($"median ratio {ratios.Order().ElementAt(ratios.Count / 2):F2}");
        return 0;
    }

    private static async Task<(Guid CitizenId, Guid IdentityId)> SetUpAsync(IServiceProvider provider, CancellationToken cancellationToken)
    {
        using var scope = provider.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CivicHubDb>();
        await db.Database.MigrateAsync(cancellationToken);
        var now = DateTime.UtcNow;
        var citizen = new Citizen { Id = Guid.CreateVersion7(), CreatedAt = now, UpdatedAt = now, PreferredChannels = [Channel.Sms] };
        var identity = new ChannelIdentity { Id = Guid.CreateVersion7(), CitizenId = citizen.Id, Kind = IdentityKind.Phone, Value = "+13125550199", Display = "+1 312 555 0199", CreatedAt = now };
        citizen.Identities.Add(identity);
        db.Citizens.Add(citizen);
        await db.SaveChangesAsync(cancellationToken);
        return (citizen.Id, identity.Id);
    }

    private static async Task QueueAsync(string connectionString, Guid citizenId, Guid identityId, int count, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var importer = await connection.BeginBinaryImportAsync(
            """COPY "OutboundMessages" ("Id", "NotificationId", "CitizenId", "Channel", "ChannelIdentityId", "Recipient", "Body", "Language", "Author", "Status", "Attempts", "NextAttemptAt", "CreatedAt") FROM STDIN (FORMAT BINARY)""",
            cancellationToken);
        var now = DateTime.UtcNow.AddSeconds(-1);
        for (var i = 0; i < count; i++)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(Guid.CreateVersion7(), cancellationToken);
            await importer.WriteAsync(Guid.NewGuid(), cancellationToken);
            await importer.WriteAsync(citizenId, cancellationToken);
            await importer.WriteAsync("Sms", cancellationToken);
            await importer.WriteAsync(identityId, cancellationToken);
            await importer.WriteAsync("+13125550199", cancellationToken);
            await importer.WriteAsync($"Your request K7M4-9QX2 is now: in progress. ({i})", cancellationToken);
            await importer.WriteAsync("en", cancellationToken);
            await importer.WriteAsync("system", cancellationToken);
            await importer.WriteAsync("Queued", cancellationToken);
            await importer.WriteAsync(0, cancellationToken);
            await importer.WriteAsync(now, NpgsqlTypes.NpgsqlDbType.TimestampTz, cancellationToken);
            await importer.WriteAsync(now, NpgsqlTypes.NpgsqlDbType.TimestampTz, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    /// <summary>The floor: claim a batch with one conditional update, then mark each row sent in its own statement.</summary>
    private static async Task<(int Count, TimeSpan Elapsed)> RawAsync(string connectionString, int batch, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        var total = 0;
        while (true)
        {
            var claimed = new List<Guid>();
            await using (var claim = new NpgsqlCommand(
                """
                UPDATE "OutboundMessages" SET "Status" = 'Sending', "LeaseUntil" = now() + interval '2 minutes', "ClaimToken" = $1
                WHERE "Id" IN (SELECT "Id" FROM "OutboundMessages" WHERE "Status" = 'Queued' AND "NextAttemptAt" <= now() ORDER BY "NextAttemptAt" LIMIT $2)
                RETURNING "Id"
                """,
                connection)
            { Parameters = { new() { Value = Guid.NewGuid() }, new() { Value = batch } } })
            await using (var reader = await claim.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    claimed.Add(reader.GetGuid(0));
                }
            }

            if (claimed.Count == 0)
            {
                return (total, clock.Elapsed);
            }

            foreach (var id in claimed)
            {
                await using var sent = new NpgsqlCommand(
                    """UPDATE "OutboundMessages" SET "Status" = 'Sent', "ProviderMessageId" = $2, "SentAt" = now(), "Attempts" = 1, "LeaseUntil" = NULL, "ClaimToken" = NULL WHERE "Id" = $1""",
                    connection)
                { Parameters = { new() { Value = id }, new() { Value = $"raw-{id:N}" } } };
                await sent.ExecuteNonQueryAsync(cancellationToken);
                total++;
            }
        }
    }

    private static async Task<(int Count, TimeSpan Elapsed)> DispatchAsync(IServiceProvider provider, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var total = 0;
        while (true)
        {
            using var scope = provider.CreateScope();
            var sent = await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().RunOnceAsync(cancellationToken);
            if (sent == 0)
            {
                return (total, clock.Elapsed);
            }

            total += sent;
        }
    }

    private sealed class NoOpSender : IChannelSender
    {
        public Channel Channel => Channel.Sms;

        public Task<SendResult> SendAsync(ChannelSend message, CancellationToken cancellationToken) =>
            Task.FromResult(SendResult.Sent($"noop-{message.MessageId:N}"));
    }
}
