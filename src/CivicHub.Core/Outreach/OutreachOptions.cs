using System.ComponentModel.DataAnnotations;

namespace CivicHub.Core.Outreach;

/// <summary>How outreach notifies citizens and how its outbox worker sends (section "Outreach").</summary>
public sealed class OutreachOptions
{
    /// <summary>Run the notifier and the outbox worker in this host. Off, messages stay queued for another host.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the outbox is checked when nothing signals new work (and for messages waiting on quiet hours or backoff).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The wait after the first failed attempt; each further one doubles it, up to <see cref="MaxBackoff"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan BaseBackoff { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Attempts on one channel before the message fails and outreach falls back to the next channel.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>How long a worker may hold a message it is sending before another host may take it over.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    [Range(1, 1000)]
    public int BatchSize { get; set; } = 50;

    /// <summary>
    /// How many citizens' messages one host sends at once. A provider takes tens to hundreds of milliseconds to
    /// answer, so one at a time holds a host to a few messages a second; one citizen's messages still go one after another.
    /// </summary>
    [Range(1, 64)]
    public int ConcurrentSends { get; set; } = 8;

    /// <summary>Events older than this when first seen are not notified (after an outage, or when outreach is first switched on).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan MaxEventAge { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The jurisdiction's quiet hours, local time, for citizens who set none: SMS waits until they end.</summary>
    public TimeOnly QuietHoursStart { get; set; } = new(21, 0);

    public TimeOnly QuietHoursEnd { get; set; } = new(8, 0);

    /// <summary>The jurisdiction's IANA time zone, for citizens who set none.</summary>
    [Required]
    public string TimeZone { get; set; } = "America/Chicago";

    /// <summary>The portal page where a citizen follows a case; "{reference}" is replaced.</summary>
    [Required]
    public string PortalLink { get; set; } = "http://localhost:5080/track/{reference}";

    /// <summary>The satisfaction survey offered when a case is resolved; "{reference}" is replaced; empty for none.</summary>
    public string? SurveyLink { get; set; }

    /// <summary>In Development, channels with no provider configured "send" by logging. Set by the host, not by operators.</summary>
    public bool DevelopmentSenders { get; set; }

    public static bool IsTimeZone(string? id) => id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);
}
