using BorderAlertBot.Core.Detection;
using BorderAlertBot.Hosting;

namespace BorderAlertBot.Tests;

/// <summary>Where test data and the shipped config are, and a shared detector built from the real data files.</summary>
public static class TestPaths
{
    public static string ConfigDir => Path.Combine(AppContext.BaseDirectory, "config");
    public static string TestData => Path.Combine(AppContext.BaseDirectory, "TestData");

    private static readonly Lazy<BorderDetector> SharedDetector = new(() =>
        DetectorFiles.Load(Path.Combine(ConfigDir, "gazetteer.json"), Path.Combine(ConfigDir, "lexicon.json")));

    public static BorderDetector Detector => SharedDetector.Value;

    /// <summary>The seed article (a copy of shared/seed/, so the tests need nothing outside the repository).</summary>
    public static string SeedArticle => File.ReadAllText(Path.Combine(TestData, "seed", "moscow-times-tajik-kyrgyz-border-clash.txt"));
}
