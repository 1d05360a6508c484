using CivicHub.Core.Cases;
using CivicHub.Core.Citizens.Matching;
using CivicHub.Core.Data;
using CivicHub.Core.Drafts;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outcomes;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Citizens;

/// <summary>The 360-degree view: everything an agent needs about a citizen on one screen, in one call.</summary>
public sealed class CitizenOverview(CivicHubDb db, Timeline timeline, LikelyMatches likelyMatches)
{
    public const int PastCaseCount = 10;

    public sealed record View(
        Profile Citizen,
        IReadOnlyList<IdentityView> Identities,
        IReadOnlyList<CaseSummary> OpenCases,
        IReadOnlyList<CaseSummary> PastCases,
        IReadOnlyList<DraftSummary> Drafts,
        TimelinePage RecentTimeline,
        IReadOnlyList<LikelyMatches.View> LikelyMatches);

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

    public async Task<Outcome<View>> GetAsync(Guid citizenId, CancellationToken cancellationToken)
    {
        var citizen = await db.Citizens.AsNoTracking().FirstOrDefaultAsync(c => c.Id == citizenId, cancellationToken);
        if (citizen is null)
        {
            return OutcomeProblem.NotFound("No citizen has that id.");
        }

        var identities = await db.ChannelIdentities.Where(i => i.CitizenId == citizenId)
            .OrderBy(i => i.Kind).ThenBy(i => i.CreatedAt)
            .Select(i => new IdentityView(i.Id, i.Kind, i.Value, i.Display, i.Verified))
            .ToListAsync(cancellationToken);
        var open = await Summaries(db.Cases.Where(c => c.CitizenId == citizenId && c.Status != CaseStatus.Resolved && c.Status != CaseStatus.Closed)
            .OrderByDescending(c => c.UpdatedAt)).ToListAsync(cancellationToken);
        var past = await Summaries(db.Cases.Where(c => c.CitizenId == citizenId && (c.Status == CaseStatus.Resolved || c.Status == CaseStatus.Closed))
            .OrderByDescending(c => c.UpdatedAt).Take(PastCaseCount)).ToListAsync(cancellationToken);
        var drafts = await db.Drafts.Where(d => d.CitizenId == citizenId && d.Status == DraftStatus.Open)
            .OrderByDescending(d => d.UpdatedAt)
            .Join(db.Services, d => d.ServiceId, s => s.Id, (d, s) => new DraftSummary(d.Id, s.Code, s.Name, d.Status, d.StartedOn, d.LastChannel, d.UpdatedAt))
            .ToListAsync(cancellationToken);
        var recent = await timeline.ForCitizenAsync(citizenId, null, null, cancellationToken);
        var likely = citizen.MergedIntoId is null ? await likelyMatches.ForAsync(citizenId, cancellationToken) : [];

        var profile = new Profile(
            citizen.Id, citizen.GivenName, citizen.FamilyName, citizen.DisplayName, citizen.DateOfBirth, citizen.PreferredLanguage,
            citizen.PreferredChannels, citizen.Addresses, citizen.Demographics, citizen.IsProvisional, citizen.MergedIntoId, citizen.CreatedAt);
        return new View(profile, identities, open, past, drafts, recent.Value!, likely);
    }

    private IQueryable<CaseSummary> Summaries(IQueryable<Case> cases) =>
        cases.Select(c => new CaseSummary(
            c.Reference,
            c.Title,
            db.Services.Where(s => s.Id == c.ServiceId).Select(s => s.Code).FirstOrDefault(),
            c.Status,
            c.Priority,
            c.OriginChannel,
            c.DepartmentId,
            c.AssigneeId,
            c.CreatedAt,
            c.UpdatedAt,
            c.SlaDueAt));
}
