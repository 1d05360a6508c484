using CivicHub.Core.Cases;
using CivicHub.Core.Data;
using CivicHub.Core.Drafts;
using CivicHub.Core.Outreach;
using CivicHub.Core.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CivicHub.Core.Privacy.Retention;

/// <summary>
/// Enforces the retention schedules once: expired records go in batches, each batch one transaction with the rows
/// that hang off it (no orphans); cases on legal hold stay. A dry run counts and deletes nothing.
/// </summary>
public sealed partial class RetentionRun(CivicHubDb db, TimeProvider time, IOptions<RetentionOptions> options, ILogger<RetentionRun> logger)
{
    public const string LeaseName = "retention";

    /// <summary>Placed where a message body was removed by retention.</summary>
    public const string RemovedBody = "[removed by retention]";

    private readonly RetentionOptions _options = options.Value;

    public async Task<RetentionReport> RunAsync(bool dryRun, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var (cases, interactions) = await ClosedCasesAsync(now, dryRun, cancellationToken);
        var report = new RetentionReport(
            dryRun,
            cases,
            interactions,
            await MessageBodiesAsync(now, dryRun, cancellationToken),
            await DraftsAsync(now, dryRun, cancellationToken),
            await WebhookDeliveriesAsync(now, dryRun, cancellationToken));
        LogRun(logger, dryRun, report.ClosedCases, report.Interactions, report.OutboundMessageBodies, report.Drafts, report.WebhookDeliveries);
        return report;
    }

    /// <summary>Takes (or renews) the job's lease for this host; false when another host holds it.</summary>
    public async Task<bool> TryLeaseAsync(string holder, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var until = now + _options.Lease;
        if (!await db.JobLeases.AnyAsync(l => l.Name == LeaseName, cancellationToken))
        {
            try
            {
                db.JobLeases.Add(new JobLease { Name = LeaseName, Holder = holder, LeaseUntil = until });
                await db.SaveChangesAsync(cancellationToken);
                return true;
            }
            catch (DbUpdateException)
            {
                // Another host created it first: compete for it below like for any other lease.
                db.ChangeTracker.Clear();
            }
        }

        return await db.JobLeases.Where(l => l.Name == LeaseName && (l.Holder == holder || l.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.LeaseUntil, until), cancellationToken) == 1;
    }

    private async Task<(int Cases, int Interactions)> ClosedCasesAsync(DateTime now, bool dryRun, CancellationToken cancellationToken)
    {
        if (_options.ClosedCases is not { } keep)
        {
            return (0, 0);
        }

        var cutoff = now - keep;
        var expired = db.Cases.Where(c => c.Status == CaseStatus.Closed && c.ClosedAt != null && c.ClosedAt < cutoff && !c.LegalHold);
        if (dryRun)
        {
            return (await expired.CountAsync(cancellationToken), await db.Interactions.CountAsync(i => i.CaseId != null && expired.Any(c => c.Id == i.CaseId), cancellationToken));
        }

        var (cases, interactions) = (0, 0);
        while (true)
        {
            var ids = await expired.OrderBy(c => c.ClosedAt).Select(c => c.Id).Take(_options.BatchSize).ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                return (cases, interactions);
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Attachments.Where(a => a.CaseId != null && ids.Contains(a.CaseId.Value)).ExecuteDeleteAsync(cancellationToken);
            await db.OutboundMessages.Where(m => m.CaseId != null && ids.Contains(m.CaseId.Value)).ExecuteDeleteAsync(cancellationToken);
            await db.ChatConversations.Where(c => c.CaseId != null && ids.Contains(c.CaseId.Value))
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.CaseId, (Guid?)null), cancellationToken);
            await db.Drafts.Where(d => d.CaseId != null && ids.Contains(d.CaseId.Value)).ExecuteDeleteAsync(cancellationToken);
            // Attachments of the case's interactions that were filed without the case go with their interaction (cascade).
            interactions += await db.Interactions.Where(i => i.CaseId != null && ids.Contains(i.CaseId.Value)).ExecuteDeleteAsync(cancellationToken);
            cases += await db.Cases.Where(c => ids.Contains(c.Id)).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    private async Task<int> MessageBodiesAsync(DateTime now, bool dryRun, CancellationToken cancellationToken)
    {
        if (_options.OutboundMessageBodies is not { } keep)
        {
            return 0;
        }

        var cutoff = now - keep;
        OutboundStatus[] finished = [OutboundStatus.Sent, OutboundStatus.Delivered, OutboundStatus.Failed, OutboundStatus.Suppressed];
        var expired = db.OutboundMessages.Where(m => finished.Contains(m.Status) && m.CreatedAt < cutoff && m.Body != RemovedBody);
        return dryRun
            ? await expired.CountAsync(cancellationToken)
            : await expired.ExecuteUpdateAsync(
                s => s.SetProperty(m => m.Body, RemovedBody).SetProperty(m => m.HtmlBody, (string?)null).SetProperty(m => m.TemplateData, (string?)null),
                cancellationToken);
    }

    private async Task<int> DraftsAsync(DateTime now, bool dryRun, CancellationToken cancellationToken)
    {
        if (_options.AbandonedDrafts is not { } keep)
        {
            return 0;
        }

        var cutoff = now - keep;
        var expired = db.Drafts.Where(d => (d.Status == DraftStatus.Open || d.Status == DraftStatus.Abandoned) && d.UpdatedAt < cutoff);
        if (dryRun)
        {
            return await expired.CountAsync(cancellationToken);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Interactions.Where(i => i.DraftId != null && expired.Any(d => d.Id == i.DraftId))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.DraftId, (Guid?)null), cancellationToken);
        var deleted = await expired.ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    private async Task<int> WebhookDeliveriesAsync(DateTime now, bool dryRun, CancellationToken cancellationToken)
    {
        if (_options.WebhookDeliveries is not { } keep)
        {
            return 0;
        }

        var cutoff = now - keep;
        var expired = db.WebhookDeliveries.Where(d => d.Status != DeliveryStatus.Pending && d.CreatedAt < cutoff);
        return dryRun ? await expired.CountAsync(cancellationToken) : await expired.ExecuteDeleteAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention (dry run: {DryRun}): {ClosedCases} closed cases with {Interactions} interactions, {MessageBodies} message bodies, {Drafts} drafts, {WebhookDeliveries} webhook deliveries")]
    private static partial void LogRun(ILogger logger, bool dryRun, int closedCases, int interactions, int messageBodies, int drafts, int webhookDeliveries);
}
