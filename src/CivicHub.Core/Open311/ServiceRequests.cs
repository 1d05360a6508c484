using CivicHub.Core.Cases;
using CivicHub.Core.Catalog;
using CivicHub.Core.Data;
using CivicHub.Core.Outcomes;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Open311;

/// <summary>
/// Reads cases as Open311 service requests. Only cases of services with public requests are ever shown, because the
/// Open311 interface is anonymous: a benefits or tax case must not appear on a public feed.
/// </summary>
public sealed class ServiceRequests(CivicHubDb db, CatalogSnapshot catalog, TimeProvider time)
{
    /// <summary>The spec's default and largest page.</summary>
    public const int MaxResults = 1000;

    /// <summary>The spec's default and widest date range.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(90);

    /// <summary>A search; with Ids the other criteria are ignored, as the spec says. Open null means both open and closed.</summary>
    public sealed record Query(IReadOnlyList<string>? Ids, string? ServiceCode, DateTime? Start, DateTime? End, bool? Open);

    public sealed record Item(
        string ServiceRequestId,
        bool Open,
        string StatusNotes,
        string ServiceName,
        string ServiceCode,
        string? Description,
        string? AgencyResponsible,
        string? ServiceNotice,
        DateTime RequestedAt,
        DateTime UpdatedAt,
        DateTime? ExpectedAt,
        string? Address,
        string? AddressId,
        double? Latitude,
        double? Longitude,
        string? MediaUrl);

    private sealed record Row(
        string Reference, CaseStatus Status, int? ServiceId, int DepartmentId, string? Description, DateTime CreatedAt, DateTime UpdatedAt,
        DateTime? SlaDueAt, string? Address, string? AddressId, double? Latitude, double? Longitude, string? MediaUrl);

    public async Task<Outcome<IReadOnlyList<Item>>> FindAsync(Query query, CancellationToken cancellationToken)
    {
        var snapshot = await catalog.GetAsync(cancellationToken);
        var publicIds = snapshot.Services.Where(s => s.PublicRequests).Select(s => s.Id).ToList();
        var cases = db.Cases.AsNoTracking().Where(c => c.ServiceId != null && publicIds.Contains(c.ServiceId.Value));

        if (query.Ids is { Count: > 0 } ids)
        {
            if (ids.Count > MaxResults)
            {
                return OutcomeProblem.Invalid("service_request_id", $"Ask for at most {MaxResults} requests at once.");
            }

            // A malformed id simply matches nothing, like an unknown one.
            var references = ids.Select(CaseReference.Normalize).OfType<string>().Distinct().ToList();
            cases = cases.Where(c => references.Contains(c.Reference));
        }
        else
        {
            var errors = new ValidationErrors();
            if (query.ServiceCode is not null)
            {
                if (snapshot.ServiceByCode(query.ServiceCode) is { PublicRequests: true } service)
                {
                    cases = cases.Where(c => c.ServiceId == service.Id);
                }
                else
                {
                    errors.Add("service_code", "No service offered here has that code.");
                }
            }

            var now = time.GetUtcNow().UtcDateTime;
            var end = query.End ?? (query.Start is { } s && s + MaxWindow < now ? s + MaxWindow : now);
            var start = query.Start ?? end - MaxWindow;
            if (end < start)
            {
                errors.Add("end_date", "Must not be before start_date.");
            }
            else if (end - start > MaxWindow)
            {
                errors.Add("end_date", $"The range from start_date to end_date may span at most {MaxWindow.TotalDays} days.");
            }

            if (errors.Any)
            {
                return OutcomeProblem.Invalid(errors);
            }

            cases = cases.Where(c => c.CreatedAt >= start && c.CreatedAt <= end);
            if (query.Open is true)
            {
                cases = cases.Where(c => c.Status != CaseStatus.Resolved && c.Status != CaseStatus.Closed);
            }
            else if (query.Open is false)
            {
                cases = cases.Where(c => c.Status == CaseStatus.Resolved || c.Status == CaseStatus.Closed);
            }
        }

        var rows = await Project(cases.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Reference).Take(MaxResults))
            .ToListAsync(cancellationToken);
        return rows.Select(r => ToItem(r, snapshot)).ToList();
    }

    public async Task<Outcome<Item>> GetAsync(string id, CancellationToken cancellationToken)
    {
        var found = await FindAsync(new Query([id], null, null, null, null), cancellationToken);
        return found.Value is [var item] ? item : OutcomeProblem.NotFound("No service request has that id.");
    }

    /// <summary>What the reporter can expect, from the service's promised time.</summary>
    public static string? NoticeFor(Service service, Department? department)
    {
        if (service.SlaHours <= 0)
        {
            return null;
        }

        var within = service.SlaHours < 48 ? $"{service.SlaHours} hours" : $"{(service.SlaHours + 23) / 24} days";
        return $"{department?.Name ?? "The city"} aims to deal with this within {within}.";
    }

    private static IQueryable<Row> Project(IQueryable<Case> cases) =>
        cases.Select(c => new Row(
            c.Reference, c.Status, c.ServiceId, c.DepartmentId, c.Description, c.CreatedAt, c.UpdatedAt, c.SlaDueAt,
            c.LocationAddress, c.LocationAddressId, c.Latitude, c.Longitude, c.MediaUrl));

    private static Item ToItem(Row row, CatalogSnapshot.Catalog snapshot)
    {
        var service = snapshot.ServiceById(row.ServiceId)!;
        var department = snapshot.DepartmentById(row.DepartmentId);
        return new Item(
            row.Reference,
            CaseWorkflow.IsOpen(row.Status),
            StatusNotes(row.Status),
            service.Name,
            service.Code,
            row.Description,
            department?.Name,
            NoticeFor(service, department),
            row.CreatedAt,
            row.UpdatedAt,
            row.SlaDueAt,
            row.Address,
            row.AddressId,
            row.Latitude,
            row.Longitude,
            row.MediaUrl);
    }

    /// <summary>CivicHub's finer status in words: Open311 itself only knows open and closed. Staff notes are never published.</summary>
    private static string StatusNotes(CaseStatus status) => status switch
    {
        CaseStatus.Submitted => "Received.",
        CaseStatus.Triaged => "Reviewed and queued for work.",
        CaseStatus.InProgress => "Being worked on.",
        CaseStatus.WaitingOnCitizen => "Waiting for more information from the reporter.",
        CaseStatus.Resolved => "Resolved.",
        _ => "Closed.",
    };
}
