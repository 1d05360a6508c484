using CivicHub.Core.Webhooks;
using CivicHub.Server.Tests.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Server.Tests.Webhooks;

/// <summary>The fan-out's lease and mark, as the tests read and wait for them.</summary>
public static class FanOutMark
{
    public static Task<WebhookFanOutLease> FanOutLeaseAsync(this CivicHubHost host) =>
        host.InDbAsync(db => db.WebhookFanOutLeases.AsNoTracking().SingleAsync(l => l.Id == WebhookFanOutLease.TheLease));

    /// <summary>
    /// Sets the lease as another host holding it would (<paramref name="holder"/> until <paramref name="until"/>), or
    /// frees it (both null); <paramref name="scannedThrough"/> also sets the mark back, with nothing pending.
    /// </summary>
    public static Task<int> SetFanOutLeaseAsync(this CivicHubHost host, Guid? holder, DateTime? until, long? scannedThrough = null) =>
        host.InDbAsync(db => scannedThrough is { } mark
            ? db.WebhookFanOutLeases.ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.LeaseUntil, until)
                .SetProperty(l => l.ScannedThrough, mark).SetProperty(l => l.PendingThrough, (long?)null).SetProperty(l => l.PendingWriters, (string?)null))
            : db.WebhookFanOutLeases.ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.LeaseUntil, until)));

    /// <summary>
    /// Sets the mark (by default to the last event written) and the lease, once no round in flight can write the mark
    /// back over it: the lease is first held by nobody in particular for a moment.
    /// </summary>
    public static async Task SetFanOutMarkAsync(this CivicHubHost host, Guid? holder, DateTime? until, long? scannedThrough = null)
    {
        await host.SetFanOutLeaseAsync(Guid.NewGuid(), DateTime.UtcNow.AddMinutes(1));
        await Task.Delay(300);
        var mark = scannedThrough ?? await host.InDbAsync(db => db.Events.MaxAsync(e => (long?)e.Id)) ?? 0;
        await host.SetFanOutLeaseAsync(holder, until, mark);
    }

    /// <summary>Waits until the fan-out's mark has passed <paramref name="eventId"/>, or every event written so far.</summary>
    public static async Task WaitFannedOutAsync(this CivicHubHost host, long? eventId = null)
    {
        var last = eventId ?? await host.InDbAsync(db => db.Events.MaxAsync(e => (long?)e.Id)) ?? 0;
        await host.WaitForFanOutLeaseAsync(l => l.ScannedThrough >= last, $"the fan-out's mark to pass event {last}");
    }

    public static async Task<WebhookFanOutLease> WaitForFanOutLeaseAsync(this CivicHubHost host, Func<WebhookFanOutLease, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var lease = await host.FanOutLeaseAsync();
            if (condition(lease))
            {
                return lease;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Waited 30 s for {what}; the mark is at {lease.ScannedThrough}, pending {lease.PendingThrough} ({lease.PendingWriters}).");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
