using CivicHub.Core.Attachments;
using CivicHub.Core.Data;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Privacy;
using CivicHub.Core.Privacy.Audit;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Interactions;

/// <summary>Reads a citizen's or a case's timeline across every channel, newest first, a page at a time.</summary>
public sealed class Timeline(CivicHubDb db, RecordAccess access, AuditTrail trail)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public Task<Outcome<TimelinePage>> ForCitizenAsync(Guid citizenId, string? cursor, int? limit, CancellationToken cancellationToken) =>
        ForCitizenAsync(citizenId, cursor, limit, recordRead: false, cancellationToken);

    /// <summary>
    /// A page of the citizen's timeline, with the read recorded in the audit log when <paramref name="recordRead"/>
    /// (and the citizen exists) as the work under way's (<see cref="AuditScope"/>), on the ground the access decision
    /// for the page found. On PostgreSQL the page is one statement (<see cref="TimelineStatement"/>), as the 360 view
    /// is, sent with the citizen's facts when the access can be guessed. The audit source is resolved after the access
    /// decision, which reads who acts with the citizen's facts.
    /// </summary>
    public async Task<Outcome<TimelinePage>> ForCitizenAsync(Guid citizenId, string? cursor, int? limit, bool recordRead, CancellationToken cancellationToken)
    {
        var request = PageRequest.Parse(cursor, limit);
        if (request.Problem is not null)
        {
            return request.Problem;
        }

        var (visible, page) = db.IsPostgres
            ? await TimelineStatement.LoadAsync(db, access, citizenId, request.After, request.Size + 1, cancellationToken)
            : await LoadAsync(citizenId, request, cancellationToken);
        if (!page.CitizenFound)
        {
            return OutcomeProblem.NotFound("No citizen has that id.");
        }

        if (recordRead)
        {
            await trail.RecordReadAsync(await AuditScope.CurrentAsync(cancellationToken), citizenId, AuditRecords.Timeline, citizenId.ToString("D"), cancellationToken, AuditTrail.GroundsOf(visible));
        }

        return Paged(page.Entries, request.Size);
    }

    // SQLite's page: an empty one is the only case where it matters whether the citizen exists at all.
    private async Task<(CitizenAccess Visible, TimelineStatement.Page Page)> LoadAsync(Guid citizenId, PageRequest request, CancellationToken cancellationToken)
    {
        var visible = await access.CitizenAsync(citizenId, cancellationToken);
        var entries = await Newest(db.Interactions.Where(i => i.CitizenId == citizenId).VisibleWith(visible, db), request).ToListAsync(cancellationToken);
        return (visible, new(entries.Count > 0 || await db.Citizens.AnyAsync(c => c.Id == citizenId, cancellationToken), entries));
    }

    /// <summary>The first page of a citizen the caller has just loaded, as much of it as the caller may see.</summary>
    public async Task<TimelinePage> ForKnownCitizenAsync(Guid citizenId, CancellationToken cancellationToken) =>
        await ForKnownCitizenAsync(citizenId, await access.CitizenAsync(citizenId, cancellationToken), cancellationToken);

    /// <summary>The first page of a citizen the caller has just loaded, with what the caller may see of them already decided.</summary>
    public async Task<TimelinePage> ForKnownCitizenAsync(Guid citizenId, CitizenAccess visible, CancellationToken cancellationToken) =>
        (await PageAsync(db.Interactions.Where(i => i.CitizenId == citizenId).VisibleWith(visible, db), null, null, cancellationToken)).Value!;

    public async Task<Outcome<TimelinePage>> ForCaseAsync(string reference, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var normalized = Cases.CaseReference.Normalize(reference);

        // A case the caller may not see answers as one that does not exist, so its reference tells nothing.
        if (normalized is null || await access.CaseAsync(normalized, cancellationToken) is not { Allowed: true })
        {
            return OutcomeProblem.NotFound("No case has that reference.");
        }

        var ofCase = from i in db.Interactions
                     join c in db.Cases on i.CaseId equals c.Id
                     where c.Reference == normalized
                     select i;
        var page = await PageAsync(ofCase, cursor, limit, cancellationToken);
        if (page.Succeeded && page.Value!.Items.Count == 0 && !await db.Cases.AnyAsync(c => c.Reference == normalized, cancellationToken))
        {
            return OutcomeProblem.NotFound("No case has that reference.");
        }

        return page;
    }

    private async Task<Outcome<TimelinePage>> PageAsync(IQueryable<Interaction> interactions, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var request = PageRequest.Parse(cursor, limit);
        if (request.Problem is not null)
        {
            return request.Problem;
        }

        return Paged(await Newest(interactions, request).ToListAsync(cancellationToken), request.Size);
    }

    /// <summary>Up to one more entry than the page holds, newest first, after the request's cursor.</summary>
    private IQueryable<TimelineEntry> Newest(IQueryable<Interaction> interactions, PageRequest request)
    {
        if (request.After is { } after)
        {
            interactions = interactions.Where(i => i.OccurredAt < after.OccurredAt || (i.OccurredAt == after.OccurredAt && i.Id < after.Id));
        }

        return Project(interactions.OrderByDescending(i => i.OccurredAt).ThenByDescending(i => i.Id).Take(request.Size + 1));
    }

    /// <summary>A page's size and where it starts, or the problem with what the caller asked.</summary>
    private readonly record struct PageRequest(int Size, TimelineCursor? After, OutcomeProblem? Problem)
    {
        public static PageRequest Parse(string? cursor, int? limit)
        {
            var size = limit ?? DefaultPageSize;
            if (size is < 1 or > MaxPageSize)
            {
                return new(size, null, OutcomeProblem.Invalid("limit", $"Must be between 1 and {MaxPageSize}."));
            }

            if (cursor is null)
            {
                return new(size, null, null);
            }

            return TimelineCursor.TryDecode(cursor, out var after)
                ? new(size, after, null)
                : new(size, null, OutcomeProblem.Invalid("cursor", "Not a cursor this API returned."));
        }
    }

    /// <summary>A page from up to size + 1 entries, newest first: the extra one only says that more follow.</summary>
    internal static TimelinePage Paged(List<TimelineEntry> items, int size)
    {
        string? next = null;
        if (items.Count > size)
        {
            items.RemoveAt(size);
            next = new TimelineCursor(items[^1].OccurredAt, items[^1].Id).Encode();
        }

        return new TimelinePage(items, next);
    }

    /// <summary>
    /// The shape a timeline shows, with the case reference and the interaction's files read in the same query (a
    /// second query for a page's files cost the timeline a round trip; see docs/benchmarks.md, run 9).
    /// </summary>
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
            i.CitizenId)
        {
            Attachments = db.Attachments.Where(a => a.InteractionId == i.Id).OrderBy(a => a.CreatedAt).ThenBy(a => a.Id)
                .Select(a => new TimelineAttachment(a.Id, a.FileName, a.ContentType, a.Length)).ToList(),
        });
}
