using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using CivicHub.Core.Cases;
using CivicHub.Core.Data;
using CivicHub.Core.Drafts;
using CivicHub.Core.Interactions;
using CivicHub.Core.Privacy;
using CivicHub.Core.Privacy.Protection;
using Npgsql;

namespace CivicHub.Core.Citizens;

/// <summary>
/// Reads everything the 360 view shows in one PostgreSQL statement: the citizen's row, with their identities, cases,
/// open drafts and first timeline page aggregated as JSON arrays beside it. It states the same queries as
/// <see cref="CitizenOverview"/>'s LINQ (same filters, order and limits), which SQLite still runs, including what the
/// caller may see ($4 to $9, from <see cref="CitizenReadAccess"/>): cases of visible departments or services, drafts of
/// visible services, and interactions of visible cases or, with the contact details, outside any case. It goes through
/// <see cref="CitizenStatement"/>, in the same round trip as the citizen's access facts when the access can be guessed,
/// and says in its last column whether it showed the contact details.
/// </summary>
internal static class CitizenOverviewStatement
{
    // Each list is an array of positional arrays (json_build_array) to keep the text short; json_agg of no rows is NULL.
    private const string Sql = $"""
        SELECT c."Id", c."GivenName", c."FamilyName", c."DateOfBirth", c."PreferredLanguage", c."PreferredChannels",
               c."Addresses"::text, c."Demographics"::text, c."IsProvisional", c."MergedIntoId", c."CreatedAt",
               (SELECT json_agg(json_build_array(i."Id", i."Kind", i."Value", i."Display", i."Verified", i."CreatedAt"))
                  FROM "ChannelIdentities" AS i WHERE i."CitizenId" = $1),
               (SELECT json_agg(json_build_array(k."Reference", k."Title", k."Status", k."Priority", k."OriginChannel",
                                                 k."DepartmentId", k."AssigneeId", k."CreatedAt", k."UpdatedAt", k."SlaDueAt", k."ServiceId"))
                  FROM (SELECT o."Reference", o."Title", o."Status", o."Priority", o."OriginChannel", o."DepartmentId",
                               o."AssigneeId", o."CreatedAt", o."UpdatedAt", o."SlaDueAt", o."ServiceId"
                          FROM "Cases" AS o
                         WHERE o."CitizenId" = $1 AND o."Status" <> 'Resolved' AND o."Status" <> 'Closed'
                           AND ($7 OR o."DepartmentId" = ANY($4) OR o."ServiceId" = ANY($5))
                        UNION ALL
                        (SELECT p."Reference", p."Title", p."Status", p."Priority", p."OriginChannel", p."DepartmentId",
                                p."AssigneeId", p."CreatedAt", p."UpdatedAt", p."SlaDueAt", p."ServiceId"
                           FROM "Cases" AS p
                          WHERE p."CitizenId" = $1 AND (p."Status" = 'Resolved' OR p."Status" = 'Closed')
                            AND ($7 OR p."DepartmentId" = ANY($4) OR p."ServiceId" = ANY($5))
                          ORDER BY p."UpdatedAt" DESC
                          LIMIT $2)) AS k),
               (SELECT json_agg(json_build_array(d."Id", d."ServiceId", d."Status", d."StartedOn", d."LastChannel", d."UpdatedAt")
                                ORDER BY d."UpdatedAt" DESC)
                  FROM "Drafts" AS d WHERE d."CitizenId" = $1 AND d."Status" = 'Open' AND ($7 OR d."ServiceId" = ANY($8))),
               (SELECT json_agg(json_build_array(t."Id", t."Channel", t."Direction", t."OccurredAt", t."Subject", t."Body",
                                                 t."AuthorName", t."CaseReference", t."Attachments")
                                ORDER BY t."OccurredAt" DESC, t."Id" DESC)
                  FROM (SELECT {TimelineStatement.EntryColumns}
                          FROM {TimelineStatement.InteractionsWithCases}
                         WHERE {TimelineStatement.OfCitizenVisible}
                         {TimelineStatement.NewestFirst}) AS t),
               {TimelineStatement.ContactDetails}
          FROM "Citizens" AS c
         WHERE c."Id" = $1
        """;

    // Whether the contact details were shown: the last column, after the citizen's eleven and the four lists.
    private const int ContactDetailsOrdinal = 15;

    // EF Core writes the JSON columns with the CLR property names.
    private static readonly JsonSerializerOptions OwnedJson = new();

    /// <summary>
    /// Decides what the caller may see of the citizen and reads the view, in one round trip when the access can be
    /// guessed; the view is null when the citizen does not exist. <paramref name="draftServices"/> gives the services
    /// whose drafts a caller who sees these cases may see.
    /// </summary>
    public static Task<(CitizenAccess Visible, CitizenOverview.Loaded? View)> LoadAsync(
        CivicHubDb db, RecordAccess access, Guid citizenId, Func<CaseVisibility, int[]> draftServices, CancellationToken cancellationToken) =>
        CitizenStatement.RunAsync(db, access, citizenId, visible => Command(citizenId, visible, draftServices), (reader, ct) => ReadAsync(db, reader, citizenId, ct), cancellationToken);

