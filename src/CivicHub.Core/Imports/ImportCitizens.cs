using System.Diagnostics;
using System.Text.Json;
using CivicHub.Core.Access;
using CivicHub.Core.Citizens;
using CivicHub.Core.Citizens.Matching;
using CivicHub.Core.Data;
using CivicHub.Core.Events;
using CivicHub.Core.Outcomes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CivicHub.Core.Imports;

/// <summary>
/// Turns a department's list of people into citizens: each row is linked to the person it matches (exactly on a phone,
/// an email or its source id, else by the Fellegi-Sunter score), sent to staff review, or becomes a new citizen.
/// Rows are written one transaction per batch; a batch that fails is retried row by row, so a bad row is reported with
/// its line and the others land once.
/// </summary>
public sealed partial class ImportCitizens(CivicHubDb db, IdentityNormalizer normalizer, TimeProvider time, ILogger<ImportCitizens> logger)
{
    public const int DefaultBatchSize = 500;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public MatchModel Model { get; init; } = MatchModel.Default;

    public int BatchSize { get; init; } = DefaultBatchSize;

    public sealed record Request(string? Source, IReadOnlyList<string>? Map);

    /// <summary>Checks the source, the map and the file's header, and records a queued import.</summary>
    public async Task<Outcome<CitizenImport>> StartAsync(Request request, string? headerLine, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(actor);
        var errors = new ValidationErrors().Text("source", request.Source, 100);
        if (request.Map is { Count: > 50 })
        {
            errors.Add("map", "At most 50 entries.");
        }

        var header = headerLine is null ? null : new CsvReader(new StringReader(headerLine)).Rows().FirstOrDefault();
        if (header?.Fields is null)
        {
            errors.Add("body", header?.Error ?? "The file is empty: send a CSV file whose first line names the columns.");
        }
        else if (ImportMap.Create(request.Map, header.Fields) is { Succeeded: false } map)
        {
            foreach (var (field, messages) in map.Problem!.Errors!)
            {
                foreach (var message in messages)
                {
                    errors.Add(field, message);
                }
            }
        }

        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        var import = new CitizenImport
        {
            Id = Guid.CreateVersion7(),
            Source = request.Source!.Trim(),
            Map = JsonSerializer.Serialize(request.Map ?? [], Json),
            Status = ImportStatus.Queued,
            StartedBy = actor.ToString(),
            StartedAt = time.GetUtcNow().UtcDateTime,
        };
        db.CitizenImports.Add(import);
        await db.SaveChangesAsync(cancellationToken);
        return import;
    }

