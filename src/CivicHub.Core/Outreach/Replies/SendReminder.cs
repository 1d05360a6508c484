using System.Globalization;
using CivicHub.Core.Access;
using CivicHub.Core.Cases;
using CivicHub.Core.Data;
using CivicHub.Core.Outcomes;
using CivicHub.Core.Outreach.Templates;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Outreach.Replies;

/// <summary>Reminds the citizen of an appointment about their case, on their preferred channel, in their language and time zone.</summary>
public sealed class SendReminder(CivicHubDb db, MessageComposer composer, OutreachSignal signal, TimeProvider time)
{
    public const int MaxPlaceLength = 300;

    public sealed record Request(DateTimeOffset? At, string? Place);

    public async Task<Outcome<MessageView>> RunAsync(string reference, Request request, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ValidationErrors().Text("place", request.Place, MaxPlaceLength);
        if (request.At is null)
        {
            errors.Add("at", "This field is required: the appointment's date and time with its offset (2026-03-03T10:30:00-06:00).");
        }
        else if (request.At <= time.GetUtcNow())
        {
            errors.Add("at", "The appointment must be in the future.");
        }

        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        var @case = await db.FindByReferenceAsync(reference, cancellationToken);
        if (@case is null)
        {
            return OutcomeProblem.NotFound($"No case has the reference {reference}.");
        }

        var citizen = await db.Citizens.AsNoTracking().FirstAsync(c => c.Id == @case.CitizenId, cancellationToken);
        var zone = composer.QuietHoursOf(citizen).Zone;
        var local = TimeZoneInfo.ConvertTime(request.At!.Value, zone);
        var spanish = TemplateLanguages.Base(citizen.PreferredLanguage) == "es";
        var when = spanish
            ? local.ToString("dddd d 'de' MMMM, HH:mm", CultureInfo.GetCultureInfo("es"))
            : local.ToString("dddd, MMMM d, h:mm tt", CultureInfo.GetCultureInfo("en-US"));
        var notification = new Notification(Guid.CreateVersion7(), NotificationKinds.AppointmentReminder, citizen.Id, @case.Id, actor.ToString())
        {
            Data = new Dictionary<string, string> { ["appointment_time"] = when, ["appointment_place"] = request.Place!.Trim() },
        };
        var message = await composer.ComposeAsync(notification, tried: null, cancellationToken);
        if (message is null)
        {
            return OutcomeProblem.Invalid("citizen", "No channel can reach this citizen: add a phone or email address, or call them.");
        }

        db.OutboundMessages.Add(message);
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
        return SendReply.View(message, @case.Reference);
    }
}
