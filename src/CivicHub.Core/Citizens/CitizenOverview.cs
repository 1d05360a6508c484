using CivicHub.Core.Cases;
using CivicHub.Core.Catalog;
using CivicHub.Core.Citizens.Matching;
using CivicHub.Core.Data;
using CivicHub.Core.Drafts;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Privacy;
using CivicHub.Core.Privacy.Audit;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Citizens;

/// <summary>The 360-degree view: everything an agent needs about a citizen on one screen, in one call.</summary>
public sealed class CitizenOverview(CivicHubDb db, Timeline timeline, CatalogSnapshot catalog, LikelyMatches likelyMatches, RecordAccess access, AuditTrail trail)
{
    public const int PastCaseCount = 10;

    public sealed record View(
        Profile Citizen,
        IReadOnlyList<IdentityView> Identities,
        IReadOnlyList<CaseSummary> OpenCases,
        IReadOnlyList<CaseSummary> PastCases,
        IReadOnlyList<DraftSummary> Drafts,
        TimelinePage RecentTimeline,
        IReadOnlyList<LikelyMatches.View> LikelyMatches,
        IReadOnlyList<string> Withheld);

    public sealed record Profile(
        Guid Id,
        string? GivenName,
        string? FamilyName,
        string DisplayName,
        DateOnly? DateOfBirth,
        string PreferredLanguage,
        IReadOnlyList<Channel> PreferredChannels,
        IReadOnlyList<Address> Addresses,
        Demographics Demographics,
        bool IsProvisional,
        Guid? MergedIntoId,
        DateTime CreatedAt);

    public sealed record IdentityView(Guid Id, IdentityKind Kind, string Value, string Display, bool Verified);

    public Task<Outcome<View>> GetAsync(Guid citizenId, CancellationToken cancellationToken) => GetAsync(citizenId, recordRead: false, cancellationToken);

    /// <summary>
    /// The view, with the read recorded in the audit log when <paramref name="recordRead"/> (and the citizen exists)
    /// as the work under way's (<see cref="AuditScope"/>), committed before this returns. The audit source is
    /// resolved after the access decision, which reads who acts with the citizen's facts in one round trip.
    /// </summary>
    public async Task<Outcome<View>> GetAsync(Guid citizenId, bool recordRead, CancellationToken cancellationToken)
    {
        // On PostgreSQL one statement reads it all (one round trip instead of four: the benchmark's 360 view p99
        // was dominated by them, see docs/decisions/0005-360-view-in-one-statement.md); SQLite runs in-process,
        // where round trips cost nothing and the LINQ queries below say the same thing.
        // Both read only what the caller may see: the same case, draft and timeline filters in LINQ and in SQL.
        var snapshot = await catalog.GetAsync(cancellationToken);
        int[] DraftServices(CaseVisibility cases) => [.. snapshot.Services.Where(s => cases.Shows(s.DepartmentId, s.Id)).Select(s => s.Id)];
        var (visible, loaded) = db.IsPostgres
            ? await CitizenOverviewStatement.LoadAsync(db, access, citizenId, DraftServices, cancellationToken)
            : await LoadAsync(citizenId, DraftServices, cancellationToken);
        if (loaded is null)
        {
            return OutcomeProblem.NotFound("No citizen has that id.");
        }

        if (recordRead)
        {
            await trail.RecordReadAsync(await AuditScope.CurrentAsync(cancellationToken), citizenId, AuditRecords.Citizen, citizenId.ToString("D"), cancellationToken, AuditTrail.GroundsOf(visible));
        }

        var citizen = loaded.Citizen;
        var identities = !visible.ContactDetails.Allowed
            ? []
            : citizen.Identities.OrderBy(i => i.Kind).ThenBy(i => i.CreatedAt)
                .Select(i => new IdentityView(i.Id, i.Kind, i.Value, i.Display, i.Verified))
                .ToList();
        var summaries = loaded.Cases.Select(c => c.Summary with { ServiceCode = snapshot.ServiceById(c.ServiceId)?.Code })
            .OrderByDescending(c => c.UpdatedAt).ToList();

        // Intake suggests matches only for the provisional citizens it creates; no other record has any to show.
        var likely = citizen.IsProvisional && citizen.MergedIntoId is null ? await likelyMatches.ForAsync(citizenId, cancellationToken) : [];

        var contact = visible.ContactDetails.Allowed;
        var profile = new Profile(
            citizen.Id, citizen.GivenName, citizen.FamilyName, citizen.DisplayName, contact ? citizen.DateOfBirth : null, citizen.PreferredLanguage,
            citizen.PreferredChannels, contact ? citizen.Addresses : [], visible.SensitiveFields.Allowed ? citizen.Demographics : new Demographics(),
            citizen.IsProvisional, citizen.MergedIntoId, citizen.CreatedAt);
        return new View(
            profile,
            identities,
            summaries.Where(c => CaseWorkflow.IsOpen(c.Status)).ToList(),
            summaries.Where(c => !CaseWorkflow.IsOpen(c.Status)).ToList(),
            loaded.Drafts.Select(d => new DraftSummary(
                d.Id, snapshot.ServiceById(d.ServiceId)?.Code ?? "", snapshot.ServiceById(d.ServiceId)?.Name ?? "", d.Status, d.StartedOn, d.LastChannel, d.UpdatedAt)).ToList(),
            loaded.RecentTimeline,
            likely,
            visible.Withheld);
    }

