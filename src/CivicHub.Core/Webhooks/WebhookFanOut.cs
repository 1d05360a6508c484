using CivicHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CivicHub.Core.Webhooks;

/// <summary>
/// Turns committed events into one pending delivery per subscription that wants them. Each event is marked when
/// fanned out, so none is skipped however the transactions that wrote them interleave, and the unique
/// (subscription, event) index means two hosts racing cannot deliver one event twice.
/// </summary>
public sealed class WebhookFanOut(CivicHubDb db, TimeProvider time, IOptions<WebhookOptions> options)
{
    /// <summary>Fans out one batch; returns how many events it handled.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var events = await db.Events.Where(e => e.FannedOutAt == null).OrderBy(e => e.Id).Take(options.Value.BatchSize * 4).ToListAsync(cancellationToken);
        if (events.Count == 0)
        {
            return 0;
        }

        var subscriptions = await db.WebhookSubscriptions.AsNoTracking().Where(s => s.Active).ToListAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var @event in events)
        {
            foreach (var subscription in subscriptions.Where(s => s.Wants(@event.Type) && s.CreatedAt <= @event.OccurredAt))
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

            @event.FannedOutAt = now;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another host fanned out the same events first; its deliveries stand.
            db.ChangeTracker.Clear();
        }

        return events.Count;
    }
}
