using System.Data.Common;
using System.Text.Json;
using CivicHub.Core.Attachments;
using CivicHub.Core.Data;
using CivicHub.Core.Privacy;
using Npgsql;
using NpgsqlTypes;

namespace CivicHub.Core.Interactions;

/// <summary>
/// A page of a citizen's timeline as one PostgreSQL statement (one round trip). It states what <see cref="Timeline"/>'s
/// LINQ says (SQLite still runs that): the entry's shape with its case reference and files, newest first, only what
/// the caller may see ($4 to $7 and $9, from <see cref="CitizenReadAccess"/>): interactions of visible cases or, with
/// the contact details, outside any case. The 360 view's statement reads its first page with the same fragments and
/// parameter numbers. It goes through <see cref="CitizenStatement"/>, in the same round trip as the citizen's access
/// facts when the access can be guessed.
/// </summary>
internal static class TimelineStatement
{
    /// <summary>
    /// Interactions n, each with its case v if it has one: one primary-key lookup gives both the case's reference and
    /// what the visibility test needs.
    /// </summary>
    public const string InteractionsWithCases = """
        "Interactions" AS n LEFT JOIN "Cases" AS v ON v."Id" = n."CaseId"
        """;

    /// <summary>One timeline entry of interaction n: its columns, its case's reference and its files as a JSON array.</summary>
    public const string EntryColumns = """
        n."Id", n."Channel", n."Direction", n."OccurredAt", n."Subject", n."Body", n."AuthorName", v."Reference" AS "CaseReference",
        (SELECT json_agg(json_build_array(a."Id", a."FileName", a."ContentType", a."Length") ORDER BY a."CreatedAt", a."Id")
           FROM "Attachments" AS a WHERE a."InteractionId" = n."Id") AS "Attachments"
        """;

    /// <summary>
    /// Whether the caller may see citizen $1's contact details: $6, or a case of the citizen in one of the departments
    /// $9 (the test a guess leaves to the statement, <see cref="CitizenReadAccess"/>; a decision sends none).
    /// </summary>
    public const string ContactDetails = """
        ($6 OR EXISTS (SELECT 1 FROM "Cases" AS w WHERE w."CitizenId" = $1 AND w."DepartmentId" = ANY($9)))
        """;

    /// <summary>
    /// Citizen $1's interactions n (with their cases v) the caller may see: $4 departments, $5 services, contact
    /// details as above, $7 unrestricted. An interaction outside any case has no v, whose tests are then null.
    /// </summary>
    public const string OfCitizenVisible = $"""
        n."CitizenId" = $1
        AND ($7 OR (n."CaseId" IS NULL AND {ContactDetails}) OR v."DepartmentId" = ANY($4) OR v."ServiceId" = ANY($5))
        """;

    /// <summary>Newest first, at most $3 rows.</summary>
    public const string NewestFirst = """ORDER BY n."OccurredAt" DESC, n."Id" DESC LIMIT $3""";

    // $2 and $8 are the cursor's time and id; the first page sends them as typed nulls and does not use them.
    private const string FirstPage = $"""SELECT {EntryColumns} FROM {InteractionsWithCases} WHERE {OfCitizenVisible} {NewestFirst}""";

    private const string AfterCursor = $"""
        SELECT {EntryColumns} FROM {InteractionsWithCases}
         WHERE {OfCitizenVisible} AND (n."OccurredAt", n."Id") < ($2, $8)
         {NewestFirst}
        """;

    // Whether the contact details were shown ends every row, after the entry's nine columns.
    private const int ContactDetailsOrdinal = 9;

    // The page beside the citizen's row: a row of nulls when the citizen has nothing to show, no row when there is no
    // such citizen, so an empty page needs no second query to tell the two apart.
    private static string BesideTheCitizen(string page) => $"""
        SELECT e.*, {ContactDetails} FROM "Citizens" AS c
          LEFT JOIN LATERAL ({page}) AS e ON TRUE
         WHERE c."Id" = $1
         ORDER BY e."OccurredAt" DESC, e."Id" DESC
        """;

