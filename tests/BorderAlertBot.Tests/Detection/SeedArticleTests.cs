using BorderAlertBot.Core.Detection;
using BorderAlertBot.Core.Summaries;
using Xunit;

namespace BorderAlertBot.Tests.Detection;

public class SeedArticleTests
{
    private static (string Title, string Body) Seed()
    {
        var lines = TestPaths.SeedArticle.Split('\n');
        string title = lines.First(l => l.Contains("Exchange Fire", StringComparison.Ordinal)).Trim();
        return (title, string.Join("\n", lines.SkipWhile(l => !l.Contains("Exchange Fire", StringComparison.Ordinal)).Skip(1)));
    }

    [Fact]
    public void Seed_article_is_a_severe_armed_clash_at_Tort_Kocho_and_Chyr_Dobo()
    {
        var (title, body) = Seed();
        var d = TestPaths.Detector.Detect(new DetectionInput(title, body));
        Assert.True(d.Relevant, string.Join("; ", d.Reasons));
        Assert.Equal(Category.ArmedClash, d.Category);
        Assert.True(d.Severity >= 4, $"severity {d.Severity}");
        Assert.Contains(d.Places, p => p.Name == "Tort-Kocho");
        Assert.Contains(d.Places, p => p.Name == "Chyr-Dobo");
        Assert.Contains(d.Evidence, e => e.Phrase.Contains("mortar", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Seed_article_as_one_text_block_is_caught_too()
    {
        var d = TestPaths.Detector.Detect(new DetectionInput(TestPaths.SeedArticle));
        Assert.True(d.Relevant);
        Assert.Equal(Category.ArmedClash, d.Category);
    }

    [Fact]
    public void Summary_of_the_seed_drops_the_plea_and_keeps_the_facts()
    {
        var (title, body) = Seed();
        string summary = new Summarizer(TestPaths.Detector).Summarize(title, body);
        Assert.InRange(summary.Length, 40, Summarizer.MaxLength);
        Assert.DoesNotContain("support", summary, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Read more", summary, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("foreign agent", summary, StringComparison.OrdinalIgnoreCase);
        Assert.True(summary.Contains("Tort-Kocho", StringComparison.Ordinal) || summary.Contains("Chyr-Dobo", StringComparison.Ordinal) || summary.Contains("Vorukh", StringComparison.Ordinal), summary);
    }

    [Fact]
    public void Evidence_positions_point_at_the_phrase_in_its_field()
    {
        var d = TestPaths.Detector.Detect(new DetectionInput("Перестрелка у Ворух", "На кыргызско-таджикской границе стреляли."));
        Assert.True(d.Relevant, string.Join("; ", d.Reasons));
        foreach (var e in d.Evidence)
        {
            string field = e.Field == "title" ? "Перестрелка у Ворух" : "На кыргызско-таджикской границе стреляли.";
            Assert.Equal(e.Phrase, field.Substring(e.Start, e.Length));
        }
        Assert.Contains(d.Places, p => p.Name == "Vorukh");
    }
}
