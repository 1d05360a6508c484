using System.Runtime.CompilerServices;
using CivicHub.Core.Catalog;
using CivicHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CivicHub.Core.Privacy.Protection;

/// <summary>
/// Rewrites encrypted fields that were written with a key that is no longer the current one (or before encryption
/// existed), so that an old key can one day be retired; run after a key rolls, or once after upgrading. It also moves
/// answers of fields marked sensitive after they were given out of the plain answers into the encrypted column.
/// <para>
/// It can run beside live hosts: each row is written back only if it still holds what was read, so a change a host
/// made to the row in between stands (that host wrote it with the current key) and the row is counted as skipped;
/// a second run picks up anything a skipped row still needs.
/// </para>
/// </summary>
public sealed partial class ReprotectFields(CivicHubDb db, FieldProtection protection, ILogger<ReprotectFields> logger)
{
    private int _skipped;

    /// <summary>Rows read at a time from each table.</summary>
    public int PageSize { get; init; } = 500;

    public sealed record Result(int Citizens, int MatchProfiles, int MatchKeys)
    {
        /// <summary>Rows left alone because a host changed them between the read and the write.</summary>
        public int Skipped { get; init; }

        /// <summary>Cases and drafts whose sensitive answers were re-encrypted or moved out of the plain answers.</summary>
        public int Answers { get; init; }

        /// <summary>Sensitive notes re-encrypted.</summary>
        public int Notes { get; init; }
    }

    public async Task<Result> RunAsync(CancellationToken cancellationToken)
    {
        _skipped = 0;
        var citizens = await CitizensAsync(cancellationToken);
        var profiles = await ProfilesAsync(cancellationToken);
        var keys = await MatchKeysAsync(cancellationToken);
        var services = await db.Services.AsNoTracking().ToDictionaryAsync(s => s.Id, cancellationToken);
        var answers = await AnswersAsync("Cases", services, cancellationToken) + await AnswersAsync("Drafts", services, cancellationToken);
        var notes = await NotesAsync(cancellationToken);
        LogReprotected(logger, citizens, profiles, keys, answers, notes, _skipped);
        return new Result(citizens, profiles, keys) { Answers = answers, Notes = notes, Skipped = _skipped };
    }

    /// <summary>
    /// The form answers of one table: cases and drafts store them alike. The table's name comes from the two calls
    /// above, never from input; the values go as parameters, as with an interpolated statement.
    /// </summary>
    private Task<int> AnswersAsync(string table, Dictionary<int, Service> services, CancellationToken cancellationToken)
    {
        var page = $$"""SELECT "Id", "ServiceId", "Answers", "SensitiveAnswers" FROM "{{table}}" WHERE "Id" > {0} ORDER BY "Id" LIMIT {1}""";
        var rewrite = $$"""
            UPDATE "{{table}}" SET "Answers" = {0}, "SensitiveAnswers" = {1}
             WHERE "Id" = {2} AND "Answers" IS NOT DISTINCT FROM {3} AND "SensitiveAnswers" IS NOT DISTINCT FROM {4}
            """;
        return EachPageAsync(
            Guid.Empty,
            row => row.Id,
            after => db.Database.SqlQuery<StoredAnswers>(FormattableStringFactory.Create(page, after, PageSize)).ToListAsync(cancellationToken),
            async row =>
            {
                if (Restored(row, services) is not { } stored)
                {
                    return 0;
                }

                // A case without a service has no answers at all, and keeps none.
                var answers = row.Answers == null ? null : stored.Plain;
                var sensitive = Protected(ProtectedFieldKind.SensitiveFormAnswer, stored.Sensitive);
                return Counted(await db.Database.ExecuteSqlAsync(
                    FormattableStringFactory.Create(rewrite, answers, sensitive, row.Id, row.Answers, row.SensitiveAnswers), cancellationToken));
            });
    }

