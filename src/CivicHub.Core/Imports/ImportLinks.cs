using CivicHub.Core.Data;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Privacy;
using CivicHub.Core.Privacy.Audit;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Imports;

/// <summary>
/// The records of an import and the citizen each was linked to. The evidence compares the record with the citizen
/// field by field, so it is shown only to a reader who may see that citizen's contact details; the list is recorded
/// as one audit entry naming the citizens it showed.
/// </summary>
public sealed class ImportLinks(CivicHubDb db, RecordAccess access, AuditTrail audit)
{
    public const int MaxPage = 1_000;

    /// <summary>A link as the reader may see it: <see cref="Withheld"/> names the categories left out.</summary>
    public sealed record Item(SourceRecordLink Link, IReadOnlyList<string> Withheld);

    public async Task<Outcome<IReadOnlyList<Item>>> ListAsync(Guid importId, LinkDecision? decision, int? offset, int? limit, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (limit is < 1 or > MaxPage)
        {
            errors.Add("limit", $"Must be between 1 and {MaxPage}.");
        }

        if (offset is < 0)
        {
            errors.Add("offset", "Must not be negative.");
        }

        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        var links = await db.SourceRecordLinks.AsNoTracking()
            .Where(l => l.ImportId == importId && (decision == null || l.Decision == decision))
            .OrderBy(l => l.Line).Skip(offset ?? 0).Take(limit ?? 100)
            .ToListAsync(cancellationToken);
        if (links.Count == 0)
        {
            return Array.Empty<Item>();
        }

        var seen = await access.CitizensAsync(links.Select(l => l.CitizenId).Distinct().ToList(), cancellationToken);
        var items = links.Select(l =>
        {
            var withheld = seen[l.CitizenId].Withheld;
            if (!seen[l.CitizenId].ContactDetails.Allowed)
            {
                l.Evidence = null;
            }

            return new Item(l, withheld);
        }).ToList();

        var from = await AuditScope.CurrentAsync(cancellationToken);
        if (AuditTrail.Records(from))
        {
            await audit.RecordListAsync(from, AuditRecords.ImportLinks, links.Select(l => l.CitizenId), cancellationToken);
        }

        return items;
    }
}
