using CivicHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CivicHub.Core.Outreach.Outbox;

/// <summary>
/// Sends due outbox messages through their channel's sender. A conditional update claims each message with a
/// lease, so several hosts share the queue and never send one message at once; each outcome commits with its
/// timeline entry (<see cref="OutboxDelivery"/>). A crash between the provider's answer and the commit leaves the
/// message "sending" until its lease passes, and it is then sent again: delivery is at least once, and the message id
/// handed to the sender lets providers that take an idempotency key (or email's Message-ID) drop the copy
/// (docs/decisions/0008-outreach-never-twice.md).
/// </summary>
public sealed class OutboxDispatcher(CivicHubDb db, IServiceScopeFactory scopes, TimeProvider time, IOptions<OutreachOptions> options)
{
    /// <summary>
    /// Claims and sends one batch; returns how many messages it attempted. The batch's citizens are served side by side
    /// (up to <see cref="OutreachOptions.ConcurrentSends"/>), each by an <see cref="OutboxDelivery"/> in a scope and
    /// context of its own, since the provider's answer is most of a send's time; one citizen's messages go one after
    /// another, in the order they fell due, so they arrive in it.
    /// </summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var claimed = await ClaimAsync(cancellationToken);
        var cases = await CasesOfAsync(claimed, cancellationToken);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.ConcurrentSends, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(claimed.GroupBy(m => m.CitizenId), parallel, async (messages, token) =>
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<OutboxDelivery>().DeliverInOrderAsync(messages, cases, token);
        });

        return claimed.Count;
    }

    /// <summary>What a sent message's timeline event names of its case, read once for the batch: a case's reference never changes.</summary>
    private async Task<Dictionary<Guid, OutboxDelivery.MessageCase>> CasesOfAsync(List<OutboundMessage> claimed, CancellationToken cancellationToken)
    {
        var ids = claimed.Where(m => m.CaseId is not null).Select(m => m.CaseId!.Value).Distinct().ToList();
        return ids.Count == 0
            ? []
            : await db.Cases.Where(c => ids.Contains(c.Id)).Select(c => new OutboxDelivery.MessageCase(c.Id, c.CitizenId, c.Reference)).ToDictionaryAsync(c => c.Id, cancellationToken);
    }

    /// <summary>Claims due messages, and those whose sender's lease ran out (it crashed mid-send).</summary>
    public async Task<List<OutboundMessage>> ClaimAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var candidates = await db.OutboundMessages
            .Where(m => (m.Status == OutboundStatus.Queued && m.NextAttemptAt <= now) || (m.Status == OutboundStatus.Sending && m.LeaseUntil < now))
            .OrderBy(m => m.NextAttemptAt)
            .Take(options.Value.BatchSize)
            .Select(m => m.Id)
            .ToListAsync(cancellationToken);
        if (candidates.Count == 0)
        {
            return [];
        }

        // The update is the claim: of several hosts racing for a row, the condition lets exactly one change it.
        var token = Guid.NewGuid();
        var leaseUntil = now + options.Value.Lease;
        await db.OutboundMessages
            .Where(m => candidates.Contains(m.Id)
                && ((m.Status == OutboundStatus.Queued && m.NextAttemptAt <= now) || (m.Status == OutboundStatus.Sending && m.LeaseUntil < now)))
            .ExecuteUpdateAsync(
                s => s.SetProperty(m => m.Status, OutboundStatus.Sending).SetProperty(m => m.LeaseUntil, leaseUntil).SetProperty(m => m.ClaimToken, token),
                cancellationToken);

        // The update bypassed the change tracker: entities it already tracks would come back stale. In the order they
        // fell due, which is the order a citizen's messages are sent in.
        db.ChangeTracker.Clear();
        return await db.OutboundMessages.AsNoTracking()
            .Where(m => m.ClaimToken == token && m.Status == OutboundStatus.Sending)
            .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .ToListAsync(cancellationToken);
    }
}
