using CivicHub.Core.Interactions;

namespace CivicHub.Core.Tests.Interactions;

public sealed class TimelineCursorTests
{
    [Fact]
    public void A_cursor_round_trips()
    {
        var cursor = new TimelineCursor(new DateTime(2026, 11, 25, 10, 30, 15, 123, DateTimeKind.Utc), 987_654_321);
        Assert.True(TimelineCursor.TryDecode(cursor.Encode(), out var decoded));
        Assert.Equal(cursor, decoded);
        Assert.Equal(DateTimeKind.Utc, decoded.OccurredAt.Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-cursor")]
    [InlineData("MTIzNA")]
    [InlineData("LTEuLTE")]
    [InlineData("OTk5OTk5OTk5OTk5OTk5OTk5OS4x")]
    public void Garbage_is_refused(string value) => Assert.False(TimelineCursor.TryDecode(value, out _));
}
