using BorderAlertBot.Core.Text;
using Xunit;

namespace BorderAlertBot.Tests.Text;

public class PatternMatcherTests
{
    [Fact]
    public void Finds_every_pattern_including_overlaps_in_one_pass()
    {
        var matcher = PatternMatcher.Build([" he", " she", " his", " hers", " she sells"]);
        var hits = new List<PatternHit>();
        matcher.Scan(" she sells hers", hits);
        var found = hits.Select(h => (h.PatternId, h.Start, h.End)).ToList();
        Assert.Contains((1, 0, 4), found);   // " she"
        Assert.Contains((4, 0, 10), found);  // " she sells"
        Assert.Contains((3, 10, 15), found); // " hers"
        Assert.Contains((0, 10, 13), found); // " he" inside " hers"
        Assert.DoesNotContain(found, f => f.PatternId == 2);
    }

    [Fact]
    public void Leading_space_anchors_patterns_to_word_starts()
    {
        var matcher = PatternMatcher.Build([" tash"]);
        var hits = new List<PatternHit>();
        matcher.Scan(" kok tash koktash", hits);
        Assert.Single(hits);
        Assert.Equal(4, hits[0].Start);
    }

    [Fact]
    public void Rejects_unfolded_patterns()
    {
        Assert.Throws<ArgumentException>(() => PatternMatcher.Build([" Ворух"]));
    }
}