    /// <summary>Reads the whole file and imports it; progress is reported after every batch.</summary>
    public async Task<CitizenImport> RunAsync(Guid importId, TextReader csv, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var import = await db.CitizenImports.AsNoTracking().FirstAsync(i => i.Id == importId, cancellationToken);
        var state = new RunState(import, Stopwatch.StartNew());
        var map = JsonSerializer.Deserialize<List<string>>(import.Map, Json) ?? [];
        await db.CitizenImports.Where(i => i.Id == importId)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ImportStatus.Running), cancellationToken);
        await db.BackfillAsync(cancellationToken);

        var rows = new CsvReader(csv).Rows().GetEnumerator();
        using (rows)
        {
            var header = rows.MoveNext() ? rows.Current : null;
            var built = header?.Fields is null ? null : ImportMap.Create(map, header.Fields);
            if (built is not { Succeeded: true })
            {
                return await FinishAsync(state, ImportStatus.Failed, new ImportRowError(1, "The header does not fit the map."), cancellationToken);
            }

            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            var batch = new List<ImportRecord>(BatchSize);
            while (rows.MoveNext())
            {
                var (record, error) = ImportRecord.Parse(rows.Current, built.Value!, normalizer, today);
                if (record is null)
                {
                    state.Fail(rows.Current.Line, error!);
                }
                else
                {
                    batch.Add(record);
                }

                if (batch.Count >= BatchSize)
                {
                    await WriteBatchAsync(state, batch, cancellationToken);
                    batch.Clear();
                    progress?.Report(state.Progress());
                }
            }

            await WriteBatchAsync(state, batch, cancellationToken);
        }

        progress?.Report(state.Progress());
        return await FinishAsync(state, ImportStatus.Completed, null, cancellationToken);
    }

    private async Task<CitizenImport> FinishAsync(RunState state, ImportStatus status, ImportRowError? error, CancellationToken cancellationToken)
    {
        if (error is not null)
        {
            state.Fail(error.Line, error.Reason);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await SaveTalliesAsync(state, status, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogFinished(logger, state.Import.Id, status, state.Processed, state.Linked, state.Reviews, state.Created, state.Failed);
        return await db.CitizenImports.AsNoTracking().FirstAsync(i => i.Id == state.Import.Id, cancellationToken);
    }

    private async Task WriteBatchAsync(RunState state, List<ImportRecord> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await WriteAsync(state, batch, cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();

            // Something in the batch broke a constraint; find it by writing each row on its own.
            foreach (var record in batch)
            {
                try
                {
                    await WriteAsync(state, [record], cancellationToken);
                }
                catch (DbUpdateException)
                {
                    db.ChangeTracker.Clear();
                    state.Fail(record.Line, "The row conflicts with data written meanwhile (such as a phone or email taken by someone else); import it again.");
                }
            }
        }
    }

    private async Task WriteAsync(RunState state, IReadOnlyList<ImportRecord> batch, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var tally = await ApplyAsync(state, batch, cancellationToken);
        var before = state.Snapshot();
        state.Add(tally);
        try
        {
            await SaveTalliesAsync(state, ImportStatus.Running, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            state.Restore(before);
            throw;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private Task<int> SaveTalliesAsync(RunState state, ImportStatus status, CancellationToken cancellationToken)
    {
        var errors = JsonSerializer.Serialize(state.Errors, Json);
        DateTime? finished = status is ImportStatus.Completed or ImportStatus.Failed ? time.GetUtcNow().UtcDateTime : null;
        return db.CitizenImports.Where(i => i.Id == state.Import.Id).ExecuteUpdateAsync(
            s => s.SetProperty(i => i.Status, status)
                .SetProperty(i => i.Processed, state.Processed)
                .SetProperty(i => i.Linked, state.Linked)
                .SetProperty(i => i.Reviews, state.Reviews)
                .SetProperty(i => i.Created, state.Created)
                .SetProperty(i => i.Skipped, state.Skipped)
                .SetProperty(i => i.Failed, state.Failed)
                .SetProperty(i => i.Errors, errors)
                .SetProperty(i => i.FinishedAt, finished),
            cancellationToken);
    }

    private sealed record Candidate(Guid CitizenId, MatchScore Score);

    /// <summary>Decides every record of the batch and adds what it writes to the unit of work.</summary>
    private async Task<Tally> ApplyAsync(RunState state, IReadOnlyList<ImportRecord> batch, CancellationToken cancellationToken)
    {
        var tally = new Tally();
        var source = state.Import.Source;
        var now = time.GetUtcNow().UtcDateTime;
        var actor = state.Import.StartedBy;

        var externalIds = batch.Where(r => r.ExternalId is not null).Select(r => r.ExternalId!).Distinct().ToList();
        var alreadyLinked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in externalIds.Chunk(1000))
        {
            alreadyLinked.UnionWith(await db.SourceRecordLinks.Where(l => l.Source == source && chunk.Contains(l.SourceRecordId!))
                .Select(l => l.SourceRecordId!).ToListAsync(cancellationToken));
        }

        // One query per kind, so the lookup uses the (Kind, Value) index instead of scanning every identity.
        var owners = new Dictionary<(IdentityKind, string), Guid>();
        foreach (var byKind in batch.SelectMany(r => r.Identities).GroupBy(i => i.Kind))
        {
            var kind = byKind.Key;
            foreach (var chunk in byKind.Select(i => i.Value).Distinct().Chunk(1000))
            {
                foreach (var owner in await db.ChannelIdentities.Where(i => i.Kind == kind && chunk.Contains(i.Value))
                    .Select(i => new { i.Value, i.CitizenId }).ToListAsync(cancellationToken))
                {
                    owners[(kind, owner.Value)] = owner.CitizenId;
                }
            }
        }

        var matchRecords = batch.ToDictionary(r => r, r => r.ToMatchRecord());
        var blocks = await db.BlocksAsync(matchRecords.Values.SelectMany(BlockingKeys.Of).ToHashSet(), cancellationToken);
        var local = new MatchIndex<Guid>();

        foreach (var record in batch)
        {
            if (record.ExternalId is not null && !alreadyLinked.Add(record.ExternalId))
            {
                tally.Skipped++;
                continue;
            }

            var match = matchRecords[record];
            var exact = record.Identities.Where(i => owners.ContainsKey((i.Kind, i.Value)))
                .Select(i => (Owner: owners[(i.Kind, i.Value)], i.Kind)).DistinctBy(o => o.Owner).ToList();
            List<Candidate> candidates;
            if (exact.Count > 0)
            {
                candidates = exact.Select(e => new Candidate(e.Owner, MatchScore.ExactIdentity(e.Kind.ToString().ToLowerInvariant()))).ToList();
            }
            else
            {
                var fromDb = BlockingKeys.Of(match).SelectMany(k => blocks.GetValueOrDefault(k) ?? []).DistinctBy(p => p.CitizenId)
                    .Select(p => new Candidate(p.CitizenId, Model.Compare(match, p.ToRecord())));
                var fromBatch = local.Candidates(match).Select(c => new Candidate(c.Id, Model.Compare(match, c.Record)));
                candidates = fromDb.Concat(fromBatch).Where(c => c.Score.Score >= Model.ReviewThreshold)
                    .OrderByDescending(c => c.Score.Score).Take(5).ToList();
            }

            var best = candidates.FirstOrDefault();

            // Two exact identities that belong to two different people cannot both be right: staff decide.
            var link = best is not null && best.Score.Score >= Model.LinkThreshold && (exact.Count <= 1);
            var citizen = NewCitizen(record, now);
            db.Citizens.Add(citizen);
            db.AddMatchProfile(citizen.Id, match);
            var sourceLink = new SourceRecordLink
            {
                Id = Guid.CreateVersion7(),
                ImportId = state.Import.Id,
                Line = record.Line,
                Source = source,
                SourceRecordId = record.ExternalId,
                CitizenId = citizen.Id,
                RecordCitizenId = citizen.Id,
                Score = best is null ? 0 : Math.Round(best.Score.Score, 2),
                Evidence = best?.Score.ToJson(),
                Decision = LinkDecision.New,
                DecidedBy = actor,
                DecidedAt = now,
            };
            db.SourceRecordLinks.Add(sourceLink);

            if (link)
            {
                // The record's own citizen is kept, merged into the person, exactly as MergeCitizens records a merge,
                // so MergeCitizens.UndoAsync can put it back.
                var moved = new List<Guid>();
                foreach (var (kind, value, display) in record.Identities.Where(i => !owners.ContainsKey((i.Kind, i.Value))))
                {
                    var identity = new ChannelIdentity { Id = Guid.CreateVersion7(), CitizenId = best!.CitizenId, Kind = kind, Value = value, Display = display, CreatedAt = now };
                    db.ChannelIdentities.Add(identity);
                    owners[(kind, value)] = best.CitizenId;
                    moved.Add(identity.Id);
                }

                citizen.MergedIntoId = best!.CitizenId;
                var merge = new CitizenMerge
                {
                    Id = Guid.CreateVersion7(),
                    SourceId = citizen.Id,
                    TargetId = best.CitizenId,
                    Moved = JsonSerializer.Serialize(new MergeCitizens.Moved(moved, [], [], [])),
                    Actor = actor,
                    Reason = $"Import from {source}, line {record.Line}, score {sourceLink.Score}",
                    MergedAt = now,
                };
                db.CitizenMerges.Add(merge);
                sourceLink.CitizenId = best.CitizenId;
                sourceLink.MergeId = merge.Id;
                sourceLink.Decision = LinkDecision.Auto;
                db.Record("citizen.merged", best.CitizenId, now, new { MergeId = merge.Id, SourceId = citizen.Id, Import = state.Import.Id });
                tally.Linked++;
                continue;
            }

            foreach (var (kind, value, display) in record.Identities.Where(i => !owners.ContainsKey((i.Kind, i.Value))))
            {
                citizen.Identities.Add(new ChannelIdentity { Id = Guid.CreateVersion7(), CitizenId = citizen.Id, Kind = kind, Value = value, Display = display, CreatedAt = now });
                owners[(kind, value)] = citizen.Id;
            }

            local.Add(citizen.Id, match);
            db.Record("citizen.created", citizen.Id, now, new { Import = state.Import.Id });
            if (best is null)
            {
                tally.Created++;
                continue;
            }

            sourceLink.Decision = LinkDecision.Pending;
            db.MatchReviews.Add(new MatchReview
            {
                Id = Guid.CreateVersion7(),
                ImportId = state.Import.Id,
                LinkId = sourceLink.Id,
                CitizenId = citizen.Id,
                CandidateId = best.CitizenId,
                Score = sourceLink.Score,
                Evidence = sourceLink.Evidence!,
                Candidates = "[" + string.Join(',', candidates.Select(c =>
                    $"{{\"citizenId\":\"{c.CitizenId}\",\"score\":{Math.Round(c.Score.Score, 2).ToString(System.Globalization.CultureInfo.InvariantCulture)},\"evidence\":{c.Score.ToJson()}}}")) + "]",
                Status = MatchReviewStatus.Open,
                CreatedAt = now,
            });
            tally.Reviews++;
        }

        return tally;
    }

    private static Citizen NewCitizen(ImportRecord record, DateTime now)
    {
        var citizen = new Citizen
        {
            Id = Guid.CreateVersion7(),
            DateOfBirth = record.DateOfBirth,
            Addresses = record.Address is null ? [] : [record.Address],
            CreatedAt = now,
            UpdatedAt = now,
        };
        citizen.SetNames(record.GivenName, record.FamilyName);
        return citizen;
    }

    private sealed class Tally
    {
        public int Linked { get; set; }

        public int Reviews { get; set; }

        public int Created { get; set; }

        public int Skipped { get; set; }
    }

    private sealed class RunState(CitizenImport import, Stopwatch clock)
    {
        public CitizenImport Import { get; } = import;

        public int Linked { get; private set; }

        public int Reviews { get; private set; }

        public int Created { get; private set; }

        public int Skipped { get; private set; }

        public int Failed { get; private set; }

        public int Processed => Linked + Reviews + Created + Skipped + Failed;

        public List<ImportRowError> Errors { get; } = [];

        public void Fail(int line, string reason)
        {
            Failed++;
            if (Errors.Count < CitizenImport.MaxErrorsKept)
            {
                Errors.Add(new ImportRowError(line, reason));
            }
        }

        public void Add(Tally tally)
        {
            Linked += tally.Linked;
            Reviews += tally.Reviews;
            Created += tally.Created;
            Skipped += tally.Skipped;
        }

        public (int, int, int, int) Snapshot() => (Linked, Reviews, Created, Skipped);

        public void Restore((int Linked, int Reviews, int Created, int Skipped) snapshot) =>
            (Linked, Reviews, Created, Skipped) = snapshot;

        public ImportProgress Progress() => new(Processed, Linked, Reviews, Created, Skipped, Failed, clock.Elapsed);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Import {ImportId} {Status}: {Processed} rows, {Linked} linked, {Reviews} to review, {Created} new, {Failed} failed")]
    private static partial void LogFinished(ILogger logger, Guid importId, ImportStatus status, int processed, int linked, int reviews, int created, int failed);
}
