using CivicHub.Core.Access;
using CivicHub.Core.Catalog;
using CivicHub.Core.Data;
using CivicHub.Core.Events;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Staff;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Cases;

/// <summary>What staff do to a case: move its status, assign it, note on it, change its priority. Each is recorded with who and when.</summary>
public sealed class CaseActions(CivicHubDb db, CatalogSnapshot catalog, TimeProvider time)
{
    public const int MaxNoteLength = 10_000;

    /// <summary>Version, when given, is the case's version the caller saw: a newer one is a conflict, not a silent overwrite.</summary>
    public sealed record StatusRequest(CaseStatus? Status, string? Reason, int? Version = null);

    /// <summary>Version, when given, is the case's version the caller saw: a newer one is a conflict, not a silent overwrite.</summary>
    public sealed record AssignRequest(Guid? AssigneeId, int? QueueId, int? Version = null);

    /// <summary>Sensitive: the note holds health, benefits or similar details; it is encrypted at rest and shown only with the sensitive-fields category.</summary>
    public sealed record NoteRequest(string? Text, bool Sensitive = false);

    public sealed record PriorityRequest(CasePriority? Priority, string? Reason);

    public Task<Outcome<Case>> ChangeStatusAsync(string reference, StatusRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().Text("reason", request.Reason, 2_000, required: false);
        if (request.Status is null)
        {
            errors.Add("status", "This field is required.");
        }

        return ApplyAsync(reference, errors, actor, request.Version, (@case, now) =>
        {
            var to = request.Status!.Value;
            if (!CaseWorkflow.CanMove(@case.Status, to))
            {
                var allowed = string.Join(", ", CaseWorkflow.NextFrom(@case.Status));
                return Task.FromResult<OutcomeProblem?>(OutcomeProblem.Invalid("status", $"A case that is {@case.Status} can move to: {allowed}."));
            }

            var from = @case.Status;
            @case.Status = to;
            @case.ResolvedAt = to == CaseStatus.Resolved ? now : to == CaseStatus.Closed ? @case.ResolvedAt : null;
            @case.ClosedAt = to == CaseStatus.Closed ? now : null;
            Record(@case, CaseChangeKind.StatusChanged, from.ToString(), to.ToString(), request.Reason, actor, now);
            db.Record("case.status_changed", @case, now, new { From = from, To = to });
            return Task.FromResult<OutcomeProblem?>(null);
        }, cancellationToken);
    }

    public Task<Outcome<Case>> AssignAsync(string reference, AssignRequest request, Actor actor, CancellationToken cancellationToken)
    {
        return ApplyAsync(reference, new ValidationErrors(), actor, request.Version, async (@case, now) =>
        {
            var managesWork = actor.IsStaff(StaffRole.Supervisor, StaffRole.Administrator);
            if (request.AssigneeId is { } assigneeId && assigneeId != actor.StaffId && !managesWork)
            {
                return OutcomeProblem.Forbidden("Only a supervisor or an administrator may assign a case to someone else; take it yourself instead.");
            }

            if (request.AssigneeId is null && @case.AssigneeId is { } current && current != actor.StaffId && !managesWork)
            {
                return OutcomeProblem.Forbidden("Only a supervisor or an administrator may take a case off someone else.");
            }

            if (request.AssigneeId is { } id && !await db.Staff.AnyAsync(s => s.Id == id && s.Active, cancellationToken))
            {
                return OutcomeProblem.Invalid("assigneeId", "No active member of staff has that id.");
            }

            if (request.QueueId is { } queueId)
            {
                var queue = (await catalog.GetAsync(cancellationToken)).Queues.FirstOrDefault(q => q.Id == queueId);
                if (queue is null)
                {
                    return OutcomeProblem.Invalid("queueId", "No queue has that id.");
                }

                if (queue.Id != @case.QueueId)
                {
                    Record(@case, CaseChangeKind.Assigned, $"queue:{@case.QueueId}", $"queue:{queue.Id}", null, actor, now);
                    @case.QueueId = queue.Id;
                    @case.DepartmentId = queue.DepartmentId;
                }
            }

            if (request.AssigneeId != @case.AssigneeId)
            {
                Record(@case, CaseChangeKind.Assigned, @case.AssigneeId?.ToString(), request.AssigneeId?.ToString(), null, actor, now);
                @case.AssigneeId = request.AssigneeId;
            }

            db.Record("case.assigned", @case, now, new { @case.AssigneeId, @case.QueueId, @case.DepartmentId });
            return null;
        }, cancellationToken);
    }

    public Task<Outcome<Case>> AddNoteAsync(string reference, NoteRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().Text("text", request.Text, MaxNoteLength);
        return ApplyAsync(reference, errors, actor, null, (@case, now) =>
        {
            if (request.Sensitive)
            {
                db.CaseChanges.Add(new CaseChange
                {
                    CaseId = @case.Id,
                    Kind = CaseChangeKind.NoteAdded,
                    Sensitive = true,
                    SensitiveText = request.Text!.Trim(),
                    Actor = actor.ToString(),
                    ActorName = actor.DisplayName,
                    At = now,
                });
            }
            else
            {
                Record(@case, CaseChangeKind.NoteAdded, null, null, request.Text!.Trim(), actor, now);
            }

            // The event says that a note was added, never what it says, so webhooks and the feed carry no note text.
            db.Record("case.note_added", @case, now);
            return Task.FromResult<OutcomeProblem?>(null);
        }, cancellationToken);
    }

    public Task<Outcome<Case>> ChangePriorityAsync(string reference, PriorityRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().Text("reason", request.Reason, 2_000, required: false);
        if (request.Priority is null)
        {
            errors.Add("priority", "This field is required.");
        }

        return ApplyAsync(reference, errors, actor, null, (@case, now) =>
        {
            Record(@case, CaseChangeKind.PriorityChanged, @case.Priority.ToString(), request.Priority.ToString(), request.Reason, actor, now);
            db.Record("case.priority_changed", @case, now, new { From = @case.Priority, To = request.Priority });
            @case.Priority = request.Priority!.Value;
            return Task.FromResult<OutcomeProblem?>(null);
        }, cancellationToken);
    }

    private async Task<Outcome<Case>> ApplyAsync(
        string reference, ValidationErrors errors, Actor actor, int? expectedVersion, Func<Case, DateTime, Task<OutcomeProblem?>> change, CancellationToken cancellationToken)
    {
        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        if (actor.Kind is not (ActorKind.Staff or ActorKind.System))
        {
            return OutcomeProblem.Forbidden("Only staff act on cases.");
        }

        var @case = await db.FindByReferenceAsync(reference, cancellationToken);
        if (@case is null)
        {
            return OutcomeProblem.NotFound("No case has that reference.");
        }

        if (expectedVersion is { } seen && seen != @case.Version)
        {
            return OutcomeProblem.Conflict("Someone else changed this case since you loaded it; reload it and try again.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (await change(@case, now) is { } problem)
        {
            return problem;
        }

        @case.UpdatedAt = now;
        @case.Version++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return OutcomeProblem.Conflict("Someone else changed this case at the same moment; reload it and try again.");
        }

        return @case;
    }

    private void Record(Case @case, CaseChangeKind kind, string? from, string? to, string? text, Actor actor, DateTime now) =>
        db.CaseChanges.Add(new CaseChange
        {
            CaseId = @case.Id,
            Kind = kind,
            From = from,
            To = to,
            Text = string.IsNullOrWhiteSpace(text) ? null : text.Trim(),
            Actor = actor.ToString(),
            ActorName = actor.DisplayName,
            At = now,
        });
}
