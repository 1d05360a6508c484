using System.Linq.Expressions;
using CivicHub.Core.Citizens;
using CivicHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

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

    // One query for the group, each request's citizen back in its place (two requests may name the same citizen).
    private static async Task<IReadOnlyList<Citizen?>> ReadAsync(CivicHubDb db, IReadOnlyList<Guid> citizenIds)
    {
        var ids = citizenIds.Distinct().ToList();
        var found = await db.Citizens.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(ForOpening)
            .ToDictionaryAsync(c => c.Id, CancellationToken.None);
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
