using BorderAlertBot.Core.Detection;
using Xunit;

namespace BorderAlertBot.Tests.Detection;

/// <summary>
/// docs/RUBRIC.md and the code say the same thing: its category and severity tables are <see cref="Rubric"/>'s
/// text, and its examples (four languages) are this test's table.
/// </summary>
public class RubricTests
{
    private static readonly string[] Lines = File.ReadAllLines(Path.Combine(TestPaths.RepositoryRoot, "docs", "RUBRIC.md"));

    /// <summary>The rows of the first table after a heading starting with <paramref name="heading"/>, as cells.</summary>
    private static List<string[]> Table(string heading) =>
        Lines.SkipWhile(l => !l.StartsWith(heading, StringComparison.Ordinal)).Skip(1)
            .SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).Skip(2)
            .Select(l => l.Trim('|').Split('|').Select(c => c.Trim()).ToArray()).ToList();

    public static TheoryData<string, string, string, int> Examples()
    {
        var data = new TheoryData<string, string, string, int>();
        foreach (var row in Table("## Examples")) data.Add(row[0], row[1], row[2], int.Parse(row[3], System.Globalization.CultureInfo.InvariantCulture));
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_example_gets_the_category_and_severity_of_the_rubric(string lang, string title, string category, int severity)
    {
        var d = TestPaths.Detector.Detect(new DetectionInput(title));
        Assert.True(d.Relevant, $"{lang}: {title}: {string.Join("; ", d.Reasons)}");
        Assert.Equal(category, d.Category.ToWire());
        Assert.Equal(severity, d.Severity);
    }

    [Fact]
    public void The_examples_cover_every_category_in_four_languages()
    {
        var rows = Table("## Examples");
        Assert.Equal(Rubric.Categories.Keys.Select(c => c.ToWire()).Order(), rows.Select(r => r[2]).Distinct().Order());
        Assert.Equal(["en", "ky", "ru", "tj"], rows.Select(r => r[0]).Distinct().Order().ToArray());
    }

    [Fact]
    public void The_tables_in_docs_are_the_rubric_in_code()
    {
        var categories = Table("## Categories");
        Assert.Equal(Rubric.Categories.Count, categories.Count);
        foreach (var row in categories)
        {
            var category = Rubric.Categories.Keys.Single(c => row[0].Contains($"(`{c.ToWire()}`)", StringComparison.Ordinal));
            Assert.Equal(Rubric.Categories[category], row[1]);
        }
        var severities = Table("## Severity");
        Assert.Equal(5, severities.Count);
        foreach (var row in severities) Assert.Equal(Rubric.Severities[int.Parse(row[0], System.Globalization.CultureInfo.InvariantCulture)], row[1]);
        Assert.Equal(Rubric.TieOrder, Rubric.Categories.Keys); // "ties go to the more urgent kind, in the order of the table"
    }

    [Theory]
    [InlineData(true, false, false, false, true)]   // ceasefire in the title
    [InlineData(true, true, false, false, false)]   // "exchange fire despite talks on demarcation"
    [InlineData(false, false, true, false, true)]   // the first sentence decides when the title says neither
    [InlineData(false, true, true, false, false)]   // fire in the title wins over calm in the lead
    public void De_escalation_is_read_from_the_title_first(bool calmTitle, bool fireTitle, bool calmLead, bool fireLead, bool expected)
    {
        Assert.Equal(expected, Rubric.IsDeescalation(calmTitle, fireTitle, calmLead, fireLead));
        Assert.True(Rubric.SeverityOf(5, 0, deescalation: true) <= Rubric.DeescalationMaxSeverity);
        Assert.Equal(Category.Diplomacy, Rubric.CategoryOf(Category.ArmedClash, deescalation: true));
        Assert.Equal(Category.Humanitarian, Rubric.CategoryOf(Category.Humanitarian, deescalation: true));
    }
}
