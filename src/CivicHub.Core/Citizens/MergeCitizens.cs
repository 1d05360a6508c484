using System.Text.Json;
using CivicHub.Core.Access;
using CivicHub.Core.Data;
using CivicHub.Core.Events;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Privacy;
using CivicHub.Core.Privacy.Audit;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Citizens;

/// <summary>
/// Merges a duplicate record (typically a provisional citizen created by intake) into the person's real record:
/// identities, cases, drafts and interactions move, the duplicate stays behind marked as merged, and the merge
/// is recorded with what moved so that it can be undone without losing anything. Staff and integrations may merge
/// (or undo) only records they see whole: both citizens' contact details and every case of theirs.
/// </summary>
public sealed class MergeCitizens(CivicHubDb db, RecordAccess access, TimeProvider time)
{
    public sealed record Request(Guid? IntoCitizenId, string? Reason);

    /// <summary>What a merge moved; <see cref="Consents"/> is null for merges made before consents moved with them.</summary>
    public sealed record Moved(List<Guid> Identities, List<Guid> Cases, List<Guid> Drafts, List<long> Interactions, List<Guid>? Consents = null);

    public async Task<Outcome<CitizenMerge>> MergeAsync(Guid sourceId, Request request, Actor actor, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().Text("reason", request.Reason, 2_000, required: false);
        if (request.IntoCitizenId is null)
        {
            errors.Add("intoCitizenId", "This field is required.");
        }
        else if (request.IntoCitizenId == sourceId)
        {
            errors.Add("intoCitizenId", "A record cannot be merged into itself.");
        }

        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        var source = await db.Citizens.FirstOrDefaultAsync(c => c.Id == sourceId, cancellationToken);
        if (source is null)
        {
            return OutcomeProblem.NotFound("No citizen has that id.");
        }

        var target = await db.Citizens.FirstOrDefaultAsync(c => c.Id == request.IntoCitizenId, cancellationToken);
        if (target is null)
        {
            return OutcomeProblem.Invalid("intoCitizenId", "No citizen has that id.");
        }

        if (source.MergedIntoId is not null || target.MergedIntoId is not null)
        {
            return OutcomeProblem.Conflict("One of the two records was already merged into another.");
        }

        if (await RefusedAsync(actor, sourceId, target.Id, cancellationToken) is { } refused)
        {
            return refused;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var moved = new Moved(
            await db.ChannelIdentities.Where(i => i.CitizenId == sourceId).Select(i => i.Id).ToListAsync(cancellationToken),
            await db.Cases.Where(c => c.CitizenId == sourceId).Select(c => c.Id).ToListAsync(cancellationToken),
            await db.Drafts.Where(d => d.CitizenId == sourceId).Select(d => d.Id).ToListAsync(cancellationToken),
            await db.Interactions.Where(i => i.CitizenId == sourceId).Select(i => i.Id).ToListAsync(cancellationToken),
            await db.CitizenConsents.Where(k => k.CitizenId == sourceId).Select(k => k.Id).ToListAsync(cancellationToken));
        await MoveAsync(moved, target.Id, cancellationToken);

        var now = time.GetUtcNow().UtcDateTime;
        source.MergedIntoId = target.Id;
        source.UpdatedAt = now;
        target.UpdatedAt = now;
        if (target.GivenName is null && target.FamilyName is null)
        {
            target.SetNames(source.GivenName, source.FamilyName);
        }

        target.DateOfBirth ??= source.DateOfBirth;
        if (target.Addresses.Count == 0)
        {
            target.Addresses = source.Addresses.ToList();
        }

        target.IsProvisional = target.IsProvisional && source.IsProvisional;
        var merge = new CitizenMerge
        {
            Id = Guid.CreateVersion7(),
            SourceId = sourceId,
            TargetId = target.Id,
            Moved = JsonSerializer.Serialize(moved),
            Actor = actor.ToString(),
            Reason = request.Reason?.Trim(),
            MergedAt = now,
        };
        db.CitizenMerges.Add(merge);
        db.Record("citizen.merged", target.Id, now, new { MergeId = merge.Id, SourceId = sourceId });
        await RecordMovesAsync(merge.Id, moved, sourceId, target.Id, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return merge;
    }

    /// <summary>Puts back everything a merge moved; what was added to either record since stays where it is.</summary>
    public async Task<Outcome<CitizenMerge>> UndoAsync(Guid mergeId, Actor actor, CancellationToken cancellationToken)
    {
        var merge = await db.CitizenMerges.FirstOrDefaultAsync(m => m.Id == mergeId, cancellationToken);
        if (merge is null)
        {
            return OutcomeProblem.NotFound("No merge has that id.");
        }

        if (merge.UndoneAt is not null)
        {
            return OutcomeProblem.Conflict("That merge was already undone.");
        }

        var source = await db.Citizens.FirstAsync(c => c.Id == merge.SourceId, cancellationToken);
        if (source.MergedIntoId != merge.TargetId)
        {
            return OutcomeProblem.Conflict("The merged record has changed since; undo the later merge first.");
        }

        if (await RefusedAsync(actor, merge.SourceId, merge.TargetId, cancellationToken) is { } refused)
        {
            return refused;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var moved = JsonSerializer.Deserialize<Moved>(merge.Moved)!;
        await MoveAsync(moved, merge.SourceId, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        await RecordMovesAsync(merge.Id, moved, merge.TargetId, merge.SourceId, now, cancellationToken);
        source.MergedIntoId = null;
        source.UpdatedAt = now;
        merge.UndoneAt = now;
        merge.UndoneBy = actor.ToString();
        db.Record("citizen.merge_undone", merge.TargetId, now, new { MergeId = merge.Id, merge.SourceId });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return merge;
    }

    /// <summary>
    /// Refuses a merge (or its undoing) by staff or an integration unless they see both records whole: merging moves
    /// identities, cases and interactions, so someone who sees only part of a record would move what they may not see.
    /// CivicHub itself (a portal account's verified email, an import) merges as the system.
    /// </summary>
    private async Task<OutcomeProblem?> RefusedAsync(Actor actor, Guid sourceId, Guid targetId, CancellationToken cancellationToken)
    {
        if (actor.Kind is not (ActorKind.Staff or ActorKind.Integration))
        {
            return null;
        }

        var seen = await access.CitizensAsync([sourceId, targetId], cancellationToken);
        var hidden = new[] { (Id: sourceId, Name: "the duplicate"), (Id: targetId, Name: "the kept record") }
            .Where(r => !seen[r.Id].ContactDetails.Allowed || !seen[r.Id].AllCases)
            .Select(r => r.Name)
            .ToList();
        return hidden.Count == 0
            ? null
            : OutcomeProblem.Forbidden($"You may not see all of {string.Join(" and ", hidden)} (contact details or cases of another department without an agreement), so you may not merge them. Ask someone of that department.");
    }

    /// <summary>
    /// The bulk updates below bypass the change interceptor, so what moved is recorded here, in the merge's own
    /// transaction: one entry per moved identity, case, draft and consent, one per kind for interactions and files
    /// (there may be thousands), and the merge itself on both records.
    /// </summary>
    private async Task RecordMovesAsync(Guid mergeId, Moved moved, Guid fromId, Guid toId, DateTime now, CancellationToken cancellationToken)
    {
        var from = await AuditScope.CurrentAsync(cancellationToken);
        var entries = new List<AuditEntry>
        {
            AuditInterceptor.NewEntry(from, now, AuditAction.Update, AuditRecords.Merge, mergeId.ToString("D"), fromId),
            AuditInterceptor.NewEntry(from, now, AuditAction.Update, AuditRecords.Merge, mergeId.ToString("D"), toId),
        };
        entries.AddRange(moved.Identities.Select(id => AuditInterceptor.NewEntry(from, now, AuditAction.Update, AuditRecords.Identity, id.ToString("D"), toId)));
        var references = await db.Cases.AsNoTracking().Where(c => moved.Cases.Contains(c.Id)).Select(c => c.Reference).ToListAsync(cancellationToken);
        entries.AddRange(references.Select(reference => AuditInterceptor.NewEntry(from, now, AuditAction.Update, AuditRecords.Case, reference, toId)));
        entries.AddRange(moved.Drafts.Select(id => AuditInterceptor.NewEntry(from, now, AuditAction.Update, AuditRecords.Draft, id.ToString("D"), toId)));
        entries.AddRange((moved.Consents ?? []).Select(id => AuditInterceptor.NewEntry(from, now, AuditAction.Update, AuditRecords.Consent, id.ToString("D"), toId)));
        if (moved.Interactions.Count > 0)
        {
            var summary = $"{moved.Interactions.Count} moved by merge {mergeId:D}";
            entries.Add(AuditInterceptor.NewEntry(from, now, AuditAction.Update, AuditRecords.Interaction, summary, toId));
            entries.Add(AuditInterceptor.NewEntry(from, now, AuditAction.Update, AuditRecords.Attachment, $"those of {summary}", toId));
        }

        db.AuditEntries.AddRange(entries);
    }

    private async Task MoveAsync(Moved moved, Guid to, CancellationToken cancellationToken)
    {
        await db.ChannelIdentities.Where(i => moved.Identities.Contains(i.Id)).ExecuteUpdateAsync(s => s.SetProperty(i => i.CitizenId, to), cancellationToken);
        await db.Cases.Where(c => moved.Cases.Contains(c.Id)).ExecuteUpdateAsync(s => s.SetProperty(c => c.CitizenId, to), cancellationToken);
        await db.Drafts.Where(d => moved.Drafts.Contains(d.Id)).ExecuteUpdateAsync(s => s.SetProperty(d => d.CitizenId, to), cancellationToken);
        foreach (var chunk in moved.Interactions.Chunk(1000))
        {
            await db.Interactions.Where(i => chunk.Contains(i.Id)).ExecuteUpdateAsync(s => s.SetProperty(i => i.CitizenId, to), cancellationToken);

            // Files follow the interaction they came with.
            await db.Attachments.Where(a => chunk.Contains(a.InteractionId)).ExecuteUpdateAsync(s => s.SetProperty(a => a.CitizenId, to), cancellationToken);
        }

        // Consents are the citizen's word and go with the rest of them: the kept record shares what they agreed to.
        if (moved.Consents is { Count: > 0 } consents)
        {
            await db.CitizenConsents.Where(k => consents.Contains(k.Id)).ExecuteUpdateAsync(s => s.SetProperty(k => k.CitizenId, to), cancellationToken);
        }
    }
}
