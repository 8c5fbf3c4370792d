using BorderAlertBot.Core.Detection;
using BorderAlertBot.Core.Summaries;
using BorderAlertBot.Tests.Detection;
using Xunit;

namespace BorderAlertBot.Tests.Summaries;

public class SummaryTests
{
    private static readonly string[] Boilerplate = ["Read more", "subscribe", "Подписывайтесь", "appeared first on", "Читайте также", "жазылыңыз", "обуна", "support us", "<", "&nbsp;", "&amp;"];

    [Fact]
    public void Corpus_summaries_are_short_clean_and_keep_the_facts()
    {
        var summarizer = new Summarizer(TestPaths.Detector);
        foreach (var item in DetectorCorpusTests.Load().Where(i => !string.IsNullOrWhiteSpace(i.Summary)))
        {
            string summary = summarizer.Summarize(item.Title, item.Summary!);
            Assert.True(summary.Length <= Summarizer.MaxLength, $"{item.Id}: {summary.Length} characters");
            foreach (var b in Boilerplate) Assert.DoesNotContain(b, summary, StringComparison.OrdinalIgnoreCase);
            if (!item.Relevant) continue;
            // Key facts: what the detector found in the summary text (a place, a term) survives summarising.
            var before = TestPaths.Detector.Detect(new DetectionInput(null, item.Summary)).Evidence.Where(e => e.Kind is "place" || e.Kind.StartsWith("term:", StringComparison.Ordinal)).ToList();
            if (before.Count == 0) continue;
            var after = TestPaths.Detector.Detect(new DetectionInput(null, summary)).Evidence;
            Assert.True(after.Any(e => e.Kind is "place" || e.Kind.StartsWith("term:", StringComparison.Ordinal)), $"{item.Id}: “{summary}” lost the facts of “{item.Summary}”");
        }
    }

    [Fact]
    public void Leftover_html_entities_and_pleas_are_removed()
    {
        var summarizer = new Summarizer(TestPaths.Detector);
        string text = "<p>Kyrgyz border guards were wounded near&nbsp;Kok-Tash &amp; Ak-Sai on Monday.</p><p>Subscribe to our Telegram channel!</p><a href=\"x\">Read more</a>";
        string summary = summarizer.Summarize("Shooting at Kok-Tash", text);
        Assert.Equal("Kyrgyz border guards were wounded near Kok-Tash & Ak-Sai on Monday.", summary);
    }

    [Fact]
    public void Long_text_is_cut_at_a_word_within_the_limit()
    {
        string sentence = string.Join(' ', Enumerable.Repeat("Exchange of fire near Vorukh continued through the night with mortars", 12)) + ".";
        string summary = new Summarizer(TestPaths.Detector).Summarize("Vorukh", sentence);
        Assert.True(summary.Length <= Summarizer.MaxLength);
        Assert.EndsWith("…", summary);
    }
}
