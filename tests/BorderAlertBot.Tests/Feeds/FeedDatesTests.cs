using BorderAlertBot.Feeds.Parsing;
using Xunit;

namespace BorderAlertBot.Tests.Feeds;

/// <summary>The dates real feeds write, each read to the same UTC instant (the RFC 822 fast path and the general parser alike).</summary>
public class FeedDatesTests
{
    [Theory]
    [InlineData("Thu, 27 Jan 2022 16:00:00 +0600", "2022-01-27T10:00:00Z")]
    [InlineData("Thu, 27 Jan 2022 16:00:00 GMT", "2022-01-27T16:00:00Z")]
    [InlineData("Mon, 27 Jan 2022 16:00:00 GMT", "2022-01-27T16:00:00Z")]            // wrong day name
    [InlineData("27 jan 2022 16:00:00 MSK", "2022-01-27T13:00:00Z")]
    [InlineData("Thu, 7 Jan 2022 16:00:00 -0500", "2022-01-07T21:00:00Z")]
    [InlineData("Чт, 27 Jan 2022 16:00:00 +03:00", "2022-01-27T13:00:00Z")]          // localised day name
    [InlineData("Thu, 27 Jan 2022 16:00 +0600", "2022-01-27T10:00:00Z")]             // no seconds
    [InlineData("2022-01-27T16:00:00+06:00", "2022-01-27T10:00:00Z")]
    [InlineData("2022-01-27T16:00:00+0600", "2022-01-27T10:00:00Z")]
    [InlineData("2022-01-27 16:00:00", "2022-01-27T16:00:00Z")]
    [InlineData("27.01.2022 16:00", "2022-01-27T16:00:00Z")]
    [InlineData("Thu, 27 Jan 2022 16:00:00 XYZ", null)]
    [InlineData("30 Feb 2022 16:00:00 GMT", null)]
    [InlineData("not a date", null)]
    [InlineData("", null)]
    public void Feed_dates_become_utc(string text, string? expected)
    {
        var parsed = FeedDates.Parse(text);
        Assert.Equal(expected is null ? null : DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), parsed);
        if (parsed is { } p) Assert.Equal(TimeSpan.Zero, p.Offset);
    }
}
