using CivicHub.Core.Citizens;
using CivicHub.Core.Interactions;
using CivicHub.Core.Outreach.Outbox;
using CivicHub.Core.Outreach.Preferences;
using Microsoft.Extensions.Time.Testing;

namespace CivicHub.Core.Tests.Outreach;

public sealed class PreferenceTests
{
    private static readonly TimeZoneInfo Chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");

    private static ChannelIdentity Identity(IdentityKind kind, string value, DateTime? optedOut = null) =>
        new() { Id = Guid.NewGuid(), Kind = kind, Value = value, Display = value, OptedOutAt = optedOut };

    [Fact]
    public void Preferred_channels_come_first_then_any_other_usable_one()
    {
        var identities = new[] { Identity(IdentityKind.Phone, "+13125550100"), Identity(IdentityKind.Email, "rosa@mail.example") };
        var order = ChannelChoice.Order([Channel.Email, Channel.Phone], identities, _ => true);
        Assert.Equal([Channel.Email, Channel.Sms], order.Select(r => r.Channel));
    }

    [Fact]
    public void An_opt_out_beats_a_preference_and_unavailable_or_tried_channels_are_skipped()
    {
        var identities = new[]
        {
            Identity(IdentityKind.Phone, "+13125550100", optedOut: DateTime.UtcNow),
            Identity(IdentityKind.Email, "rosa@mail.example"),
            Identity(IdentityKind.Social, "messenger:42"),
        };
        Assert.Equal([Channel.Email, Channel.Social], ChannelChoice.Order([Channel.Sms], identities, _ => true).Select(r => r.Channel));
        Assert.Equal([Channel.Social], ChannelChoice.Order([Channel.Sms], identities, c => c != Channel.Email).Select(r => r.Channel));
        Assert.Empty(ChannelChoice.Order([], identities, _ => true, tried: new HashSet<Channel> { Channel.Email, Channel.Social }));
    }

    [Fact]
    public void Sms_in_quiet_hours_waits_until_they_end_in_the_citizens_time_zone()
    {
        // 22:30 in Chicago (CST, UTC-6) on 10 January: quiet until 08:00 the next morning.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 11, 4, 30, 0, TimeSpan.Zero));
        var quiet = new QuietHours(new TimeOnly(21, 0), new TimeOnly(8, 0), Chicago);
        Assert.Equal(new DateTime(2026, 1, 11, 14, 0, 0, DateTimeKind.Utc), quiet.NextAllowed(time.GetUtcNow().UtcDateTime));

        // Early morning, still quiet: the same morning.
        time.SetUtcNow(new DateTimeOffset(2026, 1, 11, 11, 0, 0, TimeSpan.Zero));
        Assert.Equal(new DateTime(2026, 1, 11, 14, 0, 0, DateTimeKind.Utc), quiet.NextAllowed(time.GetUtcNow().UtcDateTime));

        // Mid-afternoon: now.
        time.SetUtcNow(new DateTimeOffset(2026, 1, 11, 20, 0, 0, TimeSpan.Zero));
        Assert.Equal(time.GetUtcNow().UtcDateTime, quiet.NextAllowed(time.GetUtcNow().UtcDateTime));
    }

    [Fact]
    public void Quiet_hours_within_one_day_and_only_for_phones()
    {
        var lunch = new QuietHours(new TimeOnly(12, 0), new TimeOnly(13, 0), TimeZoneInfo.Utc);
        Assert.Equal(new DateTime(2026, 5, 1, 13, 0, 0, DateTimeKind.Utc), lunch.NextAllowed(new DateTime(2026, 5, 1, 12, 15, 0, DateTimeKind.Utc)));
        Assert.True(QuietHours.Applies(Channel.Sms));
        Assert.False(QuietHours.Applies(Channel.Email));
    }

    [Fact]
    public void Backoff_doubles_up_to_the_cap_with_at_most_a_fifth_of_jitter()
    {
        var baseDelay = TimeSpan.FromSeconds(30);
        var cap = TimeSpan.FromMinutes(5);
        Assert.Equal(TimeSpan.FromSeconds(30), Backoff.After(1, baseDelay, cap, 0));
        Assert.Equal(TimeSpan.FromSeconds(120), Backoff.After(3, baseDelay, cap, 0));
        Assert.Equal(cap, Backoff.After(20, baseDelay, cap, 0));
        Assert.Equal(TimeSpan.FromSeconds(36), Backoff.After(1, baseDelay, cap, 1));
    }
}