    /// <summary>The rows a view is made of, before the catalog names their services.</summary>
    internal sealed record Loaded(
        Citizen Citizen,
        List<(CaseSummary Summary, int? ServiceId)> Cases,
        List<OpenDraft> Drafts,
        TimelinePage RecentTimeline);

    internal sealed record OpenDraft(Guid Id, int ServiceId, DraftStatus Status, Channel StartedOn, Channel LastChannel, DateTime UpdatedAt);

    /// <summary>Five round trips: the access facts, the citizen with identities, their cases, open drafts, the timeline's first page.</summary>
    private async Task<(CitizenAccess Visible, Loaded? View)> LoadAsync(Guid citizenId, Func<CaseVisibility, int[]> visibleDraftServices, CancellationToken cancellationToken)
    {
        var visible = await access.CitizenAsync(citizenId, cancellationToken);
        var citizen = await db.Citizens.AsNoTracking().Include(c => c.Identities).AsSingleQuery()
            .FirstOrDefaultAsync(c => c.Id == citizenId, cancellationToken);
        if (citizen is null)
        {
            return (visible, null);
        }

        var cases = visible.Unrestricted ? db.Cases : db.Cases.Where(visible.Cases.Filter());
        var open = cases.Where(c => c.CitizenId == citizenId && c.Status != CaseStatus.Resolved && c.Status != CaseStatus.Closed);
        var past = cases.Where(c => c.CitizenId == citizenId && (c.Status == CaseStatus.Resolved || c.Status == CaseStatus.Closed))
            .OrderByDescending(c => c.UpdatedAt).Take(PastCaseCount);
        var summaries = await Summaries(open.Concat(past)).ToListAsync(cancellationToken);
        var draftServices = visible.Unrestricted ? [] : visibleDraftServices(visible.Cases);
        var drafts = await db.Drafts.Where(d => d.CitizenId == citizenId && d.Status == DraftStatus.Open && (visible.Unrestricted || draftServices.Contains(d.ServiceId)))
            .OrderByDescending(d => d.UpdatedAt)
            .Select(d => new OpenDraft(d.Id, d.ServiceId, d.Status, d.StartedOn, d.LastChannel, d.UpdatedAt))
            .ToListAsync(cancellationToken);
        var recent = await timeline.ForKnownCitizenAsync(citizenId, visible, cancellationToken);
        return (visible, new Loaded(citizen, summaries, drafts, recent));
    }

    private static IQueryable<(CaseSummary Summary, int? ServiceId)> Summaries(IQueryable<Case> cases) =>
        cases.Select(c => new ValueTuple<CaseSummary, int?>(
            new CaseSummary(c.Reference, c.Title, null, c.Status, c.Priority, c.OriginChannel, c.DepartmentId, c.AssigneeId, c.CreatedAt, c.UpdatedAt, c.SlaDueAt),
            c.ServiceId));
}
