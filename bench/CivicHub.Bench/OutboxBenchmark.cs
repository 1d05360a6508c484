using System.Diagnostics;
using System.Globalization;
using CivicHub.Core;
using CivicHub.Core.Citizens;
using CivicHub.Core.Data;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outreach;
using CivicHub.Core.Outreach.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CivicHub.Bench;

/// <summary>
/// Outbox delivery rate: queued messages sent through a stand-in channel sender by the real dispatcher (claim, send,
/// outcome and timeline entry committed per message), against the raw cost of claiming and marking the same rows
/// sent with plain SQL, and against the same dispatcher sending one message at a time. The sender answers after
/// <c>--provider-ms</c>, as a real provider does in tens to hundreds of milliseconds. In process, on PostgreSQL,
/// the three alternated per round.
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
        var citizens = args.Int("citizens", 50);
        var providerDelay = TimeSpan.FromMilliseconds(args.Int("provider-ms", 0));
        args.RejectUnknown();

        await postgres.RecreateAsync(name, cancellationToken);
        var connectionString = postgres.Database(name);
        await using var concurrent = Dispatchers(connectionString, batch, concurrentSends: null, providerDelay);
        await using var oneAtATime = Dispatchers(connectionString, batch, concurrentSends: 1, providerDelay);
        var concurrentSends = concurrent.GetRequiredService<IOptions<OutreachOptions>>().Value.ConcurrentSends;
        Console.WriteLine($"outbox: {rounds} x (raw, one at a time, {concurrentSends} at a time), {messages} messages each for {citizens} citizens, batch {batch}, provider answers after {providerDelay.TotalMilliseconds:F0} ms");
        Console.WriteLine($"PostgreSQL {await postgres.DescribeAsync(cancellationToken)}");

        var recipients = await SetUpAsync(concurrent, citizens, cancellationToken);
        var table = new MarkdownTable(
            "round", "raw claim + mark sent (rows/s)", "dispatcher, one at a time (messages/s)", $"dispatcher, {concurrentSends} at a time (messages/s)", "ratio to raw", "ratio to one at a time");
        var ratios = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            await QueueAsync(connectionString, recipients, messages, cancellationToken);
            var raw = Rate(await RawAsync(connectionString, batch, cancellationToken));
            await QueueAsync(connectionString, recipients, messages, cancellationToken);
            var single = Rate(await DispatchAsync(oneAtATime, cancellationToken));
            await QueueAsync(connectionString, recipients, messages, cancellationToken);
            var rate = Rate(await DispatchAsync(concurrent, cancellationToken));
            ratios.Add(rate / raw);
            Console.WriteLine($"  round {round}: raw {raw,8:F0} rows/s   one at a time {single,8:F0} messages/s   {concurrentSends} at a time {rate,8:F0} messages/s   ratio {rate / raw:F2} to raw, {rate / single:F2} to one at a time");
            table.Add(round.ToString(CultureInfo.InvariantCulture), F0(raw), F0(single), F0(rate), (rate / raw).ToString("F2", CultureInfo.InvariantCulture), (rate / single).ToString("F2", CultureInfo.InvariantCulture));
        }

        Console.WriteLine();
        Console.WriteLine(table);
        Console.WriteLine($"median ratio to raw {ratios.Order().ElementAt(ratios.Count / 2):F2}");
        return 0;
    }

    private static double Rate((int Count, TimeSpan Elapsed) run) => run.Count / run.Elapsed.TotalSeconds;

    private static string F0(double value) => value.ToString("F0", CultureInfo.InvariantCulture);

    /// <summary>CivicHub's services with the stand-in sender; <paramref name="concurrentSends"/> null keeps the default.</summary>
    private static ServiceProvider Dispatchers(string connectionString, int batch, int? concurrentSends, TimeSpan providerDelay)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:CivicHub"] = connectionString,
            ["Outreach:BatchSize"] = batch.ToString(CultureInfo.InvariantCulture),
        };
        if (concurrentSends is { } sends)
        {
            settings["Outreach:ConcurrentSends"] = sends.ToString(CultureInfo.InvariantCulture);
        }

        var services = new ServiceCollection().AddLogging();
        services.AddCivicHubCore(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddSingleton<IChannelSender>(new StandInSender(providerDelay));
        return services.BuildServiceProvider();
    }

    private static async Task<List<(Guid CitizenId, Guid IdentityId, string Phone)>> SetUpAsync(IServiceProvider provider, int count, CancellationToken cancellationToken)
    {
        using var scope = provider.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CivicHubDb>();
        await db.Database.MigrateAsync(cancellationToken);
        var now = DateTime.UtcNow;
        var recipients = new List<(Guid, Guid, string)>();
        for (var i = 0; i < count; i++)
        {
            var phone = $"+1312555{i:D4}";
            var citizen = new Citizen { Id = Guid.CreateVersion7(), CreatedAt = now, UpdatedAt = now, PreferredChannels = [Channel.Sms] };
            var identity = new ChannelIdentity { Id = Guid.CreateVersion7(), CitizenId = citizen.Id, Kind = IdentityKind.Phone, Value = phone, Display = phone, CreatedAt = now };
            citizen.Identities.Add(identity);
            db.Citizens.Add(citizen);
            recipients.Add((citizen.Id, identity.Id, phone));
        }

        await db.SaveChangesAsync(cancellationToken);
        return recipients;
    }

    /// <summary>Queues the messages for the citizens in turn, all due now.</summary>
    private static async Task QueueAsync(string connectionString, List<(Guid CitizenId, Guid IdentityId, string Phone)> recipients, int count, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var importer = await connection.BeginBinaryImportAsync(
            """COPY "OutboundMessages" ("Id", "NotificationId", "CitizenId", "Channel", "ChannelIdentityId", "Recipient", "Body", "Language", "Author", "Status", "Attempts", "NextAttemptAt", "CreatedAt") FROM STDIN (FORMAT BINARY)""",
            cancellationToken);
        var now = DateTime.UtcNow.AddSeconds(-1);
        for (var i = 0; i < count; i++)
        {
            var (citizenId, identityId, phone) = recipients[i % recipients.Count];
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(Guid.CreateVersion7(), cancellationToken);
            await importer.WriteAsync(Guid.NewGuid(), cancellationToken);
            await importer.WriteAsync(citizenId, cancellationToken);
            await importer.WriteAsync("Sms", cancellationToken);
            await importer.WriteAsync(identityId, cancellationToken);
            await importer.WriteAsync(phone, cancellationToken);
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

    /// <summary>Accepts every message after the delay a provider's answer takes.</summary>
    private sealed class StandInSender(TimeSpan delay) : IChannelSender
    {
        public Channel Channel => Channel.Sms;

        public async Task<SendResult> SendAsync(ChannelSend message, CancellationToken cancellationToken)
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, cancellationToken);
            }

            return SendResult.Sent($"stand-in-{message.MessageId:N}");
        }
    }
}
