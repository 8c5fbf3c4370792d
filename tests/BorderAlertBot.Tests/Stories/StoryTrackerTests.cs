using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Stories;
using BorderAlertBot.Core.Summaries;
using Xunit;

namespace BorderAlertBot.Tests.Stories;

public class StoryTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2022, 9, 14, 6, 0, 0, TimeSpan.Zero);
    private readonly StoryTracker _tracker = new(new StoryOptions(), TestPaths.Detector.PlaceGraph);

    private static StoryCandidate Report(string id, string text, int severity, DateTimeOffset at, int? killed = null, string category = "armed_clash", params string[] core) => new()
    {
        AlertId = "a-" + id,
        StoryId = "s-" + id,
        EventUtc = at,
        Text = text,
        Headline = text,
        Severity = severity,
        Category = category,
        PlaceIds = core,
        PlaceNames = core,
        Figures = new Casualties(killed, null, null),
        Source = new AlertSource("outlet-" + id, "https://news.example/" + id, "feed-" + id, at),
    };

    [Fact]
    public void Reports_sharing_a_border_place_join_and_a_rising_toll_is_an_update()
    {
        var first = _tracker.Track(Report("1", "Fighting at Bulak-Bashy", 4, T0, core: "bulak-bashy"), []);
        Assert.True(first.IsNew);
        var same = _tracker.Track(Report("2", "Перестрелка у Булак-Баши", 4, T0.AddMinutes(20), core: "bulak-bashy"), [first.Story]);
        Assert.False(same.IsNew);
        Assert.False(same.IsUpdate);
        Assert.Equal(2, same.Story.Sources.Count);

        var toll = _tracker.Track(Report("3", "24 killed at Bulak-Bashy", 5, T0.AddHours(2), killed: 24, core: "bulak-bashy"), [same.Story]);
        Assert.True(toll.IsUpdate);
        Assert.Contains("24 killed", toll.Change);
        var higher = _tracker.Track(Report("4", "Toll 59", 5, T0.AddHours(5), killed: 59, core: "bulak-bashy"), [toll.Story]);
        Assert.Contains("Death toll rises to 59", higher.Change);
    }

    [Fact]
    public void Updates_are_rate_limited_unless_severity_rises()
    {
        var first = _tracker.Track(Report("1", "Shots at Vorukh", 3, T0, core: "vorukh"), []);
        var rise = _tracker.Track(Report("2", "Mortars at Vorukh, 3 killed", 5, T0.AddMinutes(5), killed: 3, core: "vorukh"), [first.Story]);
        Assert.True(rise.IsUpdate);                      // severity rose: always announced
        var soon = _tracker.Track(Report("3", "Vorukh toll 5", 5, T0.AddMinutes(15), killed: 5, core: "vorukh"), [rise.Story]);
        Assert.False(soon.IsUpdate);                     // same severity, within 30 minutes
        var later = _tracker.Track(Report("4", "Vorukh toll 5", 5, T0.AddMinutes(50), killed: 5, core: "vorukh"), [soon.Story]);
        Assert.True(later.IsUpdate);                     // the held change is announced after the window
        Assert.Contains("Death toll rises to 5", later.Change);
    }

    [Fact]
    public void Another_village_or_another_week_is_another_story()
    {
        var first = _tracker.Track(Report("1", "Clash at Vorukh", 4, T0, core: "vorukh"), []);
        Assert.True(_tracker.Track(Report("2", "Stones at Kok-Tash", 3, T0.AddHours(1), category: "incident", core: "kok-tash"), [first.Story]).IsNew);
        Assert.True(_tracker.Track(Report("3", "Clash at Vorukh", 4, T0.AddDays(5), core: "vorukh"), [first.Story]).IsNew);
    }

    [Fact]
    public void Same_wording_without_places_joins_by_minhash()
    {
        var a = _tracker.Track(Report("1", "Kyrgyzstan and Tajikistan sign the treaty on the state border in Bishkek", 2, T0, category: "diplomacy"), []);
        var b = _tracker.Track(Report("2", "Kyrgyzstan, Tajikistan sign treaty on the state border in Bishkek on Thursday", 2, T0.AddHours(1), category: "diplomacy"), [a.Story]);
        Assert.False(b.IsNew);
        Assert.True(MinHash.Similarity(MinHash.Signature("mortar fire at the border"), MinHash.Signature("apricot harvest in Batken")) < 0.1);
    }

    [Theory]
    [InlineData("The death toll rose to 59, with 144 wounded and 136,000 evacuated.", 59, 144, 136000)]
    [InlineData("Погибли 36 человек, ранены 190, эвакуировано более 40 000 жителей.", 36, 190, 40000)]
    [InlineData("Кагылышта 31 киши каза болду, 154 адам жарадар болду.", 31, 154, null)]
    [InlineData("19 нафар кушта шуданд ва 87 нафар захмӣ гаштанд.", 19, 87, null)]
    [InlineData("The 2022 war and the 2021 clash.", null, null, null)]
    public void Figures_are_extracted_in_four_languages(string text, int? killed, int? wounded, int? evacuated)
    {
        var f = FigureExtractor.Extract(text);
        Assert.Equal(killed, f.Killed);
        Assert.Equal(wounded, f.Wounded);
        Assert.Equal(evacuated, f.Evacuated);
    }
}
