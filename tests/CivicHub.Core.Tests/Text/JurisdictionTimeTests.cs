using CivicHub.Core.Outreach;
using CivicHub.Core.Text;
using Microsoft.Extensions.Options;

namespace CivicHub.Core.Tests.Text;

public sealed class JurisdictionTimeTests
{
    [Fact]
    public void A_moment_reads_on_the_jurisdictions_clocks_in_winter_and_in_summer()
    {
        var chicago = new JurisdictionTime(Options.Create(new OutreachOptions { TimeZone = "America/Chicago" }));

        var winter = chicago.Local(new DateTime(2026, 1, 10, 15, 0, 0, DateTimeKind.Utc));
        var summer = chicago.Local(new DateTime(2026, 7, 10, 15, 0, 0, DateTimeKind.Utc));

        Assert.Equal(new DateTime(2026, 1, 10, 9, 0, 0), winter.DateTime);
        Assert.Equal("UTC−06:00", JurisdictionTime.OffsetLabel(winter.Offset));
        Assert.Equal(new DateTime(2026, 7, 10, 10, 0, 0), summer.DateTime);
        Assert.Equal("UTC−05:00", JurisdictionTime.OffsetLabel(summer.Offset));
    }

    [Fact]
    public void Offsets_read_with_their_sign_and_utc_alone_needs_none()
    {
        Assert.Equal("UTC+05:30", JurisdictionTime.OffsetLabel(TimeSpan.FromMinutes(330)));
        Assert.Equal("UTC", JurisdictionTime.OffsetLabel(TimeSpan.Zero));
        Assert.Equal(DateTimeKind.Unspecified, new JurisdictionTime(Options.Create(new OutreachOptions { TimeZone = "Etc/UTC" }))
            .Local(new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Unspecified)).DateTime.Kind);
    }

    [Fact]
    public void A_time_typed_on_the_jurisdictions_clocks_stands_for_its_utc_moment_and_a_skipped_time_for_none()
    {
        var chicago = new JurisdictionTime(Options.Create(new OutreachOptions { TimeZone = "America/Chicago" }));

        Assert.Equal(new DateTime(2026, 1, 10, 15, 0, 0, DateTimeKind.Utc), chicago.Utc(new DateTime(2026, 1, 10, 9, 0, 0)));
        Assert.Equal(new DateTime(2026, 7, 10, 15, 0, 0, DateTimeKind.Utc), chicago.Utc(new DateTime(2026, 7, 10, 10, 0, 0)));
        // 8 March 2026: the clocks went from 02:00 to 03:00, so 02:30 never happened.
        Assert.Null(chicago.Utc(new DateTime(2026, 3, 8, 2, 30, 0)));
        // 1 November 2026: 01:30 came twice; the first, still on summer time (UTC−05:00), is meant.
        Assert.Equal(new DateTime(2026, 11, 1, 6, 30, 0, DateTimeKind.Utc), chicago.Utc(new DateTime(2026, 11, 1, 1, 30, 0)));
        Assert.Equal("2026-01-10 09:00:07 UTC−06:00", chicago.Format(new DateTime(2026, 1, 10, 15, 0, 7, DateTimeKind.Utc), seconds: true));
    }
}
