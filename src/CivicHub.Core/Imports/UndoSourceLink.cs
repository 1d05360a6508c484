using CivicHub.Core.Access;
using CivicHub.Core.Citizens;
using CivicHub.Core.Citizens.Matching;
using CivicHub.Core.Data;
using CivicHub.Core.Outcomes;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Imports;

/// <summary>
/// Undoes a link (automatic or made in review): the record's own citizen comes back with everything the link moved,
/// through <see cref="MergeCitizens.UndoAsync"/>, and the link is marked undone.
/// </summary>
public sealed class UndoSourceLink(CivicHubDb db, MergeCitizens merges, TimeProvider time)
{
    public async Task<Outcome<SourceRecordLink>> RunAsync(Guid linkId, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var link = await db.SourceRecordLinks.FirstOrDefaultAsync(l => l.Id == linkId, cancellationToken);
        if (link is null)
        {
            return OutcomeProblem.NotFound("No source record link has that id.");
        }

        if (link.Decision is not (LinkDecision.Auto or LinkDecision.Reviewed) || link.MergeId is null)
        {
            return OutcomeProblem.Conflict($"Only a link can be undone; this record is {link.Decision.ToString().ToLowerInvariant()}.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var mergeId = link.MergeId.Value;
        link.CitizenId = link.RecordCitizenId;
        link.Decision = LinkDecision.Undone;
        link.MergeId = null;
        link.DecidedBy = actor.ToString();
        link.DecidedAt = now;
        var review = await db.MatchReviews.FirstOrDefaultAsync(r => r.LinkId == link.Id, cancellationToken);
        if (review is not null)
        {
            review.Status = MatchReviewStatus.Separated;
            review.ResolvedBy = actor.ToString();
            review.ResolvedAt = now;
        }

        // The link's change is saved in the undo's own transaction.
        var undone = await merges.UndoAsync(mergeId, actor, cancellationToken);
        if (!undone.Succeeded)
        {
            db.ChangeTracker.Clear();
            return undone.Problem!;
        }

        return link;
    }
}
