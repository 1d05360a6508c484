using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace CivicHub.Bench;

/// <summary>
/// Fills the tables the server's migrations created with citizens (each with a phone identity), their cases and a
/// skewed spread of interactions over three years, by binary COPY; secondary indexes are dropped during the load and
/// rebuilt from their own definitions afterwards, then the tables are vacuumed and analysed.
/// </summary>
internal sealed class ViewsDataGenerator(string connectionString, int citizenCount, int interactionCount, int seed)
{
    private static readonly string[] Tables = ["Citizens", "ChannelIdentities", "Cases", "Interactions"];
    private static readonly string[] GivenNames =
        ["Ana", "Ben", "Carmen", "David", "Elena", "Farah", "George", "Hana", "Ivan", "Julia", "Kofi", "Lena", "Mateo", "Nora", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Victor", "Wei", "Yara", "Zoe"];

    private static readonly string[] FamilyNames =
        ["Garcia", "Smith", "Nguyen", "Johnson", "Okafor", "Brown", "Martinez", "Kowalski", "Lee", "Patel", "Rossi", "Haddad", "Silva", "Muller", "Tanaka", "Dubois", "Khan", "Lopez", "Novak", "Ivanova"];

    private static readonly string[] Districts = ["North", "South", "East", "West", "Central"];
    private static readonly string[] AgeBands = ["18-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+"];
    private static readonly string[] Streets = ["MAIN STREET", "ELM STREET", "PARK PLACE", "2 AVENUE", "OAK DRIVE", "RIVER ROAD"];
    private static readonly string[] OpenStatuses = ["Submitted", "Triaged", "InProgress", "WaitingOnCitizen"];
    private static readonly string[] StaffNames = ["Dana Whitfield", "Luis Ortega", "Sam Okafor", "311 Contact Centre"];

    private static readonly (string Channel, double Weight)[] Channels =
        [("Phone", 0.30), ("Sms", 0.20), ("Email", 0.20), ("Web", 0.20), ("Chat", 0.05), ("InPerson", 0.05)];

    private static readonly string[] Bodies =
    [
        "Calling about the pothole outside number 14, it is getting deeper.",
        "Any news on my request? I was told someone would call back this week.",
        "Thanks, the crew came this morning and fixed it.",
        "We have scheduled an inspection for next Tuesday between 9am and 12pm.",
        "The streetlight on the corner has been out for three nights now and the junction is very dark for people walking home.",
        "Your application has been received and is waiting for proof of address. Please upload a utility bill or bank statement.",
        "Can I pay the remaining balance in instalments?",
        "I would like to change the appointment to the afternoon if that is possible, I work mornings.",
        "Reminder: your case is waiting on a document from you.",
        "The bins on our street were not collected on Monday again. This is the third time this month and the bags are attracting rodents.",
        "Hello, I am writing on behalf of my mother who does not use email. She received a letter about her benefits review and we do not understand what she needs to send, could someone explain it by phone?",
        "Resolved: the abandoned vehicle was removed by the towing contractor.",
    ];

    public sealed record Summary(int Citizens, int Cases, int Interactions, int MaxInteractionsPerCitizen, TimeSpan Elapsed);

    public async Task<Summary> GenerateAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var random = new Random(seed);
        var now = DateTime.UtcNow;
        var from = now.AddYears(-3);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var services = await ReadServicesAsync(connection, cancellationToken);
        var references = new HashSet<string>(await ReadStringsAsync(connection, "SELECT \"Reference\" FROM \"Cases\"", cancellationToken), StringComparer.Ordinal);

        // Skewed load: interaction counts per citizen follow a log-normal spread, so a few citizens have hundreds.
        var weights = new double[citizenCount];
        for (var i = 0; i < citizenCount; i++)
        {
            weights[i] = Math.Exp(Gaussian(random));
        }

        var total = weights.Sum();
        var counts = weights.Select(w => (int)(interactionCount * w / total)).ToArray();
        for (var left = interactionCount - counts.Sum(); left > 0; left--)
        {
            counts[random.Next(citizenCount)]++;
        }

        await using (var replica = new NpgsqlCommand("SET session_replication_role = replica", connection))
        {
            // Skips the foreign-key triggers during the load; the generator writes consistent rows itself.
            await replica.ExecuteNonQueryAsync(cancellationToken);
        }

        var indexes = await DropSecondaryIndexesAsync(connection, cancellationToken);
        var cases = 0;
        try
        {
            var citizenIds = new Guid[citizenCount];
            var identityIds = new Guid[citizenCount];
            for (var i = 0; i < citizenCount; i++)
            {
                citizenIds[i] = NewGuid(random);
                identityIds[i] = NewGuid(random);
            }

            await using (var protection = new ServerFieldProtection(connectionString))
            {
                await CopyCitizensAsync(connection, protection, random, citizenIds, identityIds, counts, from, cancellationToken);
            }

            var plan = PlanCasesAndInteractions(random, citizenIds, counts, services, references, from, now);
            cases = plan.Cases.Count;
            await CopyCasesAsync(connection, plan.Cases, citizenIds, services, cancellationToken);
            await CopyInteractionsAsync(connection, plan.Interactions, citizenIds, identityIds, plan.Cases, random, cancellationToken);
        }
        finally
        {
            await RecreateIndexesAsync(connection, indexes, cancellationToken);
        }

        await using (var vacuum = new NpgsqlCommand($"VACUUM (ANALYZE) {string.Join(", ", Tables.Select(t => $"\"{t}\""))}", connection) { CommandTimeout = 0 })
        {
            await vacuum.ExecuteNonQueryAsync(cancellationToken);
        }

