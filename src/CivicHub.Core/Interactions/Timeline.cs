using CivicHub.Core.Data;
using CivicHub.Core.Outcomes;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Interactions;

/// <summary>Reads a citizen's or a case's timeline across every channel, newest first, a page at a time.</summary>
public sealed class Timeline(CivicHubDb db)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public async Task<Outcome<TimelinePage>> ForCitizenAsync(Guid citizenId, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        if (!await db.Citizens.AnyAsync(c => c.Id == citizenId, cancellationToken))
        {
            return OutcomeProblem.NotFound("No citizen has that id.");
        }

        return await PageAsync(db.Interactions.Where(i => i.CitizenId == citizenId), cursor, limit, cancellationToken);
    }

    public async Task<Outcome<TimelinePage>> ForCaseAsync(string reference, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var normalized = Cases.CaseReference.Normalize(reference);
        var caseId = normalized is null
            ? null
            : await db.Cases.Where(c => c.Reference == normalized).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken);
        if (caseId is null)
        {
            return OutcomeProblem.NotFound("No case has that reference.");
        }

        return await PageAsync(db.Interactions.Where(i => i.CaseId == caseId), cursor, limit, cancellationToken);
    }

    private async Task<Outcome<TimelinePage>> PageAsync(IQueryable<Interaction> interactions, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var size = limit ?? DefaultPageSize;
        if (size is < 1 or > MaxPageSize)
        {
            return OutcomeProblem.Invalid("limit", $"Must be between 1 and {MaxPageSize}.");
        }

        if (cursor is not null)
        {
            if (!TimelineCursor.TryDecode(cursor, out var after))
            {
                return OutcomeProblem.Invalid("cursor", "Not a cursor this API returned.");
            }

            interactions = interactions.Where(i => i.OccurredAt < after.OccurredAt || (i.OccurredAt == after.OccurredAt && i.Id < after.Id));
        }

        var items = await Project(interactions.OrderByDescending(i => i.OccurredAt).ThenByDescending(i => i.Id).Take(size + 1))
            .ToListAsync(cancellationToken);
        string? next = null;
        if (items.Count > size)
        {
            items.RemoveAt(size);
            next = new TimelineCursor(items[^1].OccurredAt, items[^1].Id).Encode();
        }

        return new TimelinePage(items, next);
    }

    /// <summary>The shape a timeline shows, with the case reference looked up alongside.</summary>
    public IQueryable<TimelineEntry> Project(IQueryable<Interaction> interactions) =>
        interactions.Select(i => new TimelineEntry(
            i.Id,
            i.Channel,
            i.Direction,
            i.OccurredAt,
            i.Subject,
            i.Body,
            i.AuthorName,
            db.Cases.Where(c => c.Id == i.CaseId).Select(c => c.Reference).FirstOrDefault(),
            i.CitizenId));
}
