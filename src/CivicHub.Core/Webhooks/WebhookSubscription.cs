namespace CivicHub.Core.Webhooks;

/// <summary>An integration's request to be told of events: where to POST them, which ones, and the secret that signs them.</summary>
public sealed class WebhookSubscription
{
    public Guid Id { get; set; }

    /// <summary>The integration client that owns it.</summary>
    public required string ClientId { get; set; }

    /// <summary>
    /// The department the client acted for when it subscribed: it receives only events of data that department may
    /// see (docs/privacy.md). Null for a client without one, which receives no events of cases.
    /// </summary>
    public int? DepartmentId { get; set; }

    public required string Url { get; set; }

    /// <summary>Event types or patterns: "case.created", "case.*", "*".</summary>
    public List<string> EventTypes { get; set; } = [];

    /// <summary>The signing secret ("whsec_" and base64), shown once at creation.</summary>
    public required string Secret { get; set; }

    public string? Description { get; set; }

    public bool Active { get; set; } = true;

    /// <summary>Why it was switched off, when the receiver said it is gone (HTTP 410).</summary>
    public string? DisabledReason { get; set; }

    public DateTime CreatedAt { get; set; }

    public bool Wants(string eventType) =>
        EventTypes.Any(pattern => pattern == "*"
            || pattern == eventType
            || (pattern.EndsWith(".*", StringComparison.Ordinal) && eventType.StartsWith(pattern[..^1], StringComparison.Ordinal)));
}
