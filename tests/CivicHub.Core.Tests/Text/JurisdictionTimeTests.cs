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
}
