using CivicHub.Core.Cases;
using CivicHub.Core.Chat;
using CivicHub.Core.Citizens;
using CivicHub.Core.Data;
using CivicHub.Core.Drafts;
using CivicHub.Core.Outreach;
using CivicHub.Core.Privacy.Audit;
using CivicHub.Core.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CivicHub.Core.Privacy.Retention;

/// <summary>
/// Enforces the retention schedules once: expired records go in batches, each batch one transaction with the rows
/// that hang off it (no orphans); cases on legal hold stay, and so do the chats, events and citizens that belong to
/// them. A dry run counts and deletes nothing.
/// </summary>
public sealed partial class RetentionRun(
    CivicHubDb db, TimeProvider time, IOptions<RetentionOptions> options, IOptions<OutreachOptions> outreach, ILogger<RetentionRun> logger)
{
    /// <summary>The purpose the audit log gives for a citizen removed by a retention schedule.</summary>
    public const string AuditPurpose = "retention schedule: inactive provisional record";

    public const string LeaseName = "retention";

    /// <summary>Placed where a message body was removed by retention.</summary>
    public const string RemovedBody = "[removed by retention]";

    private readonly RetentionOptions _options = options.Value;

    public async Task<RetentionReport> RunAsync(bool dryRun, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var (cases, interactions) = await ClosedCasesAsync(now, dryRun, cancellationToken);
        var messageBodies = await MessageBodiesAsync(now, dryRun, cancellationToken);
        var drafts = await DraftsAsync(now, dryRun, cancellationToken);
        var deliveries = await WebhookDeliveriesAsync(now, dryRun, cancellationToken);
        // Chats before citizens (a citizen with a chat left is not deleted), and both after the cases they hang off.
        var (conversations, sessions, chatIdentities) = await ChatsAsync(now, dryRun, cancellationToken);
        var citizens = await ProvisionalCitizensAsync(now, dryRun, cancellationToken);
        var events = await EventsAsync(now, dryRun, cancellationToken);
        var report = new RetentionReport(dryRun, cases, interactions, messageBodies, drafts, deliveries)
        {
            ProvisionalCitizens = citizens,
            ChatConversations = conversations,
            ChatSessions = sessions,
            ChatIdentities = chatIdentities,
            Events = events,
        };
        LogRun(logger, dryRun, report.ClosedCases, report.Interactions, report.OutboundMessageBodies, report.Drafts, report.WebhookDeliveries);
        LogRunMore(logger, dryRun, citizens, conversations, sessions, chatIdentities, events);
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

    /// <summary>
    /// Provisional citizens nobody confirmed: made by intake from an unknown sender, never merged (either way), with
    /// no case left (open or closed: a closed case goes by its own schedule first, and a case on legal hold keeps its
    /// citizen), no chat conversation, no portal account and no import link, and no activity (record, interaction,
    /// draft) since the cutoff. Each goes with its identities, interactions, attachments, messages, drafts and match
    /// data, and the audit log records its erasure by the schedule.
    /// </summary>
    private async Task<int> ProvisionalCitizensAsync(DateTime now, bool dryRun, CancellationToken cancellationToken)
    {
        if (_options.ProvisionalCitizens is not { } keep)
        {
            return 0;
        }

        var cutoff = now - keep;
        var expired = db.Citizens.Where(c => c.IsProvisional && c.MergedIntoId == null && c.UpdatedAt < cutoff
            && !db.Cases.Any(k => k.CitizenId == c.Id)
            && !db.CitizenMerges.Any(m => m.SourceId == c.Id || m.TargetId == c.Id)
            && !db.ChatConversations.Any(k => k.CitizenId == c.Id)
            && !db.ChatSessions.Any(k => k.CitizenId == c.Id && k.LastSeenAt >= cutoff)
            && !db.ChannelIdentities.Any(i => i.CitizenId == c.Id && i.Kind == IdentityKind.Portal)
            && !db.SourceRecordLinks.Any(l => l.CitizenId == c.Id || l.RecordCitizenId == c.Id)
            && !db.Interactions.Any(i => i.CitizenId == c.Id && i.OccurredAt >= cutoff)
            && !db.Drafts.Any(d => d.CitizenId == c.Id && d.UpdatedAt >= cutoff));
        if (dryRun)
        {
            return await expired.CountAsync(cancellationToken);
        }

        var deleted = 0;
        while (true)
        {
            var ids = await expired.OrderBy(c => c.UpdatedAt).Select(c => c.Id).Take(_options.BatchSize).ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                return deleted;
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Attachments.Where(a => ids.Contains(a.CitizenId)).ExecuteDeleteAsync(cancellationToken);
            await db.OutboundMessages.Where(m => ids.Contains(m.CitizenId)).ExecuteDeleteAsync(cancellationToken);
            await db.Interactions.Where(i => ids.Contains(i.CitizenId)).ExecuteDeleteAsync(cancellationToken);
            await db.MatchReviews.Where(r => ids.Contains(r.CitizenId) || ids.Contains(r.CandidateId)).ExecuteDeleteAsync(cancellationToken);
            // Identities, drafts, consents, chat sessions and match data go with the citizen (cascade).
            deleted += await db.Citizens.Where(c => ids.Contains(c.Id)).ExecuteDeleteAsync(cancellationToken);
            var source = new AuditSource(Access.Actor.System, [], AuditPurpose, null, null);
            foreach (var id in ids)
            {
                db.AuditEntries.Add(AuditInterceptor.NewEntry(source, now, AuditAction.Erase, AuditRecords.Citizen, id.ToString("D"), id));
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Closed chat conversations after the period (their messages are interactions and follow their case or citizen),
    /// except those of a case on legal hold; then chat sessions not seen since the cutoff that have no conversation left,
    /// each with the device identity ("chat:{session}") it wrote from. That identity is the session's alone, so with the
    /// session gone nothing can write from it again; the interactions it wrote stay on their case and citizen (the
    /// key to the identity becomes null).
    /// </summary>
    private async Task<(int Conversations, int Sessions, int Identities)> ChatsAsync(DateTime now, bool dryRun, CancellationToken cancellationToken)
    {
        if (_options.ClosedChats is not { } keep)
        {
            return (0, 0, 0);
        }

        var cutoff = now - keep;
        var conversations = db.ChatConversations.Where(c => c.Status == ChatConversationStatus.Closed && c.ClosedAt != null && c.ClosedAt < cutoff
            && !(c.CaseId != null && db.Cases.Any(k => k.Id == c.CaseId && k.LegalHold)));
        if (dryRun)
        {
            var sessions = db.ChatSessions.Where(s => s.LastSeenAt < cutoff && !db.ChatConversations.Any(c => c.SessionId == s.Id && !conversations.Any(x => x.Id == c.Id)));
            var values = (await sessions.Select(s => s.Id).ToListAsync(cancellationToken)).Select(IdentityValue).ToList();
            var identities = await CountDeviceIdentitiesAsync(values, cancellationToken);
            return (await conversations.CountAsync(cancellationToken), values.Count, identities);
        }

        var closed = await conversations.ExecuteDeleteAsync(cancellationToken);
        var idle = db.ChatSessions.Where(s => s.LastSeenAt < cutoff && !db.ChatConversations.Any(c => c.SessionId == s.Id));
        var (deletedSessions, deletedIdentities) = (0, 0);
        while (true)
        {
            var ids = await idle.OrderBy(s => s.LastSeenAt).Select(s => s.Id).Take(_options.BatchSize).ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                return (closed, deletedSessions, deletedIdentities);
            }

            var values = ids.Select(IdentityValue).ToList();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            deletedIdentities += await DeviceIdentities(values).ExecuteDeleteAsync(cancellationToken);
            deletedSessions += await db.ChatSessions.Where(s => ids.Contains(s.Id)).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    private static string IdentityValue(Guid sessionId) => ChatSession.IdentityPrefix + sessionId.ToString("N");

    /// <summary>The device identities of these chat sessions.</summary>
    private IQueryable<ChannelIdentity> DeviceIdentities(IReadOnlyCollection<string> values) =>
        db.ChannelIdentities.Where(i => i.Kind == IdentityKind.Device && values.Contains(i.Value));

    /// <summary>Counts for a dry run, in batches, as the deletion would go.</summary>
    private async Task<int> CountDeviceIdentitiesAsync(IReadOnlyList<string> values, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var chunk in values.Chunk(Math.Max(1, _options.BatchSize)))
        {
            count += await DeviceIdentities(chunk).CountAsync(cancellationToken);
        }

        return count;
    }

    /// <summary>
    /// Events of the outbox that have done their work: fanned out to webhooks (no delivery still pending) and, where
    /// outreach runs, turned into notifications; kept while their case is on legal hold. Finished deliveries go with them.
    /// </summary>
    private async Task<int> EventsAsync(DateTime now, bool dryRun, CancellationToken cancellationToken)
    {
        if (_options.DeliveredEvents is not { } keep)
        {
            return 0;
        }

        var cutoff = now - keep;
        // Where outreach is off nothing will ever notify, so an event needs only its fan-out to count as delivered.
        var notifying = outreach.Value.Enabled;
        var fannedOutThrough = await WebhookFanOutLease.FannedOutThroughAsync(db, cancellationToken);
        var expired = db.Events.Where(e => e.OccurredAt < cutoff && e.Id <= fannedOutThrough && (!notifying || e.NotifiedAt != null)
            && !db.WebhookDeliveries.Any(d => d.EventId == e.Id && d.Status == DeliveryStatus.Pending)
            && !(e.CaseId != null && db.Cases.Any(k => k.Id == e.CaseId && k.LegalHold)));
        if (dryRun)
        {
            return await expired.CountAsync(cancellationToken);
        }

        var deleted = 0;
        while (true)
        {
            var ids = await expired.OrderBy(e => e.Id).Select(e => e.Id).Take(_options.BatchSize).ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                return deleted;
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.WebhookDeliveries.Where(d => ids.Contains(d.EventId)).ExecuteDeleteAsync(cancellationToken);
            deleted += await db.Events.Where(e => ids.Contains(e.Id)).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention (dry run: {DryRun}): {ProvisionalCitizens} provisional citizens, {ChatConversations} chat conversations, {ChatSessions} chat sessions, {ChatIdentities} chat device identities, {Events} events")]
    private static partial void LogRunMore(ILogger logger, bool dryRun, int provisionalCitizens, int chatConversations, int chatSessions, int chatIdentities, int events);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention (dry run: {DryRun}): {ClosedCases} closed cases with {Interactions} interactions, {MessageBodies} message bodies, {Drafts} drafts, {WebhookDeliveries} webhook deliveries")]
    private static partial void LogRun(ILogger logger, bool dryRun, int closedCases, int interactions, int messageBodies, int drafts, int webhookDeliveries);
}