    /// <summary>The answers as they should be stored now, or null when they already are (current key, sensitive ones apart).</summary>
    private (string Plain, string? Sensitive)? Restored(StoredAnswers row, Dictionary<int, Service> services)
    {
        var service = row.ServiceId is { } id ? services.GetValueOrDefault(id) : null;
        var sensitive = row.SensitiveAnswers is null ? default : protection.Read(ProtectedFieldKind.SensitiveFormAnswer, row.SensitiveAnswers);
        var misplaced = FormAnswers.Deserialize(row.Answers).Keys.Any(FormAnswers.SensitiveKeys(service).Contains);
        return sensitive.IsStale || misplaced ? FormAnswers.Store(service, FormAnswers.Read(row.Answers, sensitive.Plaintext)) : null;
    }

    private Task<int> NotesAsync(CancellationToken cancellationToken) =>
        EachPageAsync(
            0L,
            row => row.Id,
            after => db.Database.SqlQuery<StoredNote>(
                    $"""SELECT "Id", "SensitiveText" FROM "CaseChanges" WHERE "SensitiveText" IS NOT NULL AND "Id" > {after} ORDER BY "Id" LIMIT {PageSize}""")
                .ToListAsync(cancellationToken),
            async row =>
            {
                var text = protection.Read(ProtectedFieldKind.SensitiveNote, row.SensitiveText);
                if (!text.IsStale)
                {
                    return 0;
                }

                var sensitive = Protected(ProtectedFieldKind.SensitiveNote, text.Plaintext);
                return Counted(await db.Database.ExecuteSqlAsync(
                    $"""UPDATE "CaseChanges" SET "SensitiveText" = {sensitive} WHERE "Id" = {row.Id} AND "SensitiveText" = {row.SensitiveText}""",
                    cancellationToken));
            });

    private Task<int> CitizensAsync(CancellationToken cancellationToken) =>
        EachPageAsync(
            Guid.Empty,
            row => row.Id,
            after => db.Database.SqlQuery<StoredCitizen>(
                    $"""SELECT "Id", "DateOfBirth", "Demographics" FROM "Citizens" WHERE "Id" > {after} ORDER BY "Id" LIMIT {PageSize}""")
                .ToListAsync(cancellationToken),
            async row =>
            {
                var birth = row.DateOfBirth is null ? default : protection.Read(ProtectedFieldKind.DateOfBirth, row.DateOfBirth);
                var demographics = protection.Read(ProtectedFieldKind.Demographics, row.Demographics);
                if (!birth.IsStale && !demographics.IsStale)
                {
                    return 0;
                }

                var dateOfBirth = StoredDateOfBirth(birth.Plaintext);
                var values = Protected(ProtectedFieldKind.Demographics, ProtectedFields.DemographicsText(ProtectedFields.ReadDemographics(demographics.Plaintext)));
                return Counted(await db.Database.ExecuteSqlAsync(
                    $"""
                    UPDATE "Citizens" SET "DateOfBirth" = {dateOfBirth}, "Demographics" = {values}
                     WHERE "Id" = {row.Id} AND "DateOfBirth" IS NOT DISTINCT FROM {row.DateOfBirth} AND "Demographics" = {row.Demographics}
                    """,
                    cancellationToken));
            });

