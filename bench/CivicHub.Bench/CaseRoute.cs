using Npgsql;

namespace CivicHub.Bench;

/// <summary>Where the demo routes a general enquiry, read once by the raw baseline so its rows satisfy CivicHub's keys.</summary>
internal sealed record CaseRoute(int ServiceId, string ServiceName, int DepartmentId, int QueueId)
{
    private const string Alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    public static async Task<CaseRoute> ReadAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT s."Id", s."Name", s."DepartmentId", q."Id"
              FROM "Services" AS s JOIN "Queues" AS q ON q."DepartmentId" = s."DepartmentId"
             WHERE s."Code" = 'general-enquiry'
             ORDER BY q."Id"
             LIMIT 1
            """);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            throw new InvalidOperationException("The database has no general-enquiry service with a queue: start CivicHub on it first.");
        }

        return new CaseRoute(reader.GetInt32(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3));
    }

    /// <summary>A reference shaped like CivicHub's (XXXX-XXXX); random, so collisions on the unique index are negligible.</summary>
    public static string NewReference()
    {
        Span<char> chars = stackalloc char[9];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = i == 4 ? '-' : Alphabet[Random.Shared.Next(Alphabet.Length)];
        }

        return new string(chars);
    }
}
