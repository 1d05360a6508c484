using System.Globalization;
using System.Runtime.CompilerServices;
using CivicHub.Core.Data;
using CivicHub.Core.Outcomes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CivicHub.Core.Privacy.Audit;

/// <summary>
/// The audit log as supervisors and administrators read it: filtered pages and a streamed export. Each read and
/// export of the log is itself recorded.
/// </summary>
public sealed class AuditLog(CivicHubDb db, AuditTrail trail, IOptions<AuditOptions> options)
{
    public async Task<Outcome<AuditPage>> PageAsync(AuditFilter filter, string? cursor, int? limit, AuditSource from, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var errors = new ValidationErrors();
        long? before = null;
        if (cursor is not null)
        {
            if (long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
            {
                before = id;
            }
            else
            {
                errors.Add("cursor", "Pass the nextCursor of the page before, unchanged.");
            }
        }

        var size = limit ?? 50;
        if (size < 1 || size > options.Value.MaxPageSize)
        {
            errors.Add("limit", $"Between 1 and {options.Value.MaxPageSize}.");
        }

        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        var query = Apply(filter);
        if (before is { } beforeId)
        {
            query = query.Where(e => e.Id < beforeId);
        }

        var rows = await WithSeals(query).OrderByDescending(r => r.Entry.Id).Take(size + 1).ToListAsync(cancellationToken);
        var more = rows.Count > size;
        var agreements = await AgreementsAsync(rows.Select(r => r.Entry.AgreementId), cancellationToken);
        var items = rows.Take(size).Select(r => View(r, agreements)).ToList();
        await trail.RecordAsync(from, AuditAction.Read, filter.CitizenId, AuditRecords.AuditLog, filter.ToString(), cancellationToken);
        return new AuditPage(items, more ? items[^1].Id.ToString(CultureInfo.InvariantCulture) : null);
    }

    /// <summary>Every matching entry, oldest first, read as the caller writes it out (not held in memory).</summary>
    public async IAsyncEnumerable<AuditEntryView> ExportAsync(AuditFilter filter, AuditSource from, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        // Recorded first: an export cut short has still been taken.
        await trail.RecordAsync(from, AuditAction.Export, filter.CitizenId, AuditRecords.AuditLog, filter.ToString(), cancellationToken);
        db.ChangeTracker.Clear();
        var agreements = await AgreementsAsync(null, cancellationToken);
        await foreach (var row in WithSeals(Apply(filter)).OrderBy(r => r.Entry.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return View(row, agreements);
        }
    }

    private IQueryable<SealedEntry> WithSeals(IQueryable<AuditEntry> entries) =>
        from entry in entries
        join seal in db.AuditSeals on entry.Id equals seal.EntryId into seals
        from seal in seals.DefaultIfEmpty()
        select new SealedEntry { Entry = entry, Seal = seal };

    private IQueryable<AuditEntry> Apply(AuditFilter filter)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (filter.CitizenId is { } citizenId)
        {
            query = query.Where(e => e.CitizenId == citizenId);
        }

        if (!string.IsNullOrEmpty(filter.ActorId))
        {
            query = query.Where(e => e.ActorId == filter.ActorId);
        }

        if (!string.IsNullOrEmpty(filter.Department))
        {
            // Codes are stored comma-separated; matching with commas around stops "TAX" from matching "TAXI".
            var pattern = "%," + filter.Department.ToUpperInvariant() + ",%";
            query = query.Where(e => EF.Functions.Like("," + e.ActorDepartments + ",", pattern));
        }

        if (filter.Action is { } action)
        {
            query = query.Where(e => e.Action == action);
        }

        if (filter.From is { } start)
        {
            query = query.Where(e => e.OccurredAt >= start);
        }

        if (filter.To is { } end)
        {
            query = query.Where(e => e.OccurredAt < end);
        }

        return query;
    }

    /// <summary>The names and legal bases of the agreements named (of every agreement, without ids; there are few).</summary>
    private async Task<Dictionary<Guid, (string Name, string LegalBasis)>> AgreementsAsync(IEnumerable<Guid?>? named, CancellationToken cancellationToken)
    {
        var query = db.DataSharingAgreements.AsNoTracking();
        if (named is not null)
        {
            var ids = named.OfType<Guid>().Distinct().ToList();
            if (ids.Count == 0)
            {
                return [];
            }

            query = query.Where(a => ids.Contains(a.Id));
        }

        return await query.ToDictionaryAsync(a => a.Id, a => (a.Name, a.LegalBasis), cancellationToken);
    }

    private static AuditEntryView View(SealedEntry row, Dictionary<Guid, (string Name, string LegalBasis)> agreements)
    {
        var (e, seal) = (row.Entry, row.Seal);
        var agreement = e.AgreementId is { } id && agreements.TryGetValue(id, out var found) ? found : ((string Name, string LegalBasis)?)null;
        return new(
            e.Id, e.OccurredAt, e.ActorKind, e.ActorId, e.ActorName, e.ActorRole,
            e.ActorDepartments.Length == 0 ? [] : e.ActorDepartments.Split(','),
            e.Action, e.RecordKind, e.RecordId, e.CitizenId, e.Purpose, e.CallerPurpose, e.AgreementId, agreement?.Name, agreement?.LegalBasis,
            e.RemoteAddress, e.UserAgent, seal?.Sequence, seal?.PreviousHash, seal?.Hash);
    }

    private sealed class SealedEntry
    {
        public required AuditEntry Entry { get; init; }

        public AuditSeal? Seal { get; init; }
    }
}
