using CivicHub.Core.Catalog;
using CivicHub.Core.Data;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Privacy;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Cases;

/// <summary>Reads one case in full: where it stands, whose it is, what was asked, and every change made to it.</summary>
public sealed class CaseDetail(CivicHubDb db, CatalogSnapshot catalog, RecordAccess access)
{
    public sealed record View(
        string Reference,
        string Title,
        string? Description,
        CaseStatus Status,
        IReadOnlyList<CaseStatus> NextStatuses,
        CasePriority Priority,
        Channel OriginChannel,
        CitizenRef Citizen,
        ServiceRef? Service,
        DepartmentRef Department,
        int QueueId,
        StaffRef? Assignee,
        IReadOnlyDictionary<string, string> Answers,
        Location? Location,
        DateTime CreatedAt,
        DateTime UpdatedAt,
        DateTime? SlaDueAt,
        DateTime? ResolvedAt,
        DateTime? ClosedAt,
        IReadOnlyList<HistoryEntry> History,
        int Version)
    {
        /// <summary>The keys of sensitive answers given but not shown to this reader (their access lacks the sensitive-fields category).</summary>
        public IReadOnlyList<string> WithheldAnswers { get; init; } = [];
    }

    public sealed record CitizenRef(Guid Id, string DisplayName);

    public sealed record ServiceRef(string Code, string Name);

    public sealed record DepartmentRef(int Id, string Code, string Name);

    public sealed record StaffRef(Guid Id, string DisplayName);

    /// <summary>Where the problem is; AddressId is the jurisdiction's master-address id, MediaUrl a photo of it, as a reporter's app sent them.</summary>
    public sealed record Location(double? Latitude, double? Longitude, string? Address, string? AddressId, string? MediaUrl);

    /// <summary>Sensitive marks a note marked sensitive; Withheld says its text is not shown to this reader.</summary>
    public sealed record HistoryEntry(CaseChangeKind Kind, string? From, string? To, string? Text, string? ActorName, DateTime At, bool Sensitive = false, bool Withheld = false);

    public async Task<Outcome<View>> GetAsync(string reference, CancellationToken cancellationToken)
    {
        var normalized = CaseReference.Normalize(reference);
        var @case = normalized is null ? null : await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Reference == normalized, cancellationToken);
        // A case the caller may not see answers as one that does not exist, so its reference tells nothing.
        if (@case is null || !(await access.DecideCaseAsync(@case.CitizenId, @case.DepartmentId, @case.ServiceId, cancellationToken)).Allowed)
        {
            return OutcomeProblem.NotFound("No case has that reference.");
        }

        var snapshot = await catalog.GetAsync(cancellationToken);
        var citizen = await db.Citizens.Where(c => c.Id == @case.CitizenId)
            .Select(c => new { c.Id, c.GivenName, c.FamilyName })
            .FirstAsync(cancellationToken);
        var assignee = @case.AssigneeId is null
            ? null
            : await db.Staff.Where(s => s.Id == @case.AssigneeId).Select(s => new StaffRef(s.Id, s.DisplayName)).FirstOrDefaultAsync(cancellationToken);
        // Sensitive answers and notes need the sensitive-fields category for the case's department, not only the case.
        var sensitive = (await access.DecideSensitiveAnswersAsync(@case.CitizenId, @case.DepartmentId, @case.ServiceId, cancellationToken)).Allowed;
        var changes = db.CaseChanges.Where(h => h.CaseId == @case.Id).OrderBy(h => h.At).ThenBy(h => h.Id);
        // Without the category the encrypted text is not even read (so never decrypted). The two columns are read
        // apart: one is encrypted and the other not, so the database must not pick between them.
        var history = sensitive
            ? (await changes.Select(h => new { h.Kind, h.From, h.To, h.Text, h.SensitiveText, h.Sensitive, h.ActorName, h.At }).ToListAsync(cancellationToken))
                .Select(h => new HistoryEntry(h.Kind, h.From, h.To, h.Sensitive ? h.SensitiveText : h.Text, h.ActorName, h.At, h.Sensitive)).ToList()
            : (await changes.Select(h => new { h.Kind, h.From, h.To, h.Text, h.Sensitive, h.ActorName, h.At }).ToListAsync(cancellationToken))
                .Select(h => new HistoryEntry(h.Kind, h.From, h.To, h.Sensitive ? null : h.Text, h.ActorName, h.At, h.Sensitive, Withheld: h.Sensitive)).ToList();
        var service = snapshot.ServiceById(@case.ServiceId);
        var answers = SensitiveAnswers.For(service, @case.Answers, @case.SensitiveAnswers, sensitive);
        var department = snapshot.DepartmentById(@case.DepartmentId)!;
        var name = string.Join(' ', new[] { citizen.GivenName, citizen.FamilyName }.Where(n => n is not null));

        return new View(
            @case.Reference,
            @case.Title,
            @case.Description,
            @case.Status,
            CaseWorkflow.NextFrom(@case.Status),
            @case.Priority,
            @case.OriginChannel,
            new CitizenRef(citizen.Id, name.Length > 0 ? name : "Unknown contact"),
            service is null ? null : new ServiceRef(service.Code, service.Name),
            new DepartmentRef(department.Id, department.Code, department.Name),
            @case.QueueId,
            assignee,
            answers.Shown,
            @case is { Latitude: null, LocationAddress: null, LocationAddressId: null, MediaUrl: null }
                ? null
                : new Location(@case.Latitude, @case.Longitude, @case.LocationAddress, @case.LocationAddressId, @case.MediaUrl),
            @case.CreatedAt,
            @case.UpdatedAt,
            @case.SlaDueAt,
            @case.ResolvedAt,
            @case.ClosedAt,
            history,
            @case.Version)
        {
            WithheldAnswers = answers.Withheld,
        };
    }
}