    private static readonly string FirstPageOfCitizen = BesideTheCitizen(FirstPage);
    private static readonly string AfterCursorOfCitizen = BesideTheCitizen(AfterCursor);

    /// <summary>Whether the citizen exists, and up to that many of their entries the caller may see.</summary>
    public sealed record Page(bool CitizenFound, List<TimelineEntry> Entries);

    /// <summary>
    /// Decides what the caller may see of the citizen and reads up to <paramref name="take"/> entries after
    /// <paramref name="after"/> (from the newest without one), in one round trip when the access can be guessed.
    /// </summary>
    public static Task<(CitizenAccess Visible, Page Page)> LoadAsync(
        CivicHubDb db, RecordAccess access, Guid citizenId, TimelineCursor? after, int take, CancellationToken cancellationToken) =>
        CitizenStatement.RunAsync(db, access, citizenId, visible => Command(citizenId, visible, after, take), (reader, ct) => ReadAsync(reader, citizenId, take, ct), cancellationToken);

    private static NpgsqlBatchCommand Command(Guid citizenId, CitizenReadAccess visible, TimelineCursor? after, int take)
    {
        var command = new NpgsqlBatchCommand(after is null ? FirstPageOfCitizen : AfterCursorOfCitizen);
        var parameters = command.Parameters;
        parameters.Add(new NpgsqlParameter { Value = citizenId });
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = after is { } a ? a.OccurredAt : DBNull.Value });
        parameters.Add(new NpgsqlParameter { Value = take });
        parameters.Add(new NpgsqlParameter { Value = visible.Cases.DepartmentIds.ToArray() });
        parameters.Add(new NpgsqlParameter { Value = visible.Cases.ServiceIds.ToArray() });
        parameters.Add(new NpgsqlParameter { Value = visible.ContactAlways });
        parameters.Add(new NpgsqlParameter { Value = visible.Unrestricted });
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = after is { } b ? b.Id : DBNull.Value });
        parameters.Add(new NpgsqlParameter { Value = visible.ContactIfCaseIn.ToArray() });
        return command;
    }

    private static async Task<CitizenStatement.Result<Page>> ReadAsync(DbDataReader reader, Guid citizenId, int take, CancellationToken cancellationToken)
    {
        bool? contactDetails = null;
        var entries = new List<TimelineEntry>(take);
        while (await reader.ReadAsync(cancellationToken))
        {
            contactDetails = reader.GetBoolean(ContactDetailsOrdinal);
            if (!reader.IsDBNull(0))
            {
                entries.Add(Read(reader, citizenId));
            }
        }

        return new(new Page(contactDetails is not null, entries), contactDetails);
    }

    private static TimelineEntry Read(DbDataReader reader, Guid citizenId) =>
        new(
            reader.GetInt64(0),
            Enum.Parse<Channel>(reader.GetString(1)),
            Enum.Parse<Direction>(reader.GetString(2)),
            UtcDateTimeConverter.ToUtc(reader.GetDateTime(3)),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.GetString(5),
            reader.IsDBNull(6) ? null : reader.GetString(6),
            reader.IsDBNull(7) ? null : reader.GetString(7),
            citizenId)
        {
            Attachments = reader.IsDBNull(8) ? [] : Attachments(reader.GetString(8)),
        };

    /// <summary>An entry's files as json_build_array wrote them: id, file name, content type, length.</summary>
    public static List<TimelineAttachment> Attachments(JsonElement rows) =>
        [.. rows.EnumerateArray().Select(a => new TimelineAttachment(a[0].GetGuid(), a[1].GetString()!, a[2].GetString()!, a[3].GetInt64()))];

    private static List<TimelineAttachment> Attachments(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Attachments(document.RootElement);
    }
}
