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

    /// <summary>The repository's root (where BorderAlertBot.sln is), for docs the tests hold to their word.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "BorderAlertBot.sln"))) return dir.FullName;
            throw new DirectoryNotFoundException("BorderAlertBot.sln is not above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The seed article (a copy of shared/seed/, so the tests need nothing outside the repository).</summary>
    public static string SeedArticle => File.ReadAllText(Path.Combine(TestData, "seed", "moscow-times-tajik-kyrgyz-border-clash.txt"));
}
