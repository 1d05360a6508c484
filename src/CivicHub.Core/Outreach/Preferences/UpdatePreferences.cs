using System.Globalization;
using CivicHub.Core.Citizens;
using CivicHub.Core.Data;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outcomes;
using Microsoft.EntityFrameworkCore;

namespace CivicHub.Core.Outreach.Preferences;

/// <summary>Reads and replaces a citizen's contact preferences: language, channels in order, quiet hours.</summary>
public sealed class UpdatePreferences(CivicHubDb db, TimeProvider time)
{
    public sealed record Request(string? PreferredLanguage, List<Channel>? PreferredChannels, QuietHoursView? QuietHours);

    public async Task<Outcome<PreferencesView>> GetAsync(Guid citizenId, CancellationToken cancellationToken)
    {
        var citizen = await db.Citizens.AsNoTracking().FirstOrDefaultAsync(c => c.Id == citizenId, cancellationToken);
        return citizen is null ? OutcomeProblem.NotFound("No citizen has that id.") : View(citizen);
    }

    public async Task<Outcome<PreferencesView>> RunAsync(Guid citizenId, Request request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ValidationErrors();
        var language = Citizens.Languages.Validate(request.PreferredLanguage, errors, "preferredLanguage");
        var channels = request.PreferredChannels ?? [];
        if (channels.Count > 9)
        {
            errors.Add("preferredChannels", "List at most 9 channels.");
        }
        else if (channels.Distinct().Count() != channels.Count)
        {
            errors.Add("preferredChannels", "List each channel once, in the order the citizen prefers.");
        }

        TimeOnly? start = null, end = null;
        string? zone = null;
        if (request.QuietHours is { } quiet)
        {
            start = Time(quiet.Start, "quietHours.start", errors);
            end = Time(quiet.End, "quietHours.end", errors);
            if (quiet.TimeZone is not null && !OutreachOptions.IsTimeZone(quiet.TimeZone))
            {
                errors.Add("quietHours.timeZone", "Must be an IANA time zone such as \"America/Chicago\".");
            }

            zone = quiet.TimeZone;
            if ((start is null) != (end is null))
            {
                errors.Add(start is null ? "quietHours.start" : "quietHours.end", "Give both the start and the end of the quiet hours, or neither.");
            }
        }

        if (errors.Any)
        {
            return OutcomeProblem.Invalid(errors);
        }

        var citizen = await db.Citizens.FirstOrDefaultAsync(c => c.Id == citizenId, cancellationToken);
        if (citizen is null)
        {
            return OutcomeProblem.NotFound("No citizen has that id.");
        }

        if (citizen.MergedIntoId is { } target)
        {
            return OutcomeProblem.Conflict($"This record was merged into {target}; change that one.");
        }

        citizen.PreferredLanguage = language;
        citizen.PreferredChannels = [.. channels];
        citizen.QuietHoursStart = start;
        citizen.QuietHoursEnd = end;
        citizen.TimeZone = zone;
        citizen.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return View(citizen);
    }

    private static TimeOnly? Time(string? value, string field, ValidationErrors errors)
    {
        if (value is null)
        {
            return null;
        }

        if (TimeOnly.TryParseExact(value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }

        errors.Add(field, "Must be a local time as HH:mm, such as \"21:00\".");
        return null;
    }

    private static PreferencesView View(Citizen c) => new(
        c.Id,
        c.PreferredLanguage,
        c.PreferredChannels,
        c.QuietHoursStart is null && c.TimeZone is null
            ? null
            : new QuietHoursView(
                c.QuietHoursStart?.ToString("HH:mm", CultureInfo.InvariantCulture),
                c.QuietHoursEnd?.ToString("HH:mm", CultureInfo.InvariantCulture),
                c.TimeZone));
}
