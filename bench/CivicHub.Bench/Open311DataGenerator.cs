using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace CivicHub.Bench;

/// <summary>
/// Fills the Cases table with cases of the public Open311 services (those with PublicRequests), spread evenly over the
/// last two years of CreatedAt and owned by the citizens already in the database, by binary COPY; the table's
/// secondary indexes are dropped during the load and rebuilt from their own definitions, then it is vacuumed and
/// analysed. Older cases are mostly resolved or closed, recent ones mostly open, as on a live feed.
/// </summary>
internal sealed class Open311DataGenerator(string connectionString, int caseCount, TimeSpan span, int seed)
{
    private static readonly string[] OpenStatuses = ["Submitted", "Triaged", "InProgress", "WaitingOnCitizen"];
    private static readonly string[] Channels = ["Web", "Phone", "Sms", "Email", "Open311"];
    private static readonly string[] Streets = ["Main Street", "Elm Street", "Park Place", "2nd Avenue", "Oak Drive", "River Road", "Lincoln Way"];

    private static readonly string[] Descriptions =
    [
        "Large pothole in the right lane, cars are swerving around it.",
        "Streetlight out at the corner, very dark at night.",
        "Overflowing bins on the sidewalk since the weekend.",
        "Graffiti on the wall of the underpass.",
        "Abandoned car parked for three weeks, flat tyres.",
        "Broken swing in the playground.",
    ];

    public sealed record ServiceRow(int Id, string Code, int DepartmentId, int QueueId, string Name, int SlaHours);

    public sealed record Summary(int Cases, int Services, DateTime From, DateTime To, TimeSpan Elapsed);

