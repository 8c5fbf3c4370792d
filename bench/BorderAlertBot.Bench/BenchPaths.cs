namespace BorderAlertBot.Bench;

/// <summary>Finds the repository's config/ directory and the detection corpus, from the repo or beside the binary.</summary>
public static class BenchPaths
{
    public static string ConfigDir()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "config");
                if (File.Exists(Path.Combine(candidate, "lexicon.json")) && File.Exists(Path.Combine(candidate, "gazetteer.json"))) return candidate;
            }
        }
        throw new InvalidOperationException("config/ (lexicon.json, gazetteer.json) not found: run from the repository.");
    }

    public static string CorpusFile()
    {
        string beside = Path.Combine(AppContext.BaseDirectory, "data", "detection-corpus.jsonl");
        if (File.Exists(beside)) return beside;
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "BorderAlertBot.Tests", "TestData", "detection-corpus.jsonl");
            if (File.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException("detection-corpus.jsonl not found: run from the repository.");
    }
}
