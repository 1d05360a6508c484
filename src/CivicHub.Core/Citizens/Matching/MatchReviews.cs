using System.Text.Json;
using CivicHub.Core.Access;
using CivicHub.Core.Data;
using CivicHub.Core.Imports;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Privacy;
using CivicHub.Core.Privacy.Audit;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Citizens.Matching;

/// <summary>
/// The queue of possible matches for staff: list them, link one (the record's citizen is merged into the candidate
/// with <see cref="MergeCitizens"/>, so it can be undone) or separate it (they are different people). Every member
/// of staff sees the names (enough to know who is meant); a candidate's date of birth and the evidence, which
/// compares their details field by field, only as far as the reader may see that candidate's contact details.
/// Reads are recorded: a list as one entry naming the citizens shown, one review as an entry per citizen.
/// </summary>
public sealed class MatchReviews(CivicHubDb db, MergeCitizens merges, RecordAccess access, AuditTrail audit, TimeProvider time)
{
    public const int MaxPage = 100;

    /// <summary>A candidate; <see cref="Withheld"/> names the categories left out (contact_details: no date of birth, no evidence).</summary>
    public sealed record CandidateView(Guid CitizenId, string DisplayName, DateOnly? DateOfBirth, double Score, JsonElement? Evidence, IReadOnlyList<string> Withheld);

    public sealed record View(
        Guid Id, Guid? ImportId, Guid LinkId, Guid CitizenId, string DisplayName, Guid CandidateId, double Score, JsonElement? Evidence,
        IReadOnlyList<CandidateView> Candidates, MatchReviewStatus Status, DateTime CreatedAt, string? ResolvedBy, DateTime? ResolvedAt);

    public sealed record LinkRequest(Guid? CandidateId, string? Reason);

    public async Task<Outcome<IReadOnlyList<View>>> ListAsync(MatchReviewStatus? status, Guid? importId, int? limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxPage)
        {
            return OutcomeProblem.Invalid("limit", $"Must be between 1 and {MaxPage}.");
        }

