namespace CivicHub.Core.Webhooks;

/// <summary>Where a webhook delivery stands.</summary>
public enum DeliveryStatus
{
    /// <summary>Not yet accepted by the receiver; retried with backoff.</summary>
    Pending,

    /// <summary>The receiver answered 2xx.</summary>
    Delivered,

    /// <summary>Given up after the maximum attempts, or the subscription is gone; can be retried by hand.</summary>
    Failed,
}
