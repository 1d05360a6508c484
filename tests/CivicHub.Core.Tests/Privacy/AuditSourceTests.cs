using CivicHub.Core.Privacy.Audit;

namespace CivicHub.Core.Tests.Privacy;

public sealed class AuditSourceTests
{
    [Fact]
    public void A_purpose_cut_to_what_the_log_keeps_never_ends_in_half_a_character()
    {
        var purpose = new string('a', AuditSource.MaxPurposeLength - 1) + "📞 call back";

        var kept = AuditSource.CleanPurpose(purpose)!;

        Assert.Equal(new string('a', AuditSource.MaxPurposeLength - 1), kept);
        Assert.Equal("Renewing a permit", AuditSource.CleanPurpose("  Renewing a permit "));
        Assert.Null(AuditSource.CleanPurpose("   "));
    }

    [Fact]
    public void A_user_agent_cut_to_its_start_never_ends_in_half_a_character()
    {
        var userAgent = new string('b', AuditSource.MaxUserAgentLength - 1) + "🙂 Browser/1.0";

        Assert.Equal(new string('b', AuditSource.MaxUserAgentLength - 1), AuditSource.ShortUserAgent(userAgent));
    }
}
