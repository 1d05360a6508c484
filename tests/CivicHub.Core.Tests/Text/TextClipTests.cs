using CivicHub.Core.Text;

namespace CivicHub.Core.Tests.Text;

public sealed class TextClipTests
{
    [Fact]
    public void A_cut_that_would_halve_an_emoji_leaves_the_emoji_out()
    {
        var text = "ab👩c";
        Assert.Equal("ab", TextClip.Clip(text, 3));
        Assert.Equal("ab👩", TextClip.Clip(text, 4));
        Assert.Equal(text, TextClip.Clip(text, 10));
    }

    [Fact]
    public void The_ellipsis_counts_in_the_length_and_never_follows_half_a_character()
    {
        Assert.Equal("ab...", TextClip.Clip("ab👩 and more", 6, "..."));
        Assert.Equal("abcd…", TextClip.Clip("abcdefgh", 5, "…"));
        Assert.Equal("short", TextClip.Clip("short", 5, "…"));
    }
}
