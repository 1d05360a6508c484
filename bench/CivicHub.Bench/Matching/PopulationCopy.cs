using System.Diagnostics;
using System.Text.Json;
using CivicHub.Core.Citizens;
using CivicHub.Core.Citizens.Matching;
using CivicHub.Core.Privacy.Protection;
using Npgsql;
using NpgsqlTypes;

namespace CivicHub.Bench.Matching;

/// <summary>
/// Writes an existing population straight into a migrated database by binary COPY, as if it had been imported:
/// citizens with their address, a phone identity for those who have one, and the CitizenMatchProfiles and
/// CitizenMatchKeys rows computed by the real <see cref="CitizenMatchProfile.Of"/> and <see cref="BlockingKeys.Of"/>,
/// so an import's blocking finds them. Secondary indexes (and the keys' primary key) are dropped during the load and
/// rebuilt from their own definitions, then the tables are analysed. Personal fields are stored as CivicHub stores them:
/// dates of birth, demographics and national ids encrypted, blocking keys hashed, with the field protection of the
/// benchmark's own contexts (<see cref="FieldProtection.Ephemeral"/>: they are made by hand, so keys live in memory).
/// </summary>
internal static class PopulationCopy
{
    private static readonly string[] Tables = ["Citizens", "ChannelIdentities", "CitizenMatchProfiles", "CitizenMatchKeys"];

    public sealed record Summary(int Citizens, int Phones, long Keys, TimeSpan Elapsed);

