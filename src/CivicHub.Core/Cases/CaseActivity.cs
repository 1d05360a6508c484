using CivicHub.Core.Access;
using CivicHub.Core.Data;
using CivicHub.Core.Events;
using CivicHub.Core.Interactions;

namespace CivicHub.Core.Cases;

/// <summary>What a new interaction does to its case: it is touched, and a citizen's reply takes it off "waiting on citizen".</summary>
public static class CaseActivity
{
    public static void OnInteraction(this CivicHubDb db, Case @case, Interaction interaction, DateTime now)
    {
        // Only a status change claims the case's version: messages arriving together must not conflict with each other.
        @case.UpdatedAt = now;
        if (interaction.Direction == Direction.Inbound && @case.Status == CaseStatus.WaitingOnCitizen)
        {
            @case.Version++;
            @case.Status = CaseStatus.InProgress;
            db.CaseChanges.Add(new CaseChange
            {
                CaseId = @case.Id,
                Kind = CaseChangeKind.StatusChanged,
                From = nameof(CaseStatus.WaitingOnCitizen),
                To = nameof(CaseStatus.InProgress),
                Text = $"The citizen replied by {interaction.Channel}.",
                Actor = Actor.System.ToString(),
                ActorName = Actor.System.DisplayName,
                At = now,
            });
            db.Record("case.status_changed", @case, now, new { From = CaseStatus.WaitingOnCitizen, To = CaseStatus.InProgress });
        }

        db.Record("interaction.recorded", @case, now, new { interaction.Channel, interaction.Direction });
    }
}