    private Task<int> ProfilesAsync(CancellationToken cancellationToken) =>
        EachPageAsync(
            Guid.Empty,
            row => row.CitizenId,
            after => db.Database.SqlQuery<StoredMatchProfile>(
                    $"""SELECT "CitizenId", "DateOfBirth", "NationalId" FROM "CitizenMatchProfiles" WHERE "CitizenId" > {after} ORDER BY "CitizenId" LIMIT {PageSize}""")
                .ToListAsync(cancellationToken),
            async row =>
            {
                var birth = row.DateOfBirth is null ? default : protection.Read(ProtectedFieldKind.DateOfBirth, row.DateOfBirth);
                var nationalId = row.NationalId is null ? default : protection.Read(ProtectedFieldKind.NationalId, row.NationalId);
                if (!birth.IsStale && !nationalId.IsStale)
                {
                    return 0;
                }

                var dateOfBirth = StoredDateOfBirth(birth.Plaintext);
                var id = Protected(ProtectedFieldKind.NationalId, nationalId.Plaintext);
                return Counted(await db.Database.ExecuteSqlAsync(
                    $"""
                    UPDATE "CitizenMatchProfiles" SET "DateOfBirth" = {dateOfBirth}, "NationalId" = {id}
                     WHERE "CitizenId" = {row.CitizenId} AND "DateOfBirth" IS NOT DISTINCT FROM {row.DateOfBirth} AND "NationalId" IS NOT DISTINCT FROM {row.NationalId}
                    """,
                    cancellationToken));
            });

    /// <summary>
    /// Rewrites every row a page at a time in key order, each page starting after the last key of the one before: an
    /// OFFSET would read every earlier row again for each page, which on a table of millions takes hours.
    /// Returns how many rows <paramref name="rewrite"/> wrote.
    /// </summary>
    private async Task<int> EachPageAsync<TRow, TKey>(TKey start, Func<TRow, TKey> keyOf, Func<TKey, Task<List<TRow>>> page, Func<TRow, Task<int>> rewrite)
    {
        var rewritten = 0;
        for (var after = start; ;)
        {
            var rows = await page(after);
            foreach (var row in rows)
            {
                rewritten += await rewrite(row);
            }

            if (rows.Count < PageSize)
            {
                return rewritten;
            }

            after = keyOf(rows[^1]);
        }
    }

    /// <summary>Blocking keys filed before they were hashed: hash them in place (the hash key itself does not roll).</summary>
    private async Task<int> MatchKeysAsync(CancellationToken cancellationToken)
    {
        var plain = await db.Database.SqlQuery<string>(
                $"""SELECT DISTINCT "Key" AS "Value" FROM "CitizenMatchKeys" WHERE "Key" NOT LIKE {ProtectedFields.LookupPrefix + "%"}""")
            .ToListAsync(cancellationToken);
        var rewritten = 0;
        foreach (var key in plain)
        {
            var hashed = ProtectedFields.LookupOf(protection, key);
            rewritten += await db.Database.ExecuteSqlAsync($"""UPDATE "CitizenMatchKeys" SET "Key" = {hashed} WHERE "Key" = {key}""", cancellationToken);
        }

        return rewritten;
    }

    /// <summary>The stored form of a value, as the model's converters write it (they do not run for SQL written here).</summary>
    private string? Protected(ProtectedFieldKind kind, string? plaintext) => plaintext is null ? null : protection.Protect(kind, plaintext);

    private string? StoredDateOfBirth(string? plaintext) =>
        plaintext is null ? null : ProtectedFields.StoredDateOfBirth(protection, ProtectedFields.ReadDateOfBirth(plaintext));

    /// <summary>1 for a row written back; 0, counted as skipped, for one a host changed since it was read.</summary>
    private int Counted(int updated)
    {
        if (updated == 0)
        {
            _skipped++;
        }

        return updated;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-protected {Citizens} citizens, {MatchProfiles} match profiles, {MatchKeys} match keys, {Answers} cases' and drafts' answers and {Notes} sensitive notes with the current key; {Skipped} rows changed meanwhile were left as written")]
    private static partial void LogReprotected(ILogger logger, int citizens, int matchProfiles, int matchKeys, int answers, int notes, int skipped);

    private sealed record StoredCitizen(Guid Id, string? DateOfBirth, string Demographics);

    private sealed record StoredAnswers(Guid Id, int? ServiceId, string? Answers, string? SensitiveAnswers);

    private sealed record StoredNote(long Id, string SensitiveText);

    private sealed record StoredMatchProfile(Guid CitizenId, string? DateOfBirth, string? NationalId);
}
