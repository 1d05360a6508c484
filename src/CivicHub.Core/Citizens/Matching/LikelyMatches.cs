using System.Text.Json;
using CivicHub.Core.Data;
using CivicHub.Core.Privacy;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Citizens.Matching;

/// <summary>
/// Suggests who a provisional citizen (an unknown sender who gave a name) may be, with score and evidence, for the
/// agent to confirm by merging; nothing is merged here.
/// </summary>
public sealed class LikelyMatches(CivicHubDb db, TimeProvider time, RecordAccess access)
{
    public const int MaxSuggestions = 5;

    /// <summary>A candidate; date of birth and evidence (which compares their details) are null when the reader may not see the candidate's contact details.</summary>
    public sealed record View(Guid CitizenId, string DisplayName, DateOnly? DateOfBirth, double Score, JsonElement? Evidence);

    /// <summary>Files the new citizen for matching and stores the likely matches, in the caller's unit of work.</summary>
    public async Task SuggestForAsync(Citizen citizen, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(citizen);
        var record = MatchProfiles.RecordOf(citizen);
        db.AddMatchProfile(citizen.Id, record);
        if (record.GivenKey is null && record.FamilyKey is null)
        {
            return;
        }

        var model = MatchModel.Default;
        var blocks = await db.BlocksAsync(BlockingKeys.Of(record).ToList(), cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var suggestions = blocks.Values.SelectMany(b => b)
            .Where(p => p.CitizenId != citizen.Id)
            .DistinctBy(p => p.CitizenId)
            .Select(p => (p.CitizenId, Score: model.Compare(record, p.ToRecord())))
            .Where(s => s.Score.Score >= model.SuggestThreshold)
            .OrderByDescending(s => s.Score.Score)
            .Take(MaxSuggestions);
        foreach (var (candidateId, score) in suggestions)
        {
            db.MatchSuggestions.Add(new MatchSuggestion
            {
                Id = Guid.CreateVersion7(),
                CitizenId = citizen.Id,
                CandidateId = candidateId,
                Score = Math.Round(score.Score, 2),
                Evidence = score.ToJson(),
                CreatedAt = now,
            });
        }
    }

    /// <summary>
    /// The suggestions for a citizen whose candidates are still records of their own, best first, showing each
    /// candidate's details only as far as the reader may see their contact details.
    /// </summary>
    public async Task<IReadOnlyList<View>> ForAsync(Guid citizenId, CancellationToken cancellationToken)
    {
        var rows = await (
            from s in db.MatchSuggestions
            where s.CitizenId == citizenId
            join c in db.Citizens on s.CandidateId equals c.Id
            where c.MergedIntoId == null
            orderby s.Score descending
            select new { s.CandidateId, c.GivenName, c.FamilyName, c.DateOfBirth, s.Score, s.Evidence })
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return [];
        }

        var seen = await access.CitizensAsync(rows.Select(r => r.CandidateId).ToList(), cancellationToken);
        return rows.Select(r =>
        {
            var shown = seen[r.CandidateId].ContactDetails.Allowed;
            return new View(
                r.CandidateId,
                string.Join(' ', new[] { r.GivenName, r.FamilyName }.Where(n => !string.IsNullOrWhiteSpace(n))),
                shown ? r.DateOfBirth : null,
                r.Score,
                shown ? JsonDocument.Parse(r.Evidence).RootElement.Clone() : null);
        }).ToList();
    }
}