        var wanted = status ?? MatchReviewStatus.Open;
        var reviews = await db.MatchReviews.AsNoTracking()
            .Where(r => r.Status == wanted && (importId == null || r.ImportId == importId))
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id)
            .Take(limit ?? 20)
            .ToListAsync(cancellationToken);
        var views = new List<View>(reviews.Count);
        foreach (var review in reviews)
        {
            views.Add(await ViewAsync(review, cancellationToken));
        }

        var from = await AuditScope.CurrentAsync(cancellationToken);
        if (AuditTrail.Records(from))
        {
            await audit.RecordListAsync(from, AuditRecords.MatchReviewList, views.SelectMany(v => v.Candidates.Select(c => c.CitizenId).Prepend(v.CitizenId)), cancellationToken);
        }

        return views;
    }

    public async Task<Outcome<View>> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var review = await db.MatchReviews.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (review is null)
        {
            return OutcomeProblem.NotFound("No match review has that id.");
        }

        var view = await ViewAsync(review, cancellationToken);
        var from = await AuditScope.CurrentAsync(cancellationToken);
        if (AuditTrail.Records(from))
        {
            await audit.RecordReadsAsync(from, view.Candidates.Select(c => c.CitizenId).Prepend(view.CitizenId).Distinct().ToList(), AuditRecords.MatchReview, id.ToString("D"), cancellationToken);
        }

        return view;
    }

    /// <summary>Same person: merges the record's citizen into the chosen candidate (the best one unless named).</summary>
    public async Task<Outcome<View>> LinkAsync(Guid id, LinkRequest request, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(actor);
        var loaded = await OpenReviewAsync(id, cancellationToken);
        if (!loaded.Succeeded)
        {
            return loaded.Problem!;
        }

        var review = loaded.Value!;

        var candidateIds = JsonSerializer.Deserialize<List<JsonElement>>(review.Candidates)!.Select(c => c.GetProperty("citizenId").GetGuid()).ToList();
        var into = request.CandidateId ?? review.CandidateId;
        if (!candidateIds.Contains(into))
        {
            return OutcomeProblem.Invalid("candidateId", "Must be one of the review's candidates.");
        }

        // Marked before the merge so that MergeCitizens saves the decision in the merge's own transaction.
        var now = time.GetUtcNow().UtcDateTime;
        review.Status = MatchReviewStatus.Linked;
        review.ResolvedBy = actor.ToString();
        review.ResolvedAt = now;
        var link = await db.SourceRecordLinks.FirstAsync(l => l.Id == review.LinkId, cancellationToken);
        link.CitizenId = into;
        link.Decision = LinkDecision.Reviewed;
        link.DecidedBy = actor.ToString();
        link.DecidedAt = now;
        var merged = await merges.MergeAsync(review.CitizenId, new MergeCitizens.Request(into, request.Reason ?? "Linked in match review"), actor, cancellationToken);
        if (!merged.Succeeded)
        {
            db.ChangeTracker.Clear();
            return merged.Problem!;
        }

        link.MergeId = merged.Value!.Id;
        await db.SaveChangesAsync(cancellationToken);
        return await ViewAsync(review, cancellationToken);
    }

    /// <summary>Different people: the record stays a citizen of its own.</summary>
    public async Task<Outcome<View>> SeparateAsync(Guid id, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var loaded = await OpenReviewAsync(id, cancellationToken);
        if (!loaded.Succeeded)
        {
            return loaded.Problem!;
        }

        var review = loaded.Value!;

        var now = time.GetUtcNow().UtcDateTime;
        review.Status = MatchReviewStatus.Separated;
        review.ResolvedBy = actor.ToString();
        review.ResolvedAt = now;
        var link = await db.SourceRecordLinks.FirstAsync(l => l.Id == review.LinkId, cancellationToken);
        link.Decision = LinkDecision.Separated;
        link.DecidedBy = actor.ToString();
        link.DecidedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return await ViewAsync(review, cancellationToken);
    }

    private async Task<Outcome<MatchReview>> OpenReviewAsync(Guid id, CancellationToken cancellationToken)
    {
        var review = await db.MatchReviews.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (review is null)
        {
            return OutcomeProblem.NotFound("No match review has that id.");
        }

        return review.Status == MatchReviewStatus.Open
            ? review
            : OutcomeProblem.Conflict($"That review was already resolved ({review.Status.ToString().ToLowerInvariant()}).");
    }

    private async Task<View> ViewAsync(MatchReview review, CancellationToken cancellationToken)
    {
        var candidates = JsonSerializer.Deserialize<List<JsonElement>>(review.Candidates)!;
        var ids = candidates.Select(c => c.GetProperty("citizenId").GetGuid()).Append(review.CitizenId).ToList();
        var people = await db.Citizens.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.GivenName, c.FamilyName, c.DateOfBirth })
            .ToDictionaryAsync(c => c.Id, cancellationToken);
        var seen = await access.CitizensAsync(ids, cancellationToken);
        bool Shown(Guid id) => seen[id].ContactDetails.Allowed;
        string Name(Guid id) => people.TryGetValue(id, out var p) ? string.Join(' ', new[] { p.GivenName, p.FamilyName }.Where(n => n is not null)) : "";
        return new View(
            review.Id,
            review.ImportId,
            review.LinkId,
            review.CitizenId,
            Name(review.CitizenId),
            review.CandidateId,
            review.Score,
            // The evidence compares the record with the best candidate: shown only when both sides' details may be.
            Shown(review.CitizenId) && Shown(review.CandidateId) ? JsonDocument.Parse(review.Evidence).RootElement.Clone() : null,
            candidates.Select(c =>
            {
                var id = c.GetProperty("citizenId").GetGuid();
                var shown = Shown(id) && Shown(review.CitizenId);
                return new CandidateView(
                    id,
                    Name(id),
                    Shown(id) ? people.GetValueOrDefault(id)?.DateOfBirth : null,
                    c.GetProperty("score").GetDouble(),
                    shown ? c.GetProperty("evidence").Clone() : null,
                    seen[id].Withheld);
            }).ToList(),
            review.Status,
            review.CreatedAt,
            review.ResolvedBy,
            review.ResolvedAt);
    }
}
