using BorderAlertBot.Core.Text;
using Xunit;

namespace BorderAlertBot.Tests.Text;

public sealed class LanguagesTests
{
    [Theory]
    [InlineData("tg", "tg")]
    [InlineData("TJ", "tg")] // the country's code, a common slip, is Tajik
    [InlineData(" ky ", "ky")]
    [InlineData("kg", "ky")]
    [InlineData("RU", "ru")]
    [InlineData("uz", "uz")] // not one the detector reads, still a source's language
    [InlineData("Russian", "")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Codes_are_read_in_one_place(string? given, string stored) => Assert.Equal(stored, Languages.Normalize(given));

    [Fact]
    public void Known_codes_are_the_four_the_detector_reads() =>
        Assert.Equal(["en", "ru", "ky", "tg"], Languages.Known.Select(l => l.Code));

    [Fact]
    public void Only_known_languages_are_channel_filters()
    {
        Assert.Equal("tg", Languages.KnownCode("tj"));
        Assert.Null(Languages.KnownCode("uz"));
    }
}
