using System.Linq.Expressions;
using CivicHub.Core.Citizens;
using CivicHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CivicHub.Core.Cases;

/// <summary>
/// Reads the citizens that concurrent requests open cases for, together on PostgreSQL: the reads of requests that
/// arrive while one is under way wait for it and then go as one query (a <see cref="GroupCommit{TItem, TResult}"/>,
/// as <see cref="CaseRows"/> writes their cases). Each case read its citizen in a round trip and a pooled connection of
/// its own, a quarter of the host's and PostgreSQL's CPU per case (docs/benchmarks.md, run 27); alone, a request reads
/// as it did. Each citizen comes with what most forms' prefill reads: names, language and identities; a form that
/// prefills the address, the district or the date of birth reads the whole record itself (<see cref="CreateCase"/>).
/// </summary>
public sealed partial class CaseCitizens
{
    private readonly GroupCommit<Guid, Citizen?> _group;

    public CaseCitizens(ILogger<CaseCitizens> logger) =>
        _group = new(ReadAsync, (ex, count) => LogGroupFailed(logger, ex, count));

    /// <summary>Whether a group is being read and how many requests gather for the next: for diagnostics.</summary>
    public (bool Reading, int Gathering) State => _group.State;

    /// <summary>
    /// The citizen, untracked, or null when none has that id. With the reads of concurrent requests when the database
    /// is PostgreSQL and no transaction is open; in the caller's transaction otherwise.
    /// </summary>
    public Task<Citizen?> FindAsync(CivicHubDb db, Guid citizenId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.IsPostgres && db.Database.CurrentTransaction is null
            ? _group.WriteAsync(db, citizenId)
            : WithIdentities.For(db)(db, citizenId, cancellationToken);
    }

    // What opening a case reads of its citizen: whether it was merged away, and what most forms' prefill reads.
    private static readonly Expression<Func<Citizen, Citizen>> ForOpening = c => new Citizen
    {
        Id = c.Id,
        MergedIntoId = c.MergedIntoId,
        GivenName = c.GivenName,
        FamilyName = c.FamilyName,
        PreferredLanguage = c.PreferredLanguage,
        Identities = c.Identities.ToList(),
    };

    // One statement for the group, each request's citizen back in its place (two requests may name the same citizen).
    // Written by hand: through EF Core, building the query, finding its cached SQL and shaping the joined identities
    // took most of the read's 8 % of the host's CPU per case (docs/benchmarks.md, run 30). It reads what ForOpening
    // reads (SQLite and reads inside a transaction still go through it) and each identity whole.
    private const string GroupSql = """
        SELECT c."Id", c."MergedIntoId", c."GivenName", c."FamilyName", c."PreferredLanguage",
               i."Id", i."Kind", i."Value", i."Display", i."Verified", i."OptedOutAt", i."CreatedAt"
          FROM "Citizens" AS c
          LEFT JOIN "ChannelIdentities" AS i ON i."CitizenId" = c."Id"
         WHERE c."Id" = ANY($1)
        """;

    private static async Task<IReadOnlyList<Citizen?>> ReadAsync(CivicHubDb db, IReadOnlyList<Guid> citizenIds)
    {
        var found = new Dictionary<Guid, Citizen>();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(CancellationToken.None);
        try
        {
            await using var command = new NpgsqlCommand(GroupSql, connection);
            command.Parameters.Add(new NpgsqlParameter { Value = citizenIds.Distinct().ToArray() });
            await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
            while (await reader.ReadAsync(CancellationToken.None))
            {
                var id = reader.GetGuid(0);
                if (!found.TryGetValue(id, out var citizen))
                {
                    citizen = new Citizen
                    {
                        Id = id,
                        MergedIntoId = reader.IsDBNull(1) ? null : reader.GetGuid(1),
                        GivenName = reader.IsDBNull(2) ? null : reader.GetString(2),
                        FamilyName = reader.IsDBNull(3) ? null : reader.GetString(3),
                        PreferredLanguage = reader.GetString(4),
                    };
                    found.Add(id, citizen);
                }

                if (!reader.IsDBNull(5))
                {
                    citizen.Identities.Add(new ChannelIdentity
                    {
                        Id = reader.GetGuid(5),
                        CitizenId = id,
                        Kind = Enum.Parse<IdentityKind>(reader.GetString(6)),
                        Value = reader.GetString(7),
                        Display = reader.GetString(8),
                        Verified = reader.GetBoolean(9),
                        OptedOutAt = reader.IsDBNull(10) ? null : UtcDateTimeConverter.ToUtc(reader.GetDateTime(10)),
                        CreatedAt = UtcDateTimeConverter.ToUtc(reader.GetDateTime(11)),
                    });
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return [.. citizenIds.Select(id => found.GetValueOrDefault(id))];
    }

    // Compiled once (per model): on SQLite and in a transaction every case opened for a known citizen runs it.
    private static readonly CompiledPerModel<Func<CivicHubDb, Guid, CancellationToken, Task<Citizen?>>> WithIdentities = new(() => EF.CompileAsyncQuery(
        (CivicHubDb db, Guid citizenId, CancellationToken _) => db.Citizens.AsNoTracking().Where(c => c.Id == citizenId)
            .Select(ForOpening)
            .FirstOrDefault()));

    [LoggerMessage(Level = LogLevel.Warning, Message = "A group of {Count} citizens could not be read together; each request reads its own")]
    private static partial void LogGroupFailed(ILogger logger, Exception exception, int count);
}
