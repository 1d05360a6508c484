using CivicHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Webhooks;

/// <summary>
/// The one row whose conditional update decides which host fans events out right now, and how far the fan-out has
/// come through the outbox.
/// </summary>
public sealed class WebhookFanOutLease : IScanMark
{
    public const int TheLease = 1;

    public int Id { get; set; }

    public Guid? Holder { get; set; }

    public DateTime? LeaseUntil { get; set; }

    /// <summary>Every event with an id up to this one has been fanned out: the fan-out reads the events above it.</summary>
    public long ScannedThrough { get; set; }

    public long? PendingThrough { get; set; }

    public string? PendingWriters { get; set; }

    /// <summary>
    /// The id up to which every event has been fanned out, and is committed or never will be: what retention may
    /// delete and the pull feed may show.
    /// </summary>
    public static Task<long> FannedOutThroughAsync(CivicHubDb db, CancellationToken cancellationToken) =>
        db.WebhookFanOutLeases.Where(l => l.Id == TheLease).Select(l => l.ScannedThrough).SingleAsync(cancellationToken);
}
