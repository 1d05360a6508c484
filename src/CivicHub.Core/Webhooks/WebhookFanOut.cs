using CivicHub.Core.Access;
using CivicHub.Core.Data;
using CivicHub.Core.Events;
using CivicHub.Core.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CivicHub.Core.Webhooks;

/// <summary>
/// Turns committed events into one pending delivery per subscription that wants them. Each event is marked when
/// fanned out, so none is skipped however the transactions that wrote them interleave, and the unique
/// (subscription, event) index means two hosts racing cannot deliver one event twice.
/// </summary>
public sealed class WebhookFanOut(CivicHubDb db, TimeProvider time, IOptions<WebhookOptions> options, RecordAccess access)
{
    /// <summary>Fans out one batch; returns how many events it handled.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        // Only what deciding who gets an event takes: a delivery refers to its event, and the payload stays in its row.
        var events = await db.Events.AsNoTracking().Where(e => e.FannedOutAt == null).OrderBy(e => e.Id).Take(options.Value.BatchSize * 4)
            .Select(e => new Pending(e.Id, e.Type, e.CaseId, e.CitizenId, e.OccurredAt))
            .ToListAsync(cancellationToken);
        if (events.Count == 0)
        {
            return 0;
        }

        var subscriptions = await db.WebhookSubscriptions.AsNoTracking().Where(s => s.Active).ToListAsync(cancellationToken);
        var wanted = events
            .SelectMany(e => subscriptions.Where(s => s.Wants(e.Type) && s.CreatedAt <= e.OccurredAt).Select(s => (Event: e, Subscription: s)))
            .ToList();
        var now = time.GetUtcNow().UtcDateTime;
        if (wanted.Count > 0)
        {
            var sees = await AudienceAsync(wanted, cancellationToken);
            foreach (var (@event, subscription) in wanted.Where(w => sees(w.Subscription, w.Event)))
            {
                db.WebhookDeliveries.Add(new WebhookDelivery
                {
                    SubscriptionId = subscription.Id,
                    EventId = @event.Id,
                    OrderingKey = @event.CaseId ?? @event.CitizenId,
                    Status = DeliveryStatus.Pending,
                    NextAttemptAt = now,
                    CreatedAt = now,
                });
            }
        }

        // The deliveries and the events' marks commit together; another host's fan-out of the same events stands.
        var ids = events.Select(e => e.Id).ToList();
        await db.SaveMarkingAsync(
            db.Events.Where(e => ids.Contains(e.Id) && e.FannedOutAt == null), e => e.SetProperty(x => x.FannedOutAt, now), cancellationToken);
        return events.Count;
    }

    /// <summary>
    /// Whether a subscription's owner may see an event, by the same rules as its reads: a case's events go to those
    /// who may see the case, events outside any case to clients acting for a department.
    /// </summary>
    private async Task<Func<WebhookSubscription, Pending, bool>> AudienceAsync(
        List<(Pending Event, WebhookSubscription Subscription)> wanted, CancellationToken cancellationToken)
    {
        var scopes = new Dictionary<Guid, AccessScope>();
        foreach (var subscription in wanted.Select(w => w.Subscription).DistinctBy(s => s.Id))
        {
            var owner = new Actor(ActorKind.Integration, subscription.ClientId, subscription.ClientId);
            scopes[subscription.Id] = await access.ScopeForAsync(owner, subscription.DepartmentId is { } d ? [d] : [], cancellationToken);
        }

        var caseIds = wanted.Where(w => w.Event.CaseId is not null).Select(w => w.Event.CaseId!.Value).Distinct().ToList();
        var cases = await db.Cases.AsNoTracking().Where(c => caseIds.Contains(c.Id))
            .Select(c => new { c.Id, c.CitizenId, c.DepartmentId, c.ServiceId })
            .ToDictionaryAsync(c => c.Id, cancellationToken);
        var citizenIds = cases.Values.Select(c => c.CitizenId).Distinct().ToList();
        var consents = scopes.Values.Any(s => s.NeedsConsents)
            ? (await db.CitizenConsents.AsNoTracking().Where(k => citizenIds.Contains(k.CitizenId) && k.WithdrawnAt == null)
                .Select(k => new { k.CitizenId, k.AgreementId }).ToListAsync(cancellationToken)).ToLookup(k => k.CitizenId, k => k.AgreementId)
            : null;
        return (subscription, @event) =>
        {
            var scope = scopes[subscription.Id];
            if (@event.CaseId is not { } caseId)
            {
                return scope.OwnDepartments.Count > 0;
            }

            return cases.TryGetValue(caseId, out var c)
                && scope.DecideCase(c.DepartmentId, c.ServiceId, consents is null ? [] : [.. consents[c.CitizenId]]).Allowed;
        };
    }

    /// <summary>An event waiting for the fan-out, as far as deciding its deliveries needs.</summary>
    private sealed record Pending(long Id, string Type, Guid? CaseId, Guid? CitizenId, DateTime OccurredAt);
}
