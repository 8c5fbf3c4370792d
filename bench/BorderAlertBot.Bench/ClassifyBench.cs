using System.Text;
using System.Text.Json;
using BorderAlertBot.Cli;
using BorderAlertBot.Core.Detection;

namespace BorderAlertBot.Bench;

/// <summary>
/// `classify`: the cost per item of the `classify` verb (JSON line in, detection, JSON verdict out,
/// through the real <see cref="ClassifyVerb"/> with its reader thread and buffered output) beside the bare
/// <see cref="BorderDetector.Detect"/> on the same ~1 KB items, in alternating rounds of one run. The
/// verb's fixed cost (host, detector load) is taken out by running it on two input sizes and dividing
/// the difference. Process CPU time for both, so the verb's reader thread counts.
/// </summary>
public static class ClassifyBench
{
    private const int Small = 2_000;
    private const int Large = 22_000;
    private const int Rounds = 5;

    public static async Task<int> RunAsync(string[] args)
    {
        _ = args;
        string configDir = BenchPaths.ConfigDir();
        var detector = new BorderDetector(
            DetectorDataLoader.ParseGazetteer(File.ReadAllText(Path.Combine(configDir, "gazetteer.json"))),
            DetectorDataLoader.ParseLexicon(File.ReadAllText(Path.Combine(configDir, "lexicon.json"))));
        var text = new NewsText(BenchPaths.CorpusFile());
        var random = new Random(1024);
        var items = Enumerable.Range(0, Large).Select(_ => text.Item(random, 1024, 0.08)).ToArray();
        string temp = Path.Combine(Path.GetTempPath(), "borderalert-classify-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(temp);
        try
        {
            string small = Path.Combine(temp, "small.jsonl"), large = Path.Combine(temp, "large.jsonl");
            WriteLines(small, items.Take(Small));
            WriteLines(large, items);

            var bare = new List<double>();
            var verb = new List<double>();
            await ClassifyAsync(small, configDir); // warm-up: JIT and tiering for both
            foreach (var item in items.Take(Small)) detector.Detect(Input(item));
            for (int r = 0; r < Rounds; r++)
            {
                var cpu = CpuClock.Process();
                int relevant = 0;
                foreach (var item in items) relevant += detector.Detect(Input(item)).Relevant ? 1 : 0;
                bare.Add((CpuClock.Process() - cpu).TotalSeconds / items.Length);
                GC.KeepAlive(relevant);

                double smallCpu = await ClassifyAsync(small, configDir);
                double largeCpu = await ClassifyAsync(large, configDir);
                verb.Add((largeCpu - smallCpu) / (Large - Small));
            }
            double b = DetectorBench.Median(bare), v = DetectorBench.Median(verb);
            Console.WriteLine($"classify: {Large:N0} generated ~1 KB items (en/ru/ky/tj, 8% from the detection corpus) as JSON lines; {Rounds} alternating rounds, medians; process CPU time");
            Console.WriteLine();
            Table.Print(["run", "items/CPU-s", "CPU µs/item"],
            [
                ["BorderDetector.Detect (bare)", $"{1 / b:N0}", $"{b * 1e6:0.0}"],
                [$"classify verb (JSON in and out; {Large:N0} minus {Small:N0} lines)", $"{1 / v:N0}", $"{v * 1e6:0.0}"],
                ["ratio classify / bare", $"{v / b:0.00}x", ""],
            ]);
            Console.WriteLine();
            Console.WriteLine($"load average (1 min) {CpuClock.LoadAverage()}. Target (issue): classify within 1.5x of the bare detector per item.");
            return 0;
        }
        finally
        {
            try { Directory.Delete(temp, recursive: true); } catch (IOException) { }
        }
    }

    // As the verb builds it from a line without "content".
    private static DetectionInput Input(BenchItem item) => new(item.Title, item.Summary, item.Content.Length > 0 ? item.Content : null);

    private static void WriteLines(string path, IEnumerable<BenchItem> items)
    {
        using var stream = File.Create(path);
        int id = 0;
        foreach (var item in items)
        {
            using (var json = new Utf8JsonWriter(stream))
            {
                json.WriteStartObject();
                json.WriteString("id", (++id).ToString(System.Globalization.CultureInfo.InvariantCulture));
                json.WriteString("title", item.Title);
                json.WriteString("summary", item.Summary);
                if (item.Content.Length > 0) json.WriteString("content", item.Content);
                json.WriteString("lang", item.Lang);
                json.WriteEndObject();
            }
            stream.WriteByte((byte)'\n');
        }
    }

    /// <summary>Runs the verb on a file, output discarded; returns the process CPU seconds it took.</summary>
    private static async Task<double> ClassifyAsync(string input, string configDir)
    {
        using var reader = new StreamReader(input, Encoding.UTF8);
        await using var output = new StreamWriter(Stream.Null, new UTF8Encoding(false), 1 << 16);
        var context = new CliContext
        {
            Overrides = new Dictionary<string, string?> { ["BorderAlert:ConfigDir"] = configDir, ["Logging:LogLevel:Default"] = "Warning" },
            In = reader,
            Out = output,
        };
        var cpu = CpuClock.Process();
        int code = await ClassifyVerb.ExecuteAsync(context, CancellationToken.None);
        if (code != 0) throw new InvalidOperationException($"classify exited {code}");
        return (CpuClock.Process() - cpu).TotalSeconds;
    }
}
