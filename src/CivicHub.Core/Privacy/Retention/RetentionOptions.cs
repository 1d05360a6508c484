using System.ComponentModel.DataAnnotations;

namespace CivicHub.Core.Privacy.Retention;

/// <summary>
/// Settings of the "Retention" section: how long each kind of record is kept (unset: kept forever), and how the job
/// that enforces it runs.
/// </summary>
public sealed class RetentionOptions
{
    /// <summary>Off by default: deleting records is an operator's decision, made with the records officer.</summary>
    public bool Enabled { get; set; }

    /// <summary>Only count what would go, and log it; delete nothing.</summary>
    public bool DryRun { get; set; }

    [Range(typeof(TimeSpan), "00:00:00.010", "7.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How long one host holds the job before another may take it over.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(30);

    [Range(10, 100_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>Closed cases, with their interactions, attachments, history and messages, this long after closing (unless on legal hold).</summary>
    public TimeSpan? ClosedCases { get; set; }

    /// <summary>The bodies of sent, delivered, failed or suppressed messages, this long after they were queued.</summary>
    public TimeSpan? OutboundMessageBodies { get; set; }

    /// <summary>Drafts nobody touched for this long (open or abandoned).</summary>
    public TimeSpan? AbandonedDrafts { get; set; }

    /// <summary>Webhook deliveries that were delivered or failed, this long after they were created.</summary>
    public TimeSpan? WebhookDeliveries { get; set; }

    /// <summary>
    /// Provisional citizens (made by intake from an unknown sender) that were never merged, have no case left and
    /// no portal account, with everything that hangs off them, this long after their last activity.
    /// </summary>
    public TimeSpan? ProvisionalCitizens { get; set; }

    /// <summary>Closed chat conversations this long after closing, and chat sessions this long after the visitor was last seen.</summary>
    public TimeSpan? ClosedChats { get; set; }

    /// <summary>Outbox events already fanned out to webhooks and handled by outreach, with their finished deliveries, this long after they happened.</summary>
    public TimeSpan? DeliveredEvents { get; set; }
}
