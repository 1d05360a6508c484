namespace CivicHub.Core.Webhooks;

/// <summary>One event on its way to one subscription, with the log of its attempts.</summary>
public sealed class WebhookDelivery
{
    public long Id { get; set; }

    public Guid SubscriptionId { get; set; }

    public long EventId { get; set; }

    /// <summary>Deliveries with the same key (the case, else the citizen) go out strictly in event order.</summary>
    public Guid? OrderingKey { get; set; }

    public DeliveryStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTime NextAttemptAt { get; set; }

    public DateTime? LastAttemptAt { get; set; }

    public int? LastStatusCode { get; set; }

    public string? LastError { get; set; }

    public DateTime? DeliveredAt { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Which worker holds it and until when: a host that dies mid-send lets go when the lease runs out.</summary>
    public Guid? ClaimToken { get; set; }

    public DateTime? LeaseUntil { get; set; }
}
