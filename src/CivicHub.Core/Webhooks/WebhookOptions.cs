using System.ComponentModel.DataAnnotations;

namespace CivicHub.Core.Webhooks;

/// <summary>How webhooks are delivered.</summary>
public sealed class WebhookOptions
{
    /// <summary>How often the outbox is checked when nothing signals new events.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The wait after the first failure; each further failure doubles it, up to <see cref="MaxBackoff"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan BaseBackoff { get; set; } = TimeSpan.FromSeconds(10);

    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Attempts before a delivery is marked failed (with the defaults, about three days of retries).</summary>
    [Range(1, 1000)]
    public int MaxAttempts { get; set; } = 80;

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    [Range(1, 1000)]
    public int BatchSize { get; set; } = 50;

    /// <summary>How long a host holds the fan-out's lease; another takes over after a crash once it ends.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan FanOutLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Accept http:// receiver URLs; for local development and tests only.</summary>
    public bool AllowHttp { get; set; }
}
