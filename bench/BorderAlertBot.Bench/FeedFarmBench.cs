using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BorderAlertBot.Cli;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Feeds.Polling;
using BorderAlertBot.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BorderAlertBot.Bench;

/// <summary>
/// `feedfarm N`: the real host services (built as `run` builds them) polling N feeds from a loopback
/// <see cref="FeedFarm"/> into a SQLite store in a temp directory, with the dispatcher running beside the
/// poller as in `run`. Two cycles: the first sees every feed for the first time; before the second, 5% of
/// the feeds get one new item (20% of those border news, so alerts are produced) and most others answer
/// 304. Without N it runs N = 1,000 and N = 50,000, each in a fresh process so memory figures are its own.
/// </summary>
public static class FeedFarmBench
{
    private static readonly TimeSpan CycleBudget = TimeSpan.FromMinutes(10);
    private const int TargetFeeds = 50_000;
    private const double WorkingSetBudgetMb = 200;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0)
        {
            foreach (int n in new[] { 1000, TargetFeeds })
            {
                int code = await RunChildAsync(n);
                if (code != 0) return code;
            }
            return 0;
        }
        if (!int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count < 1)
        {
            Console.Error.WriteLine("usage: feedfarm [N]  (N: number of feeds, default 1000 then 50000)");
            return 2;
        }
        return await RunOnceAsync(count);
    }

    private static async Task<int> RunChildAsync(int n)
    {
        string self = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(self) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            start.ArgumentList.Add(typeof(FeedFarmBench).Assembly.Location);
        start.ArgumentList.Add("feedfarm");
        start.ArgumentList.Add(n.ToString(CultureInfo.InvariantCulture));
        using var child = Process.Start(start) ?? throw new InvalidOperationException("could not start the benchmark child process");
        await child.WaitForExitAsync();
        Console.WriteLine();
        return child.ExitCode;
    }

    private sealed record CycleFigures(
        int Cycle, int Feeds, int Failed, int NotModified, int Items, int Alerts, int Delivered,
        TimeSpan Wall, double P50Ms, double P99Ms, double MaxMs, double SampledPeakMb, double PeakWorkingSetMb, double EndWorkingSetMb,
        double AllocatedPerFeedKb, double GcHeapMb, double CpuSeconds, string Load);

    private static async Task<int> RunOnceAsync(int count)
    {
        string temp = Path.Combine(Path.GetTempPath(), "borderalert-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(temp);
        try
        {
            var text = new NewsText(BenchPaths.CorpusFile());
            await using var farm = new FeedFarm(count, text, seed: 20260101);
            await farm.StartAsync();

            string feedsFile = Path.Combine(temp, "feeds.json");
            await using (var stream = File.Create(feedsFile))
            await using (var json = new Utf8JsonWriter(stream))
            {
                json.WriteStartObject();
                json.WriteStartArray("feeds");
                for (int i = 0; i < count; i++)
                {
                    json.WriteStartObject();
                    json.WriteString("id", "f" + i.ToString(CultureInfo.InvariantCulture));
                    json.WriteString("name", "Farm feed " + i.ToString(CultureInfo.InvariantCulture));
                    json.WriteString("url", farm.FeedUrl(i).AbsoluteUri);
                    json.WriteString("language", farm.LanguageOf(i));
                    json.WriteNumber("intervalMinutes", 10);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }

            var sink = new CountingSink(farm);
            var overrides = new Dictionary<string, string?>
            {
                ["BorderAlert:ConfigDir"] = BenchPaths.ConfigDir(),
                ["BorderAlert:FeedsFile"] = feedsFile,
                ["BorderAlert:Storage:ConnectionString"] = "Data Source=" + Path.Combine(temp, "bench.db"),
                ["BorderAlert:Fetch:AllowPrivateNetworks"] = "true",
                // The farm is one host; real feeds are spread over thousands of hosts, so the per-host
                // politeness limit (2) would measure the farm, not the poller. It gets the global limit.
                ["BorderAlert:Fetch:MaxPerHost"] = "64",
                ["BorderAlert:Console:Format"] = "jsonl",
                ["Logging:LogLevel:Default"] = "Warning",
            };
            var context = new CliContext
            {
                Overrides = overrides,
                Out = TextWriter.Null,
                // Registered last, so the dispatcher's "last registration wins" picks it for "console".
                ConfigureServices = services => services.AddSingleton<IChatSink>(sink),
            };

            var builder = AppHost.CreateBuilder(context, LogLevel.Warning);
            using var host = builder.Build();
            AppHost.ValidateOptions(host.Services);
            var prepared = Stopwatch.StartNew();
            await AppHost.PrepareStoreAsync(host.Services, null, CancellationToken.None);
            prepared.Stop();

            var poller = host.Services.GetRequiredService<FeedPoller>();
            var dispatcher = host.Services.GetRequiredService<DeliveryDispatcher>();
            var signal = host.Services.GetRequiredService<DispatchSignal>();

            Console.WriteLine($"feedfarm N = {count:N0}: Kestrel at {farm.BaseUrl}, SQLite in {temp}; {Environment.ProcessorCount} cores; store prepared (feeds synced) in {prepared.Elapsed.TotalSeconds:0.0} s");
            var gcInfo = GC.GetGCMemoryInfo();
            Console.WriteLine($"runtime: {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {GcSettings.Describe()}, "
                + $"memory available to the GC {gcInfo.TotalAvailableMemoryBytes / 1048576.0:N0} MB{(Environment.GetEnvironmentVariable("DOTNET_GCHeapHardLimit") is { } limit ? $" (DOTNET_GCHeapHardLimit={limit})" : "")}");
            Console.WriteLine($"farm: {Share(farm, FeedFarm.Kind.Conditional)} answer 304 when unchanged, {Share(farm, FeedFarm.Kind.Full)} always send the full body, {Share(farm, FeedFarm.Kind.Slow)} slow (1.5–4 s), {Share(farm, FeedFarm.Kind.Failing)} fail with 500; {farm.RegionalFeeds:N0} regional feeds mix border news and near-misses into everyday news, the rest carry everyday news only");

            using var stop = new CancellationTokenSource();
            // As `run` does: dispatch when the pipeline signals committed alerts, else every 200 ms.
            var dispatching = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        await dispatcher.DispatchDueAsync(stop.Token);
                        await signal.WaitAsync(TimeSpan.FromMilliseconds(200), stop.Token);
                    }
                    catch (OperationCanceledException) when (stop.IsCancellationRequested) { break; }
                }
            });
            var sampler = new WorkingSetSampler();
            var sampling = sampler.RunAsync(stop.Token);

            var cycles = new List<CycleFigures>();
            cycles.Add(await CycleAsync(1, poller, sink, sampler));
            var (changed, border) = farm.AddNewItems(share: 0.05, borderShare: 0.2, seed: 7);
            Console.WriteLine($"between cycles: 1 new item in {changed:N0} feeds, {border:N0} of them border news");
            cycles.Add(await CycleAsync(2, poller, sink, sampler));

            await stop.CancelAsync();
            await dispatching;
            await sampling;
            Console.WriteLine(await StoreFiguresAsync(Path.Combine(temp, "bench.db")));

            Console.WriteLine();
            Table.Print(
                ["cycle", "feeds", "304", "failed", "items", "alerts", "sent", "wall s", "CPU s", "load", "feeds/s", "items/s", "p50 ms", "p99 ms", "max ms", "peak WS MB", "alloc/feed KB", "GC heap MB"],
                cycles.Select(c => new[]
                {
                    c.Cycle.ToString(CultureInfo.InvariantCulture), c.Feeds.ToString("N0", CultureInfo.InvariantCulture), c.NotModified.ToString("N0", CultureInfo.InvariantCulture),
                    c.Failed.ToString("N0", CultureInfo.InvariantCulture), c.Items.ToString("N0", CultureInfo.InvariantCulture), c.Alerts.ToString("N0", CultureInfo.InvariantCulture),
                    c.Delivered.ToString("N0", CultureInfo.InvariantCulture), c.Wall.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture),
                    c.CpuSeconds.ToString("0.0", CultureInfo.InvariantCulture), c.Load,
                    (c.Feeds / c.Wall.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture), (c.Items / c.Wall.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture),
                    Ms(c.P50Ms), Ms(c.P99Ms), Ms(c.MaxMs),
                    $"{c.SampledPeakMb:0} ({c.PeakWorkingSetMb:0})", c.AllocatedPerFeedKb.ToString("N0", CultureInfo.InvariantCulture), c.GcHeapMb.ToString("0", CultureInfo.InvariantCulture),
                }).ToList());
            Console.WriteLine();
            Console.WriteLine("wall: PollAsync(allFeeds: true) start to end. Latency: alert at the sink minus the end of the farm's response for that feed (p50/p99/max over the cycle's alerts).");
            Console.WriteLine("peak WS: highest working set sampled every 100 ms during the cycle (Process.PeakWorkingSet64 so far in brackets); the process also hosts the farm (Kestrel) and the generator.");
            Console.WriteLine("alloc/feed: GC.GetTotalAllocatedBytes delta over the cycle / feeds polled, farm included. CPU s: process CPU time over the cycle (poller, dispatcher and farm); load: 1-minute load average at the cycle's end (2 cores shared with other work).");

            foreach (var c in cycles)
            {
                double projected = TargetFeeds / (c.Feeds / c.Wall.TotalSeconds);
                // CPU-bound: on 2 dedicated cores the cycle would take about CPU time / 2 (farm included, so conservative).
                double dedicated = TargetFeeds * c.CpuSeconds / c.Feeds / Environment.ProcessorCount;
                string basis = count >= TargetFeeds ? "measured" : $"projected from N = {count:N0}";
                Console.WriteLine($"50,000 feeds per 10-minute cycle, cycle {c.Cycle} ({(c.Cycle == 1 ? "cold: every item new" : "steady: 304s and a few new items")}): "
                    + $"{(projected <= CycleBudget.TotalSeconds ? "fits" : "does NOT fit")} — {projected:0} s wall ({basis}); {dedicated:0} s from CPU time on {Environment.ProcessorCount} dedicated cores; budget {CycleBudget.TotalSeconds:0} s.");
            }
            double peak = cycles.Max(c => c.SampledPeakMb);
            Console.WriteLine($"working set: peak {peak:0} MB sampled ({(peak <= WorkingSetBudgetMb ? "within" : "over")} the {WorkingSetBudgetMb:0} MB budget); cycle 2 ends at {cycles[^1].EndWorkingSetMb:0} MB vs cycle 1 {cycles[0].EndWorkingSetMb:0} MB.");
            var latencies = cycles.Where(c => c.Alerts > 0).ToList();
            if (latencies.Count > 0)
                Console.WriteLine($"fetch-to-sink: worst p99 {latencies.Max(c => c.P99Ms):0} ms, worst max {latencies.Max(c => c.MaxMs):0} ms (target ≤ 2,000 ms).");
            return 0;
        }
        finally
        {
            try { Directory.Delete(temp, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static async Task<string> StoreFiguresAsync(string path)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            SELECT (SELECT COUNT(*) FROM seen_items), (SELECT COUNT(*) FROM stories),
                   (SELECT COALESCE(MAX(length(payload)), 0) FROM stories), (SELECT COUNT(*) FROM alerts);
            """;
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        long size = new FileInfo(path).Length + (File.Exists(path + "-wal") ? new FileInfo(path + "-wal").Length : 0);
        return $"store: {reader.GetInt64(0):N0} seen items, {reader.GetInt64(1):N0} stories (largest payload {reader.GetInt64(2) / 1024.0:0} KB), {reader.GetInt64(3):N0} alerts, {size / 1048576.0:0} MB on disk";
    }

    /// <summary>Linux: the resident set split into anonymous memory (heaps) and mapped files (code).</summary>
    private static string MemoryBreakdown()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return "";
        var parts = File.ReadLines(status)
            .Where(l => l.StartsWith("RssAnon:", StringComparison.Ordinal) || l.StartsWith("RssFile:", StringComparison.Ordinal) || l.StartsWith("RssShmem:", StringComparison.Ordinal))
            .Select(l => l.Split(':', 2)) 
            .Select(p => $"{p[0]} {long.Parse(p[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024} MB");
        return string.Join(", ", parts);
    }

    private static string Ms(double ms) => double.IsNaN(ms) ? "-" : ms.ToString("0", CultureInfo.InvariantCulture);

    private static string Share(FeedFarm farm, FeedFarm.Kind kind)
    {
        int n = 0;
        for (int i = 0; i < farm.Count; i++) if (farm.KindOf(i) == kind) n++;
        return $"{n * 100.0 / farm.Count:0.#}%";
    }

    private static async Task<CycleFigures> CycleAsync(int cycle, FeedPoller poller, CountingSink sink, WorkingSetSampler sampler)
    {
        sink.Cycle = cycle;
        sampler.Reset();
        long allocated = GC.GetTotalAllocatedBytes(precise: false);
        var cpu = CpuClock.Process();
        var wall = Stopwatch.StartNew();
        var summary = await poller.PollAsync(allFeeds: true, CancellationToken.None);
        wall.Stop();
        var cpuUsed = CpuClock.Process() - cpu;
        long allocatedAfter = GC.GetTotalAllocatedBytes(precise: false);

        // Let the dispatcher deliver what the cycle created (it runs concurrently; this only waits).
        var drain = Stopwatch.StartNew();
        while (sink.CountFor(cycle) < summary.Alerts && drain.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(50);
        var latencies = sink.LatenciesFor(cycle);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var gc = GC.GetGCMemoryInfo();
        var figures = new CycleFigures(
            cycle, summary.Feeds, summary.Failed, summary.NotModified, summary.Items, summary.Alerts, sink.CountFor(cycle),
            wall.Elapsed,
            Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies.Count > 0 ? latencies.Max() : double.NaN,
            Math.Max(sampler.PeakBytes, process.WorkingSet64) / 1048576.0, process.PeakWorkingSet64 / 1048576.0, process.WorkingSet64 / 1048576.0,
            (allocatedAfter - allocated) / 1024.0 / Math.Max(1, summary.Feeds), gc.HeapSizeBytes / 1048576.0, cpuUsed.TotalSeconds, CpuClock.LoadAverage());
        Console.WriteLine($"cycle {cycle}: {summary.Feeds:N0} feeds ({summary.NotModified:N0} not modified, {summary.Failed:N0} failed), {summary.Items:N0} items, {summary.Alerts:N0} alerts in {wall.Elapsed.TotalSeconds:0.0} s; "
            + $"GC: heap {gc.HeapSizeBytes / 1048576.0:0} MB, committed {gc.TotalCommittedBytes / 1048576.0:0} MB, gen0/1/2 collections {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, pause {GC.GetTotalPauseDuration().TotalMilliseconds:0} ms; {MemoryBreakdown()}; working-set peak {sampler.PeakBytes / 1048576.0:0} MB at {sampler.PeakAt.TotalSeconds:0} s into the cycle ({sampler.PeakBreakdown})");
        return figures;
    }

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        values.Sort();
        int index = (int)Math.Ceiling(p * values.Count) - 1;
        return values[Math.Clamp(index, 0, values.Count - 1)];
    }

    /// <summary>The "console" sink for the benchmark: records, per alert, when it arrived and from which feed.</summary>
    private sealed class CountingSink(FeedFarm farm) : IChatSink
    {
        private readonly ConcurrentBag<(int Cycle, double LatencyMs)> _arrivals = [];
        public volatile int Cycle;

        public string Platform => "console";

        public Task<DeliveryResult> SendAsync(DeliveryRequest request, CancellationToken cancellationToken)
        {
            long now = Stopwatch.GetTimestamp();
            var sources = request.Alert.Sources;
            // The report that produced this alert is the story's newest source (a new story has only it).
            string feedId = sources.Count > 0 ? sources[^1].FeedId : "";
            double latency = double.NaN;
            if (feedId.StartsWith('f') && int.TryParse(feedId.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out int feed) && feed < farm.Count)
            {
                long sent = farm.LastSent(feed);
                if (sent != 0) latency = Stopwatch.GetElapsedTime(sent, now).TotalMilliseconds;
            }
            _arrivals.Add((Cycle, latency));
            return Task.FromResult(DeliveryResult.Sent(null));
        }

        public int CountFor(int cycle) => _arrivals.Count(a => a.Cycle == cycle);

        public List<double> LatenciesFor(int cycle) => _arrivals.Where(a => a.Cycle == cycle && !double.IsNaN(a.LatencyMs)).Select(a => a.LatencyMs).ToList();
    }

    /// <summary>Samples the process working set every 100 ms.</summary>
    private sealed class WorkingSetSampler
    {
        private long _peak;
        private long _started = Stopwatch.GetTimestamp();

        public long PeakBytes => Interlocked.Read(ref _peak);

        /// <summary>When the peak was sampled, from the last <see cref="Reset"/>.</summary>
        public TimeSpan PeakAt { get; private set; }

        /// <summary>What the resident set was made of at the peak.</summary>
        public string PeakBreakdown { get; private set; } = "";

        public void Reset()
        {
            Interlocked.Exchange(ref _peak, 0);
            _started = Stopwatch.GetTimestamp();
        }

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            using var process = Process.GetCurrentProcess();
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            try
            {
                while (await timer.WaitForNextTickAsync(cancellationToken))
                {
                    process.Refresh();
                    long ws = process.WorkingSet64;
                    if (ws > Interlocked.Read(ref _peak))
                    {
                        Interlocked.Exchange(ref _peak, ws);
                        PeakAt = Stopwatch.GetElapsedTime(_started);
                        PeakBreakdown = $"{MemoryBreakdown()}, GC committed {GC.GetGCMemoryInfo().TotalCommittedBytes / 1048576.0:0} MB";
                    }
                }
            }
            catch (OperationCanceledException) { }
        }
    }
}
