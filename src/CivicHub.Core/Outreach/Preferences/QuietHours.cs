using CivicHub.Core.Interactions;

namespace CivicHub.Core.Outreach.Preferences;

/// <summary>A citizen's quiet hours: a local window, possibly over midnight, when phones should not buzz.</summary>
public sealed record QuietHours(TimeOnly Start, TimeOnly End, TimeZoneInfo Zone)
{
    /// <summary>SMS and calls wait for the morning; email, chat and social do not wake anyone.</summary>
    public static bool Applies(Channel channel) => channel is Channel.Sms or Channel.Phone;

    /// <summary>The first moment at or after <paramref name="utcNow"/> outside the quiet window, in UTC.</summary>
    public DateTime NextAllowed(DateTime utcNow)
    {
        if (Start == End)
        {
            return utcNow;
        }

        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utcNow, DateTimeKind.Utc), Zone);
        var time = TimeOnly.FromDateTime(local);
        var overMidnight = Start > End;
        var quiet = overMidnight ? time >= Start || time < End : time >= Start && time < End;
        if (!quiet)
        {
            return utcNow;
        }

        // The window ends today, or tomorrow when it started this evening.
        var endDay = overMidnight && time >= Start ? local.Date.AddDays(1) : local.Date;
        var endLocal = DateTime.SpecifyKind(endDay + End.ToTimeSpan(), DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(endLocal))
        {
            // The end falls in a spring-forward gap: the first valid minute after it.
            endLocal = endLocal.AddHours(1);
        }

        return TimeZoneInfo.ConvertTimeToUtc(endLocal, Zone);
    }
}
