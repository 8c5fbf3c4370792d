using System.Diagnostics;
using BorderAlertBot.Core.Detection;

namespace BorderAlertBot.Bench;

/// <summary>
/// `detector`: single-thread throughput of <see cref="BorderDetector.Detect"/> on ~1 KB and ~8 KB items,
/// beside the one-regex-per-pattern baseline on the same items in the same run. Each figure is the
/// median of several timed rounds after a warm-up.
/// </summary>
public static class DetectorBench
{
    private const int PoolSize = 2000;
    private const double CorpusShare = 0.08;   // ~8% of items start from a corpus sentence; about half of those are border news
    private static readonly TimeSpan DetectorRound = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan BaselineRound = TimeSpan.FromMilliseconds(600);
    private const int DetectorRounds = 7;
    private const int BaselineRounds = 5;

    public static int Run(string[] args)
    {
        _ = args;
        string configDir = BenchPaths.ConfigDir();
        var gazetteer = DetectorDataLoader.ParseGazetteer(File.ReadAllText(Path.Combine(configDir, "gazetteer.json")));
        var lexicon = DetectorDataLoader.ParseLexicon(File.ReadAllText(Path.Combine(configDir, "lexicon.json")));
        var detector = new BorderDetector(gazetteer, lexicon);
        var buildStarted = Stopwatch.GetTimestamp();
        var baseline = new RegexBaseline(gazetteer, lexicon);
        var baselineBuild = Stopwatch.GetElapsedTime(buildStarted);
        var text = new NewsText(BenchPaths.CorpusFile());
        string loadBefore = CpuClock.LoadAverage();

        Console.WriteLine($"detector: {detector.PatternCount} folded patterns in one Aho-Corasick automaton; baseline: {baseline.Count} compiled regexes (built in {baselineBuild.TotalSeconds:0.0} s)");
        Console.WriteLine($"items: {PoolSize} per size, {CorpusShare * 100:0}% from the detection corpus (border news and near-misses), the rest everyday news; en/ru/ky/tj mixed");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, one thread");
        Console.WriteLine();

        var rows = new List<string[]>();
        foreach (int size in new[] { 1024, 8192 })
        {
            var random = new Random(size);
            var items = Enumerable.Range(0, PoolSize).Select(_ => text.Item(random, size, CorpusShare)).ToArray();
            long poolBytes = items.Sum(i => (long)i.Utf8Bytes);
            double avgBytes = poolBytes / (double)items.Length;
            int relevant = items.Count(i => detector.Detect(Input(i)).Relevant);

            // Warm-up: every item through both, so tiering and regex compilation are done before timing.
            for (int w = 0; w < 3; w++) foreach (var item in items) detector.Detect(Input(item));
            foreach (var item in items.Take(50)) baseline.Scan(item);

            var d = Measure(items, DetectorRounds, DetectorRound, item => detector.Detect(Input(item)).Relevant ? 1 : 0);
            var b = Measure(items, BaselineRounds, BaselineRound, baseline.Scan);

            rows.Add([$"~{avgBytes / 1024:0.0} KB", "detector", $"{d.ItemsPerSecond:N0}", $"{d.MegabytesPerSecond:0.0}", $"{d.ItemsPerCpuSecond:N0}", $"{d.BytesAllocatedPerItem:N0}", $"{relevant * 100.0 / items.Length:0.0}%"]);
            rows.Add([$"~{avgBytes / 1024:0.0} KB", "regex baseline", $"{b.ItemsPerSecond:N0}", $"{b.MegabytesPerSecond:0.00}", $"{b.ItemsPerCpuSecond:N0}", $"{b.BytesAllocatedPerItem:N0}", ""]);
            rows.Add(["", "ratio detector/baseline", $"{d.ItemsPerSecond / b.ItemsPerSecond:0.0}x", "", $"{d.ItemsPerCpuSecond / b.ItemsPerCpuSecond:0.0}x", "", ""]);
        }

        Table.Print(["item size", "run", "items/s", "MB/s", "items/CPU-s", "alloc B/item", "detected relevant"], rows);
        Console.WriteLine();
        Console.WriteLine($"load average (1 min) at the start {loadBefore}, at the end {CpuClock.LoadAverage()}: on a shared machine items/s (wall clock) drops when other work runs; items/CPU-s (this thread's CPU time) does not.");
        Console.WriteLine("items/s and MB/s: median of the rounds (MB = 10^6 UTF-8 bytes of title+summary+content); alloc: GC.GetAllocatedBytesForCurrentThread per item.");
        Console.WriteLine("Targets (issue): detector >= 10x the baseline and >= 50,000 items/s on ~1 KB items.");
        return 0;
    }

    private static DetectionInput Input(BenchItem item) => new(item.Title, item.Summary, item.Content);

    private sealed record Result(double ItemsPerSecond, double MegabytesPerSecond, double BytesAllocatedPerItem, double ItemsPerCpuSecond);

    private static Result Measure(BenchItem[] items, int rounds, TimeSpan roundLength, Func<BenchItem, int> work)
    {
        var perRound = new List<(double Items, double Mb, double Alloc, double PerCpu)>();
        int sink = 0;
        int next = 0;
        for (int r = 0; r < rounds; r++)
        {
            long count = 0, bytes = 0;
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            var cpu = CpuClock.Thread();
            long started = Stopwatch.GetTimestamp();
            TimeSpan elapsed;
            do
            {
                // Batches of 16 between clock reads keep the timing overhead out of the figure.
                for (int k = 0; k < 16; k++)
                {
                    var item = items[next];
                    next = next + 1 == items.Length ? 0 : next + 1;
                    sink += work(item);
                    bytes += item.Utf8Bytes;
                    count++;
                }
                elapsed = Stopwatch.GetElapsedTime(started);
            }
            while (elapsed < roundLength);
            var cpuUsed = CpuClock.Thread() - cpu;
            long allocatedNow = GC.GetAllocatedBytesForCurrentThread();
            perRound.Add((count / elapsed.TotalSeconds, bytes / 1e6 / elapsed.TotalSeconds, (allocatedNow - allocated) / (double)count, count / Math.Max(1e-6, cpuUsed.TotalSeconds)));
        }
        GC.KeepAlive(sink);
        return new Result(Median(perRound.Select(p => p.Items)), Median(perRound.Select(p => p.Mb)), Median(perRound.Select(p => p.Alloc)), Median(perRound.Select(p => p.PerCpu)));
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0) return double.NaN;
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
