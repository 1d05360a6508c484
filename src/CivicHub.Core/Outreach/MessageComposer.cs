using System.Text.Json;
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

        var reaches = ChannelChoice.Order(citizen.PreferredChannels, citizen.Identities, senders.Available, tried);
        return reaches is not [var reach, ..] ? null : await ComposeOnAsync(notification, citizen, reach.Channel, reach.Identity.Id, reach.Identity.Value, cancellationToken);
    }

    /// <summary>The notification on a channel and address the caller chose (the channel a question came in on).</summary>
    public async Task<OutboundMessage> ComposeOnAsync(
        Notification notification, Citizen citizen, Channel channel, Guid? identityId, string recipient, CancellationToken cancellationToken, string? language = null)
    {
        language = TemplateLanguages.Base(language ?? citizen.PreferredLanguage);
        var model = await ModelAsync(notification, citizen, language, cancellationToken);
        var rendered = await renderer.RenderAsync(notification.Kind, channel, language, model, cancellationToken)
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
        var @case = caseId is null ? null : await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (@case is null)
        {
            db.Record("outreach.unreachable", citizenId, now, new { Notification = kind });
        }
        else
        {
            db.Record("outreach.unreachable", @case, now, new { Notification = kind });
        }
    }

    public QuietHours QuietHoursOf(Citizen citizen)
    {
        var settings = options.Value;
        return new QuietHours(citizen.QuietHoursStart ?? settings.QuietHoursStart, citizen.QuietHoursEnd ?? settings.QuietHoursEnd, jurisdiction.ZoneOf(citizen.TimeZone));
    }

    private async Task<TemplateModel> ModelAsync(Notification notification, Citizen citizen, string language, CancellationToken cancellationToken)
    {
        var statusLanguage = TemplateLanguages.Shipped.Contains(language) ? language : TemplateLanguages.English;
        var settings = options.Value;
        var @case = notification.CaseId is null ? null : await db.Cases.AsNoTracking()
            .Where(c => c.Id == notification.CaseId)
            .Select(c => new
            {
                c.Reference,
                c.Status,
                Service = db.Services.Where(s => s.Id == c.ServiceId).Select(s => s.Name).FirstOrDefault(),
                Department = db.Departments.Where(d => d.Id == c.DepartmentId).Select(d => d.Name).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(cancellationToken);
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
}
