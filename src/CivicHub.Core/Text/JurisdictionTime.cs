using System.Globalization;
using CivicHub.Core.Outreach;
using Microsoft.Extensions.Options;

namespace CivicHub.Core.Text;

/// <summary>
/// Moments as people in the jurisdiction read them: in its time zone (<c>Outreach:TimeZone</c>, the one quiet hours
/// and appointments use), with the offset from UTC beside them, so a time on a screen is never a guess. Stored times
/// stay in UTC.
/// </summary>
public sealed class JurisdictionTime(IOptions<OutreachOptions> options)
{
    private readonly Lazy<TimeZoneInfo> _zone = new(() => TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone));

    public TimeZoneInfo Zone => _zone.Value;

    /// <summary>A person's own time zone (an IANA id they chose) when it is one this machine knows, else the jurisdiction's.</summary>
    public TimeZoneInfo ZoneOf(string? chosen) =>
        chosen is not null && TimeZoneInfo.TryFindSystemTimeZoneById(chosen, out var own) ? own : Zone;

    /// <summary>The moment on the jurisdiction's clocks, with that clock's offset from UTC at that moment.</summary>
    public DateTimeOffset Local(DateTime utc) => Local(utc, Zone);

    /// <summary>The moment on the clocks of <paramref name="zone"/>, with its offset from UTC at that moment.</summary>
    public static DateTimeOffset Local(DateTime utc, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var at = DateTime.SpecifyKind(utc, DateTimeKind.Utc);
        var offset = zone.GetUtcOffset(at);
        return new DateTimeOffset(at.Ticks + offset.Ticks, offset);
    }

    /// <summary>
    /// "2026-11-26 05:12 UTC−06:00": the moment as staff screens and transcripts write it ("05:12:09" with
    /// <paramref name="seconds"/>, as the audit log does).
    /// </summary>
    public string Format(DateTime utc, bool seconds = false)
    {
        var local = Local(utc);
        return $"{local.ToString(seconds ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} {OffsetLabel(local.Offset)}";
    }

    /// <summary>
    /// The UTC moment a date and time on the jurisdiction's clocks stands for, as staff type one into a filter; null
    /// for a time the clocks skip when they go forward. A time the clocks show twice when they go back is the first.
    /// </summary>
    public DateTime? Utc(DateTime local)
    {
        var clock = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(clock))
        {
            return null;
        }

        var offset = Zone.IsAmbiguousTime(clock) ? Zone.GetAmbiguousTimeOffsets(clock).Max() : Zone.GetUtcOffset(clock);
        return DateTime.SpecifyKind(clock - offset, DateTimeKind.Utc);
    }

    /// <summary>"UTC−06:00", "UTC+05:30", or "UTC" itself.</summary>
    public static string OffsetLabel(TimeSpan offset) =>
        offset == TimeSpan.Zero ? "UTC" : $"UTC{(offset < TimeSpan.Zero ? '−' : '+')}{offset.Duration():hh\\:mm}";
}
