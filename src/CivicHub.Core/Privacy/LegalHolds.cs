using CivicHub.Core.Access;
using CivicHub.Core.Cases;
using CivicHub.Core.Data;
using CivicHub.Core.Events;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Staff;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Privacy;

/// <summary>Puts a case on legal hold or lifts the hold: a held case, and its citizen's data, are kept.</summary>
public sealed class LegalHolds(CivicHubDb db, TimeProvider time)
{
    public sealed record Request(bool? Hold, string? Reason);

    public async Task<Outcome<bool>> SetAsync(string reference, Request request, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsStaff(StaffRole.Supervisor, StaffRole.Administrator))
        {
            return OutcomeProblem.Forbidden("Only a supervisor may place or lift a legal hold.");
        }

        var errors = new ValidationErrors().Text("reason", request.Reason, 2_000);
        if (request.Hold is null)
        {
            errors.Add("hold", "This field is required.");
        }

        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        var normalized = CaseReference.Normalize(reference);
        var @case = normalized is null ? null : await db.Cases.FirstOrDefaultAsync(c => c.Reference == normalized, cancellationToken);
        if (@case is null)
        {
            return OutcomeProblem.NotFound("No case has that reference.");
        }

        @case.LegalHold = request.Hold!.Value;
        db.Record(request.Hold.Value ? "case.legal_hold_placed" : "case.legal_hold_lifted", @case, time.GetUtcNow().UtcDateTime,
            new { ActorId = actor.ToString(), Reason = request.Reason!.Trim() });
        await db.SaveChangesAsync(cancellationToken);
        return @case.LegalHold;
    }
}
