using CivicHub.Core.Access;
using CivicHub.Core.Data;
using CivicHub.Core.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CivicHub.Core.Webhooks;

/// <summary>
/// Turns committed events into one pending delivery per subscription that wants them, in id order, once each. Only
/// the holder of the lease (a conditional update of one row, as the audit sealer's) fans out, and the lease's scan
/// mark says how far it has come, so no event is written to for it (decision 0022). On PostgreSQL, where an event's
/// id is handed out before its transaction commits, the mark passes an id only once every transaction that could
/// still commit an event below it has ended (<see cref="ScanMarks"/>), so none is skipped however the writers
/// interleave; a delivery already made for an event read again is not made twice.
/// </summary>
public sealed class WebhookFanOut(CivicHubDb db, TimeProvider time, IOptions<WebhookOptions> options, RecordAccess access)
{
    /// <summary>
    /// Fans out one batch when this holder has (or can take) the lease: how many events it handled, and whether events
    /// are waiting for their writers to end, so that the caller comes back soon rather than after the poll interval.
    /// </summary>
    public async Task<FanOutPass> RunOnceAsync(Guid holder, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var leaseUntil = now + options.Value.FanOutLease;
        var claimed = await db.WebhookFanOutLeases
            .Where(l => l.Id == WebhookFanOutLease.TheLease && (l.Holder == holder || l.LeaseUntil == null || l.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.LeaseUntil, leaseUntil), cancellationToken);
        if (claimed == 0)
        {
            return default;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var lease = await db.WebhookFanOutLeases.SingleAsync(l => l.Id == WebhookFanOutLease.TheLease, cancellationToken);
        var postgres = db.IsPostgres;
        // Asked before the batch is read, so that whatever the noted writers committed is in it.
        var pendingSettled = postgres && await ScanMarks.PendingSettledAsync(db, lease, cancellationToken);
        var upTo = !postgres ? long.MaxValue : pendingSettled ? lease.PendingThrough!.Value : lease.ScannedThrough;
        // Narrow rows: a pass can take many, and under load each pass's round trips are shared by more events.
        var size = options.Value.BatchSize * 10;
        // Only what deciding who gets an event takes: a delivery refers to its event, and the payload stays in its row.
        var events = upTo > lease.ScannedThrough
            ? await db.Events.AsNoTracking().Where(e => e.Id > lease.ScannedThrough && e.Id <= upTo).OrderBy(e => e.Id).Take(size)
                .Select(e => new Pending(e.Id, e.Type, e.CaseId, e.CitizenId, e.OccurredAt))
                .ToListAsync(cancellationToken)
            : [];
        if (events.Count > 0)
        {
            await AddDeliveriesAsync(events, now, cancellationToken);
        }

        if (postgres)
        {
            if (pendingSettled)
            {
                // Up to where every event the batch could see is handled.
                ScanMarks.Settle(lease, events.Count == size ? events[^1].Id : long.MaxValue);
            }

            await ScanMarks.NoteWritersAsync(db, "Events", lease, cancellationToken);
        }
        else if (events.Count > 0)
        {
            lease.ScannedThrough = events[^1].Id;
        }

        // The deliveries and the mark commit together.
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return new FanOutPass(events.Count, events.Count == size, lease.PendingThrough is not null);
    }

    /// <summary>
    /// Gives the lease up if this holder has it, so that another host fans out at once instead of when it runs out
    /// (a host stopping for a deployment).
    /// </summary>
    public Task<int> ReleaseAsync(Guid holder, CancellationToken cancellationToken) =>
        db.WebhookFanOutLeases.Where(l => l.Id == WebhookFanOutLease.TheLease && l.Holder == holder)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, (Guid?)null).SetProperty(l => l.LeaseUntil, (DateTime?)null), cancellationToken);

    private async Task AddDeliveriesAsync(List<Pending> events, DateTime now, CancellationToken cancellationToken)
    {
        var subscriptions = await db.WebhookSubscriptions.AsNoTracking().Where(s => s.Active).ToListAsync(cancellationToken);
        var wanted = events
            .SelectMany(e => subscriptions.Where(s => s.Wants(e.Type) && s.CreatedAt <= e.OccurredAt).Select(s => (Event: e, Subscription: s)))
            .ToList();
        if (wanted.Count == 0)
        {
            return;
        }

        // A lease that ran out mid-batch, or a mark set back by the migration that brought it in, reads events again.
        var subscriptionIds = wanted.Select(w => w.Subscription.Id).Distinct().ToList();
        var eventIds = events.Select(e => e.Id).ToList();
        var made = (await db.WebhookDeliveries.AsNoTracking()
                .Where(d => subscriptionIds.Contains(d.SubscriptionId) && eventIds.Contains(d.EventId))
                .Select(d => new { d.SubscriptionId, d.EventId })
                .ToListAsync(cancellationToken))
            .Select(d => (d.SubscriptionId, d.EventId)).ToHashSet();
        var sees = await AudienceAsync(wanted, cancellationToken);
        foreach (var (@event, subscription) in wanted.Where(w => !made.Contains((w.Subscription.Id, w.Event.Id)) && sees(w.Subscription, w.Event)))
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
