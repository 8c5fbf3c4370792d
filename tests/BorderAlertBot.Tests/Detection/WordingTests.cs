using BorderAlertBot.Core.Text;
using Xunit;

namespace BorderAlertBot.Tests.Detection;

public class WordingTests
{
    [Theory]
    [InlineData(1, "alert", "1 alert")]
    [InlineData(2, "alert", "2 alerts")]
    [InlineData(0, "story", "0 stories")]
    [InlineData(1, "story", "1 story")]
    [InlineData(3, "day", "3 days")]
    [InlineData(2, "match", "2 matches")]
    public void Counts_read_as_english(int count, string noun, string expected) => Assert.Equal(expected, Plural.Of(count, noun));

    [Theory]
    [InlineData(0, "0 bytes")]
    [InlineData(1, "1 byte")]
    [InlineData(1023, "1023 bytes")]
    [InlineData(1024, "1 KiB")]
    [InlineData(65_536, "64 KiB")]
    [InlineData(200_000, "195 KiB")]
    [InlineData(1_572_864, "1.5 MiB")]
    [InlineData(8L * 1024 * 1024, "8 MiB")]
    [InlineData(3L * 1024 * 1024 * 1024, "3 GiB")]
    public void Sizes_have_units_that_make_sense_at_any_scale(long bytes, string expected) => Assert.Equal(expected, ByteSize.Format(bytes));
}
