using CivicHub.Server.Components.Desk;

namespace CivicHub.Server.Tests.Desk;

/// <summary>The numbering that keeps a desk page from showing an older read that finished after a newer one.</summary>
public sealed class LatestReadTests
{
    [Fact]
    public void A_read_that_finishes_after_a_newer_one_was_shown_is_dropped()
    {
        var reads = new LatestRead();
        var first = reads.Start();
        var refresh = reads.Start();

        Assert.True(reads.TryShow(refresh));
        Assert.False(reads.TryShow(first));
    }

    [Fact]
    public void Reads_that_finish_in_the_order_they_started_are_all_shown()
    {
        var reads = new LatestRead();
        var first = reads.Start();
        var second = reads.Start();

        Assert.True(reads.TryShow(first));
        Assert.True(reads.TryShow(second));
        Assert.True(reads.TryShow(reads.Start()));
    }
}