    /// <summary>The citizen id of person i: sequential, so the truth of a link can be checked without a lookup table.</summary>
    public static Guid CitizenIdOf(int person)
    {
        Span<byte> bytes = stackalloc byte[16];
        "bench-pp"u8.CopyTo(bytes);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes[8..], person);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    public static async Task<Summary> WriteAsync(string connectionString, int count, Func<int, ImportRun.Person> person, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var created = DateTime.UtcNow.AddYears(-1);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "SET session_replication_role = replica", cancellationToken);
        var indexes = new List<string>();
        await using (var read = new NpgsqlCommand(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY($1) AND indexname NOT LIKE 'PK\\_%'",
            connection)
        { Parameters = { new() { Value = Tables } } })
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                indexes.Add(reader.GetString(0));
                indexes.Add(reader.GetString(1));
            }
        }

        for (var i = 0; i < indexes.Count; i += 2)
        {
            await ExecuteAsync(connection, $"DROP INDEX \"{indexes[i]}\"", cancellationToken);
        }

        await ExecuteAsync(connection, "ALTER TABLE \"CitizenMatchKeys\" DROP CONSTRAINT \"PK_CitizenMatchKeys\"", cancellationToken);
        var phones = 0;
        long keys = 0;
        try
        {
            await using (var citizens = await connection.BeginBinaryImportAsync(
                """
                COPY "Citizens" ("Id", "GivenName", "FamilyName", "GivenKey", "FamilyKey", "DateOfBirth", "PreferredLanguage", "PreferredChannels",
                    "IsProvisional", "CreatedAt", "UpdatedAt", "Addresses", "Demographics") FROM STDIN (FORMAT BINARY)
                """,
                cancellationToken))
            {
                for (var i = 0; i < count; i++)
                {
                    var p = person(i);
                    var address = JsonSerializer.Serialize(new[] { new { Kind = "home", Line1 = $"{p.Number} {p.Street}", Line2 = (string?)null, City = p.Locality, Region = (string?)null, PostalCode = p.Postcode, Country = "US" } });
                    await citizens.StartRowAsync(cancellationToken);
                    await citizens.WriteAsync(CitizenIdOf(i), NpgsqlDbType.Uuid, cancellationToken);
                    await citizens.WriteAsync(p.Given, NpgsqlDbType.Varchar, cancellationToken);
                    await citizens.WriteAsync(p.Family, NpgsqlDbType.Varchar, cancellationToken);
                    await citizens.WriteAsync(NameKey.Of(p.Given), NpgsqlDbType.Varchar, cancellationToken);
                    await citizens.WriteAsync(NameKey.Of(p.Family), NpgsqlDbType.Varchar, cancellationToken);
                    await WriteTextAsync(citizens, DateOfBirth(p.Dob), cancellationToken);
                    await citizens.WriteAsync("en", NpgsqlDbType.Varchar, cancellationToken);
                    await citizens.WriteAsync("", NpgsqlDbType.Varchar, cancellationToken);
                    await citizens.WriteAsync(false, NpgsqlDbType.Boolean, cancellationToken);
                    await citizens.WriteAsync(created, NpgsqlDbType.TimestampTz, cancellationToken);
                    await citizens.WriteAsync(created, NpgsqlDbType.TimestampTz, cancellationToken);
                    await citizens.WriteAsync(address, NpgsqlDbType.Jsonb, cancellationToken);
                    await citizens.WriteAsync(
                        Protection.Protect(ProtectedFieldKind.Demographics, """{"AgeBand": null, "AccessibilityNeeds": [], "District": null}"""), NpgsqlDbType.Varchar, cancellationToken);
                }

                await citizens.CompleteAsync(cancellationToken);
            }

            await using (var identities = await connection.BeginBinaryImportAsync(
                "COPY \"ChannelIdentities\" (\"Id\", \"CitizenId\", \"Kind\", \"Value\", \"Display\", \"Verified\", \"CreatedAt\") FROM STDIN (FORMAT BINARY)",
                cancellationToken))
            {
                for (var i = 0; i < count; i++)
                {
                    if (person(i).Phone is not { } phone)
                    {
                        continue;
                    }

                    // The bench's phones are already in E.164, the form IdentityNormalizer stores.
                    await identities.StartRowAsync(cancellationToken);
                    await identities.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid, cancellationToken);
                    await identities.WriteAsync(CitizenIdOf(i), NpgsqlDbType.Uuid, cancellationToken);
                    await identities.WriteAsync("Phone", NpgsqlDbType.Varchar, cancellationToken);
                    await identities.WriteAsync(phone, NpgsqlDbType.Varchar, cancellationToken);
                    await identities.WriteAsync(phone, NpgsqlDbType.Varchar, cancellationToken);
                    await identities.WriteAsync(false, NpgsqlDbType.Boolean, cancellationToken);
                    await identities.WriteAsync(created, NpgsqlDbType.TimestampTz, cancellationToken);
                    phones++;
                }

                await identities.CompleteAsync(cancellationToken);
            }

            await using (var profiles = await connection.BeginBinaryImportAsync(
                """
                COPY "CitizenMatchProfiles" ("CitizenId", "GivenKey", "FamilyKey", "DateOfBirth", "StreetNumber", "Street", "Locality", "Postcode", "NationalId")
                FROM STDIN (FORMAT BINARY)
                """,
                cancellationToken))
            {
                for (var i = 0; i < count; i++)
                {
                    var profile = CitizenMatchProfile.Of(CitizenIdOf(i), RecordOf(person(i)));
                    await profiles.StartRowAsync(cancellationToken);
                    await profiles.WriteAsync(profile.CitizenId, NpgsqlDbType.Uuid, cancellationToken);
                    await WriteTextAsync(profiles, profile.GivenKey, cancellationToken);
                    await WriteTextAsync(profiles, profile.FamilyKey, cancellationToken);
                    await WriteTextAsync(profiles, DateOfBirth(profile.DateOfBirth), cancellationToken);

                    await WriteTextAsync(profiles, profile.StreetNumber, cancellationToken);
                    await WriteTextAsync(profiles, profile.Street, cancellationToken);
                    await WriteTextAsync(profiles, profile.Locality, cancellationToken);
                    await WriteTextAsync(profiles, profile.Postcode, cancellationToken);
                    await WriteTextAsync(profiles, profile.NationalId is { } nationalId ? Protection.Protect(ProtectedFieldKind.NationalId, nationalId) : null, cancellationToken);
                }

                await profiles.CompleteAsync(cancellationToken);
            }

            await using (var matchKeys = await connection.BeginBinaryImportAsync(
                "COPY \"CitizenMatchKeys\" (\"Key\", \"CitizenId\") FROM STDIN (FORMAT BINARY)", cancellationToken))
            {
                for (var i = 0; i < count; i++)
                {
                    var id = CitizenIdOf(i);
                    foreach (var key in BlockingKeys.Of(RecordOf(person(i))).Distinct())
                    {
                        await matchKeys.StartRowAsync(cancellationToken);
                        await matchKeys.WriteAsync(ProtectedFields.LookupOf(Protection, key), NpgsqlDbType.Varchar, cancellationToken);
                        await matchKeys.WriteAsync(id, NpgsqlDbType.Uuid, cancellationToken);
                        keys++;
                    }
                }

                await matchKeys.CompleteAsync(cancellationToken);
            }
        }
        finally
        {
            await ExecuteAsync(connection, "SET maintenance_work_mem = '512MB'", cancellationToken);
            await ExecuteAsync(connection, "ALTER TABLE \"CitizenMatchKeys\" ADD CONSTRAINT \"PK_CitizenMatchKeys\" PRIMARY KEY (\"Key\", \"CitizenId\")", cancellationToken);
            for (var i = 1; i < indexes.Count; i += 2)
            {
                await ExecuteAsync(connection, indexes[i], cancellationToken);
            }
        }

        await ExecuteAsync(connection, $"VACUUM (ANALYZE) {string.Join(", ", Tables.Select(t => $"\"{t}\""))}", cancellationToken);
        return new Summary(count, phones, keys, clock.Elapsed);
    }

    /// <summary>The record the import itself would have matched and filed for this person.</summary>
    public static MatchRecord RecordOf(ImportRun.Person p) =>
        MatchRecord.From(p.Given, p.Family, p.Dob, p.Number, p.Street, p.Locality, p.Postcode, p.NationalId);

    private static FieldProtection Protection => FieldProtection.Ephemeral;

    private static string? DateOfBirth(DateOnly? date) =>
        date is { } d ? ProtectedFields.StoredDateOfBirth(Protection, d) : null;

    private static async Task WriteTextAsync(NpgsqlBinaryImporter copy, string? value, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            await copy.WriteNullAsync(cancellationToken);
        }
        else
        {
            await copy.WriteAsync(value, NpgsqlDbType.Varchar, cancellationToken);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