    private static NpgsqlBatchCommand Command(Guid citizenId, CitizenReadAccess visible, Func<CaseVisibility, int[]> draftServices)
    {
        var command = new NpgsqlBatchCommand(Sql);
        Add(command, citizenId);
        Add(command, CitizenOverview.PastCaseCount);
        Add(command, Timeline.DefaultPageSize + 1);
        Add(command, visible.Cases.DepartmentIds.ToArray());
        Add(command, visible.Cases.ServiceIds.ToArray());
        Add(command, visible.ContactAlways);
        Add(command, visible.Unrestricted);
        Add(command, visible.Unrestricted ? [] : draftServices(visible.Cases));
        Add(command, visible.ContactIfCaseIn.ToArray());
        return command;
    }

    private static async Task<CitizenStatement.Result<CitizenOverview.Loaded?>> ReadAsync(CivicHubDb db, DbDataReader reader, Guid citizenId, CancellationToken cancellationToken)
    {
        if (!await reader.ReadAsync(cancellationToken))
        {
            return new(null, null);
        }

        var protection = ProtectedModelCacheKeyFactory.FieldProtectionOf(db);
        var citizen = new Citizen
        {
            Id = reader.GetGuid(0),
            GivenName = NullableString(reader, 1),
            FamilyName = NullableString(reader, 2),
            // Encrypted columns come back as stored; decrypt them here, as EF Core's converters would.
            DateOfBirth = reader.IsDBNull(3) ? null : DateOnly.ParseExact(protection.Unprotect(ProtectedFieldKind.DateOfBirth, reader.GetString(3)), "yyyy-MM-dd", CultureInfo.InvariantCulture),
            PreferredLanguage = reader.GetString(4),
            PreferredChannels = reader.GetString(5).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<Channel>).ToList(),
            Addresses = reader.IsDBNull(6) ? [] : JsonSerializer.Deserialize<List<Address>>(reader.GetString(6), OwnedJson) ?? [],
            Demographics = ProtectedFields.ReadDemographics(protection.Unprotect(ProtectedFieldKind.Demographics, reader.GetString(7))),
            IsProvisional = reader.GetBoolean(8),
            MergedIntoId = reader.IsDBNull(9) ? null : reader.GetGuid(9),
            CreatedAt = UtcDateTimeConverter.ToUtc(reader.GetDateTime(10)),
        };
        citizen.Identities = Rows(reader, 11, r => new ChannelIdentity
        {
            Id = r[0].GetGuid(),
            CitizenId = citizenId,
            Kind = Enum.Parse<IdentityKind>(r[1].GetString()!),
            Value = r[2].GetString()!,
            Display = r[3].GetString()!,
            Verified = r[4].GetBoolean(),
            CreatedAt = Time(r[5]),
        });
        var cases = Rows(reader, 12, r => (
            new CaseSummary(
                r[0].GetString()!,
                r[1].GetString()!,
                null,
                Enum.Parse<CaseStatus>(r[2].GetString()!),
                Enum.Parse<CasePriority>(r[3].GetString()!),
                Enum.Parse<Channel>(r[4].GetString()!),
                r[5].GetInt32(),
                r[6].ValueKind == JsonValueKind.Null ? null : r[6].GetGuid(),
                Time(r[7]),
                Time(r[8]),
                r[9].ValueKind == JsonValueKind.Null ? null : Time(r[9])),
            r[10].ValueKind == JsonValueKind.Null ? (int?)null : r[10].GetInt32()));
        var drafts = Rows(reader, 13, r => new CitizenOverview.OpenDraft(
            r[0].GetGuid(),
            r[1].GetInt32(),
            Enum.Parse<DraftStatus>(r[2].GetString()!),
            Enum.Parse<Channel>(r[3].GetString()!),
            Enum.Parse<Channel>(r[4].GetString()!),
            Time(r[5])));
        var entries = Rows(reader, 14, r => new TimelineEntry(
            r[0].GetInt64(),
            Enum.Parse<Channel>(r[1].GetString()!),
            Enum.Parse<Direction>(r[2].GetString()!),
            Time(r[3]),
            r[4].GetString(),
            r[5].GetString()!,
            r[6].GetString(),
            r[7].GetString(),
            citizenId)
        {
            Attachments = r[8].ValueKind == JsonValueKind.Null ? [] : TimelineStatement.Attachments(r[8]),
        });
        return new(new CitizenOverview.Loaded(citizen, cases, drafts, Timeline.Paged(entries, Timeline.DefaultPageSize)), reader.GetBoolean(ContactDetailsOrdinal));
    }

    private static void Add(NpgsqlBatchCommand command, object value)
    {
        // Unnamed parameters go to $1, $2 ... as they are, without Npgsql rewriting the statement.
        command.Parameters.Add(new NpgsqlParameter { Value = value });
    }

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>A timestamptz as json_build_array writes it (ISO 8601 with the session's offset), back to UTC.</summary>
    private static DateTime Time(JsonElement value) => value.GetDateTimeOffset().UtcDateTime;

    /// <summary>
    /// A list aggregated as a JSON array of positional arrays, parsed from the bytes Npgsql received (no string in
    /// between); <paramref name="read"/> takes each row's values by position.
    /// </summary>
    private static List<T> Rows<T>(DbDataReader reader, int ordinal, Func<JsonElement, T> read)
    {
        if (reader.IsDBNull(ordinal))
        {
            return [];
        }

        using var document = reader.GetFieldValue<JsonDocument>(ordinal);
        var rows = new List<T>(document.RootElement.GetArrayLength());
        foreach (var row in document.RootElement.EnumerateArray())
        {
            rows.Add(read(row));
        }

        return rows;
    }
}
