using CivicHub.Core.Catalog;
using CivicHub.Core.Data;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Privacy;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Cases;

/// <summary>
/// The desk's one inbox for every channel: open cases, the newly arrived ones marked, with the latest activity
/// first, filtered by queue, department, channel, SLA risk and whose they are, a page at a time.
/// </summary>
public sealed class CaseInbox(CivicHubDb db, CatalogSnapshot catalog, TimeProvider time, RecordAccess access)
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;

    /// <summary>A case due within this time is at risk: a working day's warning.</summary>
    public static readonly TimeSpan DueSoonWindow = TimeSpan.FromHours(24);

    /// <summary>Whose cases: the acting member of staff's own, or those nobody has taken yet.</summary>
    public enum Assignment
    {
        Mine,
        Unassigned,
    }

    public sealed record Query(
        int? QueueId = null, int? DepartmentId = null, Channel? Channel = null, SlaRisk? Risk = null, Assignment? Assigned = null, int Page = 1, int PageSize = DefaultPageSize);

    public sealed record Item(
        string Reference,
        string Title,
        CaseStatus Status,
        CasePriority Priority,
        Channel OriginChannel,
        Channel? LastChannel,
        Guid CitizenId,
        string CitizenName,
        string DepartmentName,
        string QueueName,
        string? AssigneeName,
        DateTime UpdatedAt,
        DateTime? SlaDueAt,
        SlaRisk Risk,
        bool IsNew);

    public sealed record Page(IReadOnlyList<Item> Items, int Total, int PageNumber, int PageSize)
    {
        public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    }

    public async Task<Outcome<Page>> ListAsync(Query query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new ValidationErrors();
        if (query.Page < 1)
        {
            errors.Add("page", "Must be 1 or more.");
        }

        if (query.PageSize is < 1 or > MaxPageSize)
        {
            errors.Add("pageSize", $"Must be between 1 and {MaxPageSize}.");
        }

        // The scope's actor: the desk acts as its signed-in member of staff.
        var me = access.Actor.StaffId;
        if (query.Assigned == Assignment.Mine && me is null)
        {
            errors.Add("assigned", "Only a member of staff has cases of their own.");
        }

        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var soon = now + DueSoonWindow;
        var cases = (await access.CasesAsync(db.Cases.AsNoTracking(), cancellationToken))
            .Where(c => c.Status != CaseStatus.Resolved && c.Status != CaseStatus.Closed);
        if (query.QueueId is { } queueId)
        {
            cases = cases.Where(c => c.QueueId == queueId);
        }

        if (query.DepartmentId is { } departmentId)
        {
            cases = cases.Where(c => c.DepartmentId == departmentId);
        }

        if (query.Channel is { } channel)
        {
            // A case belongs to every channel it was touched on, not only the one it came in by.
            cases = cases.Where(c => c.OriginChannel == channel || db.Interactions.Any(i => i.CaseId == c.Id && i.Channel == channel));
        }

        cases = query.Assigned switch
        {
            Assignment.Mine => cases.Where(c => c.AssigneeId == me),
            Assignment.Unassigned => cases.Where(c => c.AssigneeId == null),
            _ => cases,
        };

        cases = query.Risk switch
        {
            SlaRisk.Overdue => cases.Where(c => c.SlaDueAt != null && c.SlaDueAt < now),
            SlaRisk.DueSoon => cases.Where(c => c.SlaDueAt != null && c.SlaDueAt >= now && c.SlaDueAt < soon),
            SlaRisk.None => cases.Where(c => c.SlaDueAt == null || c.SlaDueAt >= soon),
            _ => cases,
        };

        var total = await cases.CountAsync(cancellationToken);
        var rows = await cases
            .OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Reference)
            .Skip((query.Page - 1) * query.PageSize)
            .Take(query.PageSize)
            .Select(c => new
            {
                c.Reference,
                c.Title,
                c.Status,
                c.Priority,
                c.OriginChannel,
                LastChannel = db.Interactions.Where(i => i.CaseId == c.Id).OrderByDescending(i => i.OccurredAt).ThenByDescending(i => i.Id)
                    .Select(i => (Channel?)i.Channel).FirstOrDefault(),
                c.CitizenId,
                Citizen = db.Citizens.Where(p => p.Id == c.CitizenId).Select(p => ((p.GivenName ?? "") + " " + (p.FamilyName ?? "")).Trim()).FirstOrDefault(),
                c.DepartmentId,
                c.QueueId,
                Assignee = db.Staff.Where(s => s.Id == c.AssigneeId).Select(s => s.DisplayName).FirstOrDefault(),
                c.AssigneeId,
                c.UpdatedAt,
                c.SlaDueAt,
            })
            .ToListAsync(cancellationToken);

        var snapshot = await catalog.GetAsync(cancellationToken);
        var items = rows.Select(r => new Item(
            r.Reference,
            r.Title,
            r.Status,
            r.Priority,
            r.OriginChannel,
            r.LastChannel,
            r.CitizenId,
            string.IsNullOrEmpty(r.Citizen) ? "Unknown contact" : r.Citizen,
            snapshot.DepartmentById(r.DepartmentId)?.Name ?? "",
            snapshot.Queues.FirstOrDefault(q => q.Id == r.QueueId)?.Name ?? "",
            r.Assignee,
            r.UpdatedAt,
            r.SlaDueAt,
            RiskOf(r.SlaDueAt, now),
            r.Status == CaseStatus.Submitted && r.AssigneeId is null)).ToList();
        return new Page(items, total, query.Page, query.PageSize);
    }

    public static SlaRisk RiskOf(DateTime? dueAt, DateTime now) =>
        dueAt is not { } due ? SlaRisk.None : due < now ? SlaRisk.Overdue : due < now + DueSoonWindow ? SlaRisk.DueSoon : SlaRisk.None;
}