    public static async Task<List<ServiceRow>> ReadPublicServicesAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT s."Id", s."Code", s."DepartmentId", q."Id", s."Name", s."SlaHours"
            FROM "Services" s
            JOIN LATERAL (SELECT "Id" FROM "Queues" WHERE "DepartmentId" = s."DepartmentId" ORDER BY "IsDefault" DESC, "Id" LIMIT 1) q ON true
            WHERE s."Active" AND s."PublicRequests"
            ORDER BY s."Id"
            """,
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var services = new List<ServiceRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            services.Add(new ServiceRow(reader.GetInt32(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetString(4), reader.GetInt32(5)));
        }

        return services.Count > 0 ? services : throw new InvalidOperationException("The demo catalog has no active public (Open311) services.");
    }

    public async Task<Summary> GenerateAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var random = new Random(seed);
        var to = DateTime.UtcNow.AddHours(-1);
        var from = to - span;
        var services = await ReadPublicServicesAsync(connectionString, cancellationToken);
        var citizens = await Postgres.ReadIdsAsync(connectionString, "SELECT \"Id\" FROM \"Citizens\" WHERE \"MergedIntoId\" IS NULL", cancellationToken);
        if (citizens.Count == 0)
        {
            throw new InvalidOperationException("Generate citizens before their cases.");
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var references = new HashSet<string>(StringComparer.Ordinal);
        await using (var read = new NpgsqlCommand("SELECT \"Reference\" FROM \"Cases\"", connection))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                references.Add(reader.GetString(0));
            }
        }

        await using (var replica = new NpgsqlCommand("SET session_replication_role = replica", connection))
        {
            // Skips the foreign-key triggers during the load; every row references an existing citizen and service.
            await replica.ExecuteNonQueryAsync(cancellationToken);
        }

        var indexes = await DropSecondaryIndexesAsync(connection, cancellationToken);
        try
        {
            await CopyCasesAsync(connection, random, services, citizens, references, from, cancellationToken);
        }
        finally
        {
            await using (var memory = new NpgsqlCommand("SET maintenance_work_mem = '512MB'", connection))
            {
                await memory.ExecuteNonQueryAsync(cancellationToken);
            }

            foreach (var (_, definition) in indexes)
            {
                await using var create = new NpgsqlCommand(definition, connection) { CommandTimeout = 0 };
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await using (var vacuum = new NpgsqlCommand("VACUUM (ANALYZE) \"Cases\"", connection) { CommandTimeout = 0 })
        {
            await vacuum.ExecuteNonQueryAsync(cancellationToken);
        }

        return new Summary(caseCount, services.Count, from, to, clock.Elapsed);
    }

    private async Task CopyCasesAsync(
        NpgsqlConnection connection, Random random, List<ServiceRow> services, List<Guid> citizens, HashSet<string> references, DateTime from,
        CancellationToken cancellationToken)
    {
        var spanTicks = span.Ticks;
        var referenceNumber = random.NextInt64(1_000_000, 1_000_000_000);
        await using var copy = await connection.BeginBinaryImportAsync(
            """
            COPY "Cases" ("Id", "Reference", "CitizenId", "ServiceId", "DepartmentId", "QueueId", "Status", "Priority", "Title", "Description",
                "Latitude", "Longitude", "LocationAddress", "OriginChannel", "CreatedAt", "UpdatedAt", "SlaDueAt", "ResolvedAt", "ClosedAt", "Version")
            FROM STDIN (FORMAT BINARY)
            """,
            cancellationToken);
        for (var i = 0; i < caseCount; i++)
        {
            var service = services[random.Next(services.Count)];
            var created = from.AddTicks(random.NextInt64(spanTicks));
            var ageDays = (from + span - created).TotalDays;

            // A case older than a month is nearly always done; a recent one is more often still open.
            var done = random.NextDouble() < (ageDays > 30 ? 0.95 : 0.45);
            var status = done ? (random.NextDouble() < 0.6 ? "Closed" : "Resolved") : OpenStatuses[random.Next(OpenStatuses.Length)];
            var updated = created.AddHours(random.Next(1, done ? 24 * 20 : 48));
            string reference;
            do
            {
                reference = ViewsDataGenerator.Reference(referenceNumber++);
            }
            while (!references.Add(reference));

            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(ViewsDataGenerator.NewGuid(random), NpgsqlDbType.Uuid, cancellationToken);
            await copy.WriteAsync(reference, NpgsqlDbType.Varchar, cancellationToken);
            await copy.WriteAsync(citizens[random.Next(citizens.Count)], NpgsqlDbType.Uuid, cancellationToken);
            await copy.WriteAsync(service.Id, NpgsqlDbType.Integer, cancellationToken);
            await copy.WriteAsync(service.DepartmentId, NpgsqlDbType.Integer, cancellationToken);
            await copy.WriteAsync(service.QueueId, NpgsqlDbType.Integer, cancellationToken);
            await copy.WriteAsync(status, NpgsqlDbType.Varchar, cancellationToken);
            await copy.WriteAsync("Normal", NpgsqlDbType.Varchar, cancellationToken);
            await copy.WriteAsync(service.Name, NpgsqlDbType.Varchar, cancellationToken);
            await copy.WriteAsync(Descriptions[random.Next(Descriptions.Length)], NpgsqlDbType.Varchar, cancellationToken);
            await copy.WriteAsync(39.78 + (random.NextDouble() * 0.1), NpgsqlDbType.Double, cancellationToken);
            await copy.WriteAsync(-89.70 + (random.NextDouble() * 0.1), NpgsqlDbType.Double, cancellationToken);
            await copy.WriteAsync($"{random.Next(1, 2000)} {Streets[random.Next(Streets.Length)]}, Springfield", NpgsqlDbType.Varchar, cancellationToken);
            await copy.WriteAsync(Channels[random.Next(Channels.Length)], NpgsqlDbType.Varchar, cancellationToken);
            await copy.WriteAsync(created, NpgsqlDbType.TimestampTz, cancellationToken);
            await copy.WriteAsync(updated, NpgsqlDbType.TimestampTz, cancellationToken);
            await copy.WriteAsync(created.AddHours(service.SlaHours > 0 ? service.SlaHours : 72), NpgsqlDbType.TimestampTz, cancellationToken);
            if (done)
            {
                await copy.WriteAsync(updated, NpgsqlDbType.TimestampTz, cancellationToken);
            }
            else
            {
                await copy.WriteNullAsync(cancellationToken);
            }

            if (status == "Closed")
            {
                await copy.WriteAsync(updated.AddDays(1), NpgsqlDbType.TimestampTz, cancellationToken);
            }
            else
            {
                await copy.WriteNullAsync(cancellationToken);
            }

            await copy.WriteAsync(0, NpgsqlDbType.Integer, cancellationToken);
        }

        await copy.CompleteAsync(cancellationToken);
    }

    private static async Task<List<(string Name, string Definition)>> DropSecondaryIndexesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var indexes = new List<(string, string)>();
        await using (var read = new NpgsqlCommand(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'Cases' AND indexname NOT LIKE 'PK\\_%'",
            connection))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                indexes.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in indexes)
        {
            await using var drop = new NpgsqlCommand($"DROP INDEX \"{name}\"", connection);
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }

        return indexes;
    }
}
