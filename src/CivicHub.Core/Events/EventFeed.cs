using CivicHub.Core.Data;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Privacy;
using CivicHub.Core.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Events;

/// <summary>
/// The pull feed for systems that cannot receive webhooks: events in order after a cursor, up to the webhook
/// fan-out's mark. Every event up to the mark is committed or never will be (decision 0022), so a reader never moves
/// its cursor past an event that commits late.
/// </summary>
public sealed class EventFeed(CivicHubDb db, RecordAccess access)
{
    public const int MaxPageSize = 500;

    public sealed record Page(IReadOnlyList<WebhookPayload> Items, string NextCursor);

    public async Task<Outcome<Page>> ReadAsync(string? after, int? limit, string? type, CancellationToken cancellationToken)
    {
        long position = 0;
        if (after is not null && (!long.TryParse(after, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out position) || position < 0))
        {
            return OutcomeProblem.Invalid("after", "Must be the nextCursor of an earlier page, or 0 to start at the beginning.");
        }

        var size = limit ?? 100;
        if (size is < 1 or > MaxPageSize)
        {
            return OutcomeProblem.Invalid("limit", $"Must be between 1 and {MaxPageSize}.");
        }

        if (type is { Length: > 64 })
        {
            return OutcomeProblem.Invalid("type", "Must be at most 64 characters.");
        }

        var settled = await WebhookFanOutLease.FannedOutThroughAsync(db, cancellationToken);
        var events = await (await VisibleAsync(cancellationToken))
            .Where(e => e.Id > position && e.Id <= settled && (type == null || e.Type == type))
            .OrderBy(e => e.Id)
            .Take(size)
            .ToListAsync(cancellationToken);
        var next = events.Count > 0 ? events[^1].Id : position;
        return new Page(events.Select(WebhookPayload.From).ToList(), next.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Events of cases the reader may see; events outside any case (ids only) to readers acting for a department.
    /// Filtering in the query keeps pages full and the cursor moving.
    /// </summary>
    private async Task<IQueryable<DomainEvent>> VisibleAsync(CancellationToken cancellationToken)
    {
        var scope = await access.ScopeAsync(cancellationToken);
        if (scope.Unrestricted)
        {
            return db.Events.AsNoTracking();
        }

        var cases = await access.CasesAsync(db.Cases, cancellationToken);
        var anyDepartment = scope.OwnDepartments.Count > 0;
        return db.Events.AsNoTracking().Where(e => e.CaseId == null ? anyDepartment : cases.Any(c => c.Id == e.CaseId));
    }
}