        return new Summary(citizenCount, cases, interactionCount, counts.Max(), clock.Elapsed);
    }

    private sealed record ServiceRow(int Id, int DepartmentId, int QueueId, string Name, int SlaHours);

    private readonly record struct CaseRow(Guid Id, int Citizen, string Reference, int Service, string Status, DateTime Created, DateTime Updated, string Channel);

    private readonly record struct InteractionRow(int Citizen, int Case, string Channel, bool Inbound, DateTime OccurredAt, int Body);

    private sealed record Plan(List<CaseRow> Cases, List<InteractionRow> Interactions);

    private static Plan PlanCasesAndInteractions(
        Random random, Guid[] citizenIds, int[] counts, List<ServiceRow> services, HashSet<string> references, DateTime from, DateTime now)
    {
        var cases = new List<CaseRow>(counts.Sum() / 4 + citizenIds.Length);
        var interactions = new List<InteractionRow>(counts.Sum());
        var span = (now.AddHours(-1) - from).Ticks;
        var referenceNumber = random.NextInt64(1_000_000, 1_000_000_000);
        for (var citizen = 0; citizen < citizenIds.Length; citizen++)
        {
            var n = counts[citizen];
            if (n == 0)
            {
                continue;
            }

            var times = new DateTime[n];
            for (var k = 0; k < n; k++)
            {
                times[k] = from.AddTicks(random.NextInt64(span));
            }

            Array.Sort(times);
            var caseCount = Math.Max(1, (int)Math.Round(n / 4.0));
            for (var j = 0; j < caseCount; j++)
            {
                // Case j owns the j-th slice of the citizen's contacts in time and is opened by the first of them.
                var start = j * n / caseCount;
                var end = ((j + 1) * n / caseCount) - 1;
                string reference;
                do
                {
                    reference = Reference(referenceNumber++);
                }
                while (!references.Add(reference));

                var status = times[end] < now.AddDays(-30)
                    ? (random.NextDouble() < 0.7 ? "Closed" : "Resolved")
                    : OpenStatuses[random.Next(OpenStatuses.Length)];
                var caseIndex = cases.Count;
                var caseChannel = PickChannel(random);
                cases.Add(new CaseRow(NewGuid(random), citizen, reference, random.Next(services.Count), status, times[start], times[end], caseChannel));
                for (var k = start; k <= end; k++)
                {
                    var opensCase = k == start;
                    var linked = opensCase || random.NextDouble() < 0.85;
                    var channel = opensCase ? caseChannel : PickChannel(random);
                    interactions.Add(new InteractionRow(citizen, linked ? caseIndex : -1, channel, opensCase || random.NextDouble() < 0.55, times[k], random.Next(Bodies.Length)));
                }
            }
        }

        return new Plan(cases, interactions);
    }

    private async Task CopyCitizensAsync(
        NpgsqlConnection connection, ServerFieldProtection protection, Random random, Guid[] citizenIds, Guid[] identityIds, int[] counts, DateTime from,
        CancellationToken cancellationToken)
    {
        var created = new DateTime[citizenCount];
        await using (var copy = await connection.BeginBinaryImportAsync(
            """
            COPY "Citizens" ("Id", "GivenName", "FamilyName", "GivenKey", "FamilyKey", "DateOfBirth", "PreferredLanguage", "PreferredChannels",
                "IsProvisional", "CreatedAt", "UpdatedAt", "Addresses", "Demographics") FROM STDIN (FORMAT BINARY)
            """,
            cancellationToken))
        {
            for (var i = 0; i < citizenCount; i++)
            {
                var given = GivenNames[random.Next(GivenNames.Length)];
                var family = FamilyNames[random.Next(FamilyNames.Length)];
                created[i] = from.AddDays(-random.Next(1, 365));
                var address = $$"""[{"Kind": "home", "Line1": "{{random.Next(1, 999)}} {{Streets[random.Next(Streets.Length)]}}", "Line2": null, "City": "Springfield", "Region": "IL", "PostalCode": "627{{random.Next(10, 99)}}", "Country": "US"}]""";
                var demographics = $$"""{"AgeBand": "{{AgeBands[random.Next(AgeBands.Length)]}}", "AccessibilityNeeds": [], "District": "{{Districts[random.Next(Districts.Length)]}}"}""";
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(citizenIds[i], NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync(given, NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync(family, NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync(given.ToLowerInvariant(), NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync(family.ToLowerInvariant(), NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync(protection.DateOfBirth(new DateOnly(1940, 1, 1).AddDays(random.Next(365 * 65))), NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync(random.NextDouble() < 0.8 ? "en" : "es", NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync(random.NextDouble() < 0.5 ? "Sms,Email" : "Phone,Sms,Mail", NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync(false, NpgsqlDbType.Boolean, cancellationToken);
                await copy.WriteAsync(created[i], NpgsqlDbType.TimestampTz, cancellationToken);
                await copy.WriteAsync(created[i], NpgsqlDbType.TimestampTz, cancellationToken);
                await copy.WriteAsync(address, NpgsqlDbType.Jsonb, cancellationToken);
                await copy.WriteAsync(protection.Demographics(demographics), NpgsqlDbType.Varchar, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY \"ChannelIdentities\" (\"Id\", \"CitizenId\", \"Kind\", \"Value\", \"Display\", \"Verified\", \"CreatedAt\") FROM STDIN (FORMAT BINARY)",
            cancellationToken))
        {
            for (var i = 0; i < citizenCount; i++)
            {
                // Area code 311 is never a real one, so these numbers cannot clash with the demo's.
                var line = i % 10_000_000;
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(identityIds[i], NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync(citizenIds[i], NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync("Phone", NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync($"+1311{line:D7}", NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync($"(311) {line / 10_000:D3}-{line % 10_000:D4}", NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync(counts[i] > 0, NpgsqlDbType.Boolean, cancellationToken);
                await copy.WriteAsync(created[i], NpgsqlDbType.TimestampTz, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }
    }

    private static async Task CopyCasesAsync(
        NpgsqlConnection connection, List<CaseRow> cases, Guid[] citizenIds, List<ServiceRow> services, CancellationToken cancellationToken)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            """
            COPY "Cases" ("Id", "Reference", "CitizenId", "ServiceId", "DepartmentId", "QueueId", "Status", "Priority", "Title", "Description",
                "OriginChannel", "CreatedAt", "UpdatedAt", "SlaDueAt", "ResolvedAt", "ClosedAt", "Version") FROM STDIN (FORMAT BINARY)
            """,
            cancellationToken);
        foreach (var row in cases)
        {
            var service = services[row.Service];
            var done = row.Status is "Resolved" or "Closed";
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(row.Id, NpgsqlDbType.Uuid, cancellationToken);
            await copy.WriteAsync(row.Reference, NpgsqlDbType.Varchar, cancellationToken);
            await copy.WriteAsync(citizenIds[row.Citizen], NpgsqlDbType.Uuid, cancellationToken);
            await copy.WriteAsync(service.Id, NpgsqlDbType.Integer, cancellationToken);
            await copy.WriteAsync(service.DepartmentId, NpgsqlDbType.Integer, cancellationToken);
            await copy.WriteAsync(service.QueueId, NpgsqlDbType.Integer, cancellationToken);
            await copy.WriteAsync(row.Status, NpgsqlDbType.Varchar, cancellationToken);
            await copy.WriteAsync("Normal", NpgsqlDbType.Varchar, cancellationToken);
            await copy.WriteAsync(service.Name, NpgsqlDbType.Varchar, cancellationToken);
            await copy.WriteAsync(Bodies[row.Reference[0] % Bodies.Length], NpgsqlDbType.Varchar, cancellationToken);
            await copy.WriteAsync(row.Channel, NpgsqlDbType.Varchar, cancellationToken);
            await copy.WriteAsync(row.Created, NpgsqlDbType.TimestampTz, cancellationToken);
            await copy.WriteAsync(row.Updated, NpgsqlDbType.TimestampTz, cancellationToken);
            await copy.WriteAsync(row.Created.AddHours(service.SlaHours > 0 ? service.SlaHours : 72), NpgsqlDbType.TimestampTz, cancellationToken);
            if (done)
            {
                await copy.WriteAsync(row.Updated, NpgsqlDbType.TimestampTz, cancellationToken);
            }
            else
            {
                await copy.WriteNullAsync(cancellationToken);
            }

            if (row.Status == "Closed")
            {
                await copy.WriteAsync(row.Updated.AddDays(1), NpgsqlDbType.TimestampTz, cancellationToken);
            }
            else
            {
                await copy.WriteNullAsync(cancellationToken);
            }

            await copy.WriteAsync(0, NpgsqlDbType.Integer, cancellationToken);
        }

        await copy.CompleteAsync(cancellationToken);
    }

    private static async Task CopyInteractionsAsync(
        NpgsqlConnection connection, List<InteractionRow> interactions, Guid[] citizenIds, Guid[] identityIds, List<CaseRow> cases, Random random, CancellationToken cancellationToken)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            """
            COPY "Interactions" ("CitizenId", "CaseId", "ChannelIdentityId", "Channel", "Direction", "OccurredAt", "RecordedAt", "Subject", "Body",
                "Author", "AuthorName") FROM STDIN (FORMAT BINARY)
            """,
            cancellationToken);
        foreach (var row in interactions)
        {
            var citizenId = citizenIds[row.Citizen];
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(citizenId, NpgsqlDbType.Uuid, cancellationToken);
            if (row.Case >= 0)
            {
                await copy.WriteAsync(cases[row.Case].Id, NpgsqlDbType.Uuid, cancellationToken);
            }
            else
            {
                await copy.WriteNullAsync(cancellationToken);
            }

            if (row.Channel is "Phone" or "Sms")
            {
                await copy.WriteAsync(identityIds[row.Citizen], NpgsqlDbType.Uuid, cancellationToken);
            }
            else
            {
                await copy.WriteNullAsync(cancellationToken);
            }

            await copy.WriteAsync(row.Channel, NpgsqlDbType.Varchar, cancellationToken);
            await copy.WriteAsync(row.Inbound ? "Inbound" : "Outbound", NpgsqlDbType.Varchar, cancellationToken);
            await copy.WriteAsync(row.OccurredAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await copy.WriteAsync(row.OccurredAt.AddSeconds(random.Next(1, 120)), NpgsqlDbType.TimestampTz, cancellationToken);
            if (row.Channel == "Email")
            {
                await copy.WriteAsync(row.Case >= 0 ? $"Re: case {cases[row.Case].Reference}" : "Question for the council", NpgsqlDbType.Varchar, cancellationToken);
            }
            else
            {
                await copy.WriteNullAsync(cancellationToken);
            }

            await copy.WriteAsync(Bodies[row.Body], NpgsqlDbType.Varchar, cancellationToken);
            await copy.WriteAsync(row.Inbound ? $"citizen:{citizenId}" : "staff", NpgsqlDbType.Varchar, cancellationToken);
            await copy.WriteAsync(row.Inbound ? "Citizen" : StaffNames[row.Body % StaffNames.Length], NpgsqlDbType.Varchar, cancellationToken);
        }

        await copy.CompleteAsync(cancellationToken);
    }

    private static async Task<List<(string Name, string Definition)>> DropSecondaryIndexesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var indexes = new List<(string, string)>();
        await using (var read = new NpgsqlCommand(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY($1) AND indexname NOT LIKE 'PK\\_%'",
            connection)
        { Parameters = { new() { Value = Tables } } })
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

    private static async Task RecreateIndexesAsync(NpgsqlConnection connection, List<(string Name, string Definition)> indexes, CancellationToken cancellationToken)
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

    private static async Task<List<ServiceRow>> ReadServicesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT s."Id", s."DepartmentId", q."Id", s."Name", s."SlaHours"
            FROM "Services" s
            JOIN LATERAL (SELECT "Id" FROM "Queues" WHERE "DepartmentId" = s."DepartmentId" ORDER BY "IsDefault" DESC, "Id" LIMIT 1) q ON true
            WHERE s."Active"
            ORDER BY s."Id"
            """,
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var services = new List<ServiceRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            services.Add(new ServiceRow(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetString(3), reader.GetInt32(4)));
        }

        return services.Count > 0 ? services : throw new InvalidOperationException("The demo catalog has no active services.");
    }

    private static async Task<List<string>> ReadStringsAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var values = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private static string PickChannel(Random random)
    {
        var roll = random.NextDouble();
        foreach (var (channel, weight) in Channels)
        {
            roll -= weight;
            if (roll < 0)
            {
                return channel;
            }
        }

        return Channels[0].Channel;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());

    internal static Guid NewGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    /// <summary>A valid case reference ("XXXX-XXXX", Luhn mod 30 check character) made from a number, so none repeat.</summary>
    internal static string Reference(long number)
    {
        const string alphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
        Span<char> chars = stackalloc char[8];
        for (var i = 6; i >= 0; i--)
        {
            chars[i] = alphabet[(int)(number % 30)];
            number /= 30;
        }

        var factor = 2;
        var sum = 0;
        for (var i = 6; i >= 0; i--)
        {
            var addend = factor * alphabet.IndexOf(chars[i], StringComparison.Ordinal);
            factor = factor == 2 ? 1 : 2;
            sum += (addend / 30) + (addend % 30);
        }

        chars[7] = alphabet[(30 - (sum % 30)) % 30];
        return string.Concat(chars[..4], "-", chars[4..]);
    }
}
