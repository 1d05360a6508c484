using System.Text.Json;
using CivicHub.Core.Cases;
using CivicHub.Core.Citizens;
using CivicHub.Core.Data;
using CivicHub.Core.Events;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outreach.Preferences;
using CivicHub.Core.Outreach.Templates;
using CivicHub.Core.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CivicHub.Core.Outreach;

/// <summary>
/// Turns a notification into an outbox message: picks the channel by the citizen's preferences, renders the
/// channel's variant in the citizen's language, and holds SMS until the citizen's quiet hours end. The caller adds
/// the message to its own unit of work, so it commits with the change that caused it.
/// </summary>
public sealed class MessageComposer(
    CivicHubDb db, TemplateRenderer renderer, ChannelSenders senders, TimeProvider time, IOptions<OutreachOptions> options, JurisdictionTime jurisdiction)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The notification on the best usable channel not yet tried; null when no channel can reach the citizen.</summary>
    public async Task<OutboundMessage?> ComposeAsync(Notification notification, IReadOnlySet<Channel>? tried, CancellationToken cancellationToken)
    {
        var citizen = await db.Citizens.AsNoTracking().Include(c => c.Identities).FirstOrDefaultAsync(c => c.Id == notification.CitizenId, cancellationToken);
        if (citizen is null)
        {
            return null;
        }

        return ReachOf(citizen, tried) is { } reach
            ? await ComposeOnAsync(notification, citizen, reach.Channel, reach.Identity.Id, reach.Identity.Value, cancellationToken)
            : null;
    }

    /// <summary>
    /// Each notification on its citizen's best usable channel, as <see cref="ComposeAsync"/> would compose it alone,
    /// with what composing reads (the citizens, the cases, the templates) read once for all of them; in their order,
    /// null for one no channel can reach.
    /// </summary>
    public async Task<IReadOnlyList<OutboundMessage?>> ComposeAllAsync(IReadOnlyList<Notification> notifications, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        if (notifications.Count == 0)
        {
            return [];
        }

        var citizenIds = notifications.Select(n => n.CitizenId).Distinct().ToList();
        var citizens = await db.Citizens.AsNoTracking().Include(c => c.Identities).Where(c => citizenIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        var cases = await CasesAsync([.. notifications.Select(n => n.CaseId).OfType<Guid>().Distinct()], cancellationToken);
        var overrides = await renderer.OverridesAsync([.. notifications.Select(n => n.Kind).Distinct()], cancellationToken);
        return [.. notifications.Select(n =>
            citizens.GetValueOrDefault(n.CitizenId) is { } citizen && ReachOf(citizen, tried: null) is { } reach
                ? Compose(n, citizen, reach.Channel, reach.Identity.Id, reach.Identity.Value, language: null, n.CaseId is { } caseId ? cases.GetValueOrDefault(caseId) : null, overrides)
                : null)];
    }

    /// <summary>The notification on a channel and address the caller chose (the channel a question came in on).</summary>
    public async Task<OutboundMessage> ComposeOnAsync(
        Notification notification, Citizen citizen, Channel channel, Guid? identityId, string recipient, CancellationToken cancellationToken, string? language = null)
    {
        var facts = notification.CaseId is { } caseId ? (await CasesAsync([caseId], cancellationToken)).GetValueOrDefault(caseId) : null;
        return Compose(notification, citizen, channel, identityId, recipient, language, facts, await renderer.OverridesAsync([notification.Kind], cancellationToken));
    }

    private OutboundMessage Compose(
        Notification notification, Citizen citizen, Channel channel, Guid? identityId, string recipient, string? language, CaseFacts? @case, IReadOnlyList<MessageTemplate> overrides)
    {
        language = TemplateLanguages.Base(language ?? citizen.PreferredLanguage);
        var rendered = TemplateRenderer.Render(notification.Kind, channel, language, Model(notification, citizen, language, @case), overrides)
            ?? throw new InvalidOperationException($"No template for {notification.Kind}.");
        var now = time.GetUtcNow().UtcDateTime;
        return new OutboundMessage
        {
            Id = Guid.CreateVersion7(),
            NotificationId = notification.Id,
            CitizenId = citizen.Id,
            CaseId = notification.CaseId,
            Channel = channel,
            ChannelIdentityId = identityId,
            Recipient = recipient,
            Subject = rendered.Subject,
            Body = rendered.Body,
            HtmlBody = rendered.HtmlBody,
            Language = rendered.Language,
            TemplateKey = notification.Kind,
            TemplateData = notification.Data.Count == 0 ? null : JsonSerializer.Serialize(notification.Data, Json),
            Author = notification.Author,
            InReplyTo = notification.InReplyTo,
            Status = OutboundStatus.Queued,
            NextAttemptAt = QuietHours.Applies(channel) ? QuietHoursOf(citizen).NextAllowed(now) : now,
            CreatedAt = now,
        };
    }

    /// <summary>The same notification again on the next channel after <paramref name="failed"/>; null when none is left.</summary>
    public async Task<OutboundMessage?> FallbackAsync(OutboundMessage failed, CancellationToken cancellationToken)
    {
        var tried = await db.OutboundMessages.Where(m => m.NotificationId == failed.NotificationId).Select(m => m.Channel).ToListAsync(cancellationToken);
        tried.Add(failed.Channel);
        var data = failed.TemplateData is null ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(failed.TemplateData, Json)!;
        var notification = new Notification(failed.NotificationId, failed.TemplateKey ?? NotificationKinds.AgentReply, failed.CitizenId, failed.CaseId, failed.Author)
        {
            Data = data.Count > 0 || failed.TemplateKey is not null ? data : new Dictionary<string, string> { ["text"] = failed.Body },
        };
        return await ComposeAsync(notification, tried.ToHashSet(), cancellationToken);
    }

    /// <summary>Puts on the timeline, where a supervisor sees it, that a notification reached nobody; and publishes it.</summary>
    public async Task RecordUnreachableAsync(Guid citizenId, Guid? caseId, string kind, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        db.Interactions.Add(new Interaction
        {
            CitizenId = citizenId,
            CaseId = caseId,
            Channel = Channel.Web,
            Direction = Direction.Internal,
            OccurredAt = now,
            RecordedAt = now,
            Subject = "Citizen not reached",
            Body = $"No channel could take the \"{kind}\" notification: the citizen has no usable phone, email or social account, or every one failed or is opted out.",
            Author = "system",
            AuthorName = "CivicHub",
        });
        var @case = caseId is { } id ? (await CasesAsync([id], cancellationToken)).GetValueOrDefault(id) : null;
        if (@case is null)
        {
            db.Record("outreach.unreachable", citizenId, now, new { Notification = kind });
        }
        else
        {
            db.Record("outreach.unreachable", @case.CitizenId, @case.Id, @case.Reference, now, new { Notification = kind });
        }
    }

    public QuietHours QuietHoursOf(Citizen citizen)
    {
        var settings = options.Value;
        return new QuietHours(citizen.QuietHoursStart ?? settings.QuietHoursStart, citizen.QuietHoursEnd ?? settings.QuietHoursEnd, jurisdiction.ZoneOf(citizen.TimeZone));
    }

    private Reach? ReachOf(Citizen citizen, IReadOnlySet<Channel>? tried) =>
        ChannelChoice.Order(citizen.PreferredChannels, citizen.Identities, senders.Available, tried) is [var reach, ..] ? reach : null;

    /// <summary>What a message tells of its case, for the cases given, by id.</summary>
    private async Task<Dictionary<Guid, CaseFacts>> CasesAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        ids.Count == 0 ? [] : await db.Cases.AsNoTracking()
            .Where(c => ids.Contains(c.Id))
            .Select(c => new CaseFacts(
                c.Id,
                c.CitizenId,
                c.Reference,
                c.Status,
                db.Services.Where(s => s.Id == c.ServiceId).Select(s => s.Name).FirstOrDefault(),
                db.Departments.Where(d => d.Id == c.DepartmentId).Select(d => d.Name).FirstOrDefault()))
            .ToDictionaryAsync(c => c.Id, cancellationToken);

    private TemplateModel Model(Notification notification, Citizen citizen, string language, CaseFacts? @case)
    {
        var statusLanguage = TemplateLanguages.Shipped.Contains(language) ? language : TemplateLanguages.English;
        var settings = options.Value;
        var data = notification.Data;
        return new TemplateModel
        {
            GivenName = citizen.GivenName,
            CaseReference = @case?.Reference,
            ServiceName = @case?.Service,
            Status = @case is null ? null : StatusNames.For(@case.Status, statusLanguage),
            Department = @case?.Department,
            PortalLink = @case is null ? null : settings.PortalLink.Replace("{reference}", @case.Reference, StringComparison.Ordinal),
            SurveyLink = string.IsNullOrWhiteSpace(settings.SurveyLink) || @case is null
                ? null
                : settings.SurveyLink.Replace("{reference}", @case.Reference, StringComparison.Ordinal),
            Text = data.GetValueOrDefault("text"),
            AppointmentTime = data.GetValueOrDefault("appointment_time"),
            AppointmentPlace = data.GetValueOrDefault("appointment_place"),
        };
    }

    private sealed record CaseFacts(Guid Id, Guid CitizenId, string Reference, CaseStatus Status, string? Service, string? Department);
}
