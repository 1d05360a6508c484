using System.Text;
using System.Text.Json;
using CivicHub.Core.Data;
using CivicHub.Core.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CivicHub.Core.Webhooks;

/// <summary>
/// Sends due deliveries to their receivers, signed, and records each attempt. A delivery waits while an earlier
/// one with the same ordering key (the case) is still pending, so a receiver sees each case's events in order
/// even after an outage; failures back off exponentially with jitter.
/// </summary>
public sealed partial class WebhookDispatcher(
    CivicHubDb db,
    IHttpClientFactory httpClients,
    TimeProvider time,
    IOptions<WebhookOptions> options,
    ILogger<WebhookDispatcher> logger)
{
    public const string HttpClientName = "webhooks";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Claims and sends one batch; returns how many deliveries it attempted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var claimed = await ClaimAsync(cancellationToken);
        if (claimed.Count == 0)
        {
            return 0;
        }

        var subscriptionIds = claimed.Select(d => d.SubscriptionId).Distinct().ToList();
        var subscriptions = await db.WebhookSubscriptions.Where(s => subscriptionIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        var eventIds = claimed.Select(d => d.EventId).ToList();
        var events = await db.Events.AsNoTracking().Where(e => eventIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, cancellationToken);

        // Per key in order; different keys in parallel.
        await Parallel.ForEachAsync(
            claimed.GroupBy(d => (d.SubscriptionId, d.OrderingKey)).ToList(),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (group, token) =>
            {
                foreach (var delivery in group.OrderBy(d => d.EventId))
                {
                    if (!await SendAsync(delivery, subscriptions[delivery.SubscriptionId], events[delivery.EventId], token))
                    {
                        break;
                    }
                }
            });

        foreach (var delivery in claimed)
        {
            delivery.ClaimToken = null;
            delivery.LeaseUntil = null;
        }

        await db.SaveChangesAsync(cancellationToken);
        return claimed.Count;
    }

    private async Task<List<WebhookDelivery>> ClaimAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var candidates = await db.WebhookDeliveries
            .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now && (d.LeaseUntil == null || d.LeaseUntil < now))
            .Where(d => !db.WebhookDeliveries.Any(earlier => earlier.SubscriptionId == d.SubscriptionId && earlier.OrderingKey == d.OrderingKey
                && earlier.EventId < d.EventId && earlier.Status == DeliveryStatus.Pending))
            .OrderBy(d => d.EventId)
            .Take(options.Value.BatchSize)
            .Select(d => d.Id)
            .ToListAsync(cancellationToken);
        if (candidates.Count == 0)
        {
            return [];
        }

        // A conditional update is the claim: of several hosts racing for a row, exactly one changes it.
        var token = Guid.NewGuid();
        var leaseUntil = now + options.Value.Timeout * 3 + TimeSpan.FromSeconds(30);
        await db.WebhookDeliveries
            .Where(d => candidates.Contains(d.Id) && d.Status == DeliveryStatus.Pending && (d.LeaseUntil == null || d.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimToken, token).SetProperty(d => d.LeaseUntil, leaseUntil), cancellationToken);

        // The update bypassed the change tracker: entities it already tracks would come back stale.
        db.ChangeTracker.Clear();
        return await db.WebhookDeliveries.Where(d => d.ClaimToken == token).ToListAsync(cancellationToken);
    }

    /// <summary>One attempt; true when the receiver took it, so the next of the same key may follow.</summary>
    private async Task<bool> SendAsync(WebhookDelivery delivery, WebhookSubscription subscription, Events.DomainEvent @event, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        delivery.Attempts++;
        delivery.LastAttemptAt = now.UtcDateTime;
        if (!subscription.Active)
        {
            delivery.Status = DeliveryStatus.Failed;
            delivery.LastError = "The subscription is no longer active.";
            return false;
        }

        var body = JsonSerializer.Serialize(WebhookPayload.From(@event), Json);
        var id = $"evt_{@event.Id}";
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSigner.Sign(subscription.Secret, id, now, body));
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.Timeout);
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            delivery.LastStatusCode = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                delivery.Status = DeliveryStatus.Delivered;
                delivery.DeliveredAt = time.GetUtcNow().UtcDateTime;
                delivery.LastError = null;
                return true;
            }

            if (response.StatusCode == System.Net.HttpStatusCode.Gone)
            {
                subscription.Active = false;
                subscription.DisabledReason = $"The receiver answered 410 Gone on {now:u}.";
            }

            Fail(delivery, $"The receiver answered {(int)response.StatusCode}.");
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Fail(delivery, ex is OperationCanceledException ? "The receiver did not answer in time." : $"Could not reach the receiver: {ex.Message}");
        }

        LogFailed(logger, delivery.Id, subscription.Id, delivery.Attempts, delivery.LastStatusCode);
        return false;
    }

    private void Fail(WebhookDelivery delivery, string error)
    {
        delivery.LastError = TextClip.Clip(error, 1_000);
        if (delivery.Attempts >= options.Value.MaxAttempts)
        {
            delivery.Status = DeliveryStatus.Failed;
            return;
        }

        var backoff = options.Value.BaseBackoff * Math.Pow(2, Math.Min(delivery.Attempts - 1, 30));
        if (backoff > options.Value.MaxBackoff)
        {
            backoff = options.Value.MaxBackoff;
        }

        // Up to a fifth of jitter keeps many failing deliveries from retrying in lockstep.
        backoff += backoff * (Random.Shared.NextDouble() * 0.2);
        delivery.NextAttemptAt = time.GetUtcNow().UtcDateTime + backoff;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} to subscription {SubscriptionId} failed (attempt {Attempts}, status {StatusCode})")]
    private static partial void LogFailed(ILogger logger, long deliveryId, Guid subscriptionId, int attempts, int? statusCode);
}
