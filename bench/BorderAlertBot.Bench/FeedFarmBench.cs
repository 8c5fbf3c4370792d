using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BorderAlertBot.Cli;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Core.Pipeline;
using BorderAlertBot.Feeds.Fetching;
using BorderAlertBot.Feeds.Polling;
using BorderAlertBot.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BorderAlertBot.Bench;

/// <summary>
/// `feedfarm [N ...]`: for each N, in a fresh process of its own, the real host services (built as `run`
/// builds them, with the shipped runtime settings) poll N feeds from the farm, which runs in another process
/// (`farm-serve`: thousands of host names over 64 loopback addresses, 60% HTTPS, slow, refusing and
/// unresolvable hosts), into a SQLite store in a temp directory, with the dispatcher beside the poller as in
/// `run`. Two cycles: cold (every item new), then steady (5% of the feeds get one new item, a fifth of them
/// border news; most others answer 304). Every figure is the bot's process alone. Without N: 10,000, 50,000
/// and 100,000. One table at the end.
/// </summary>
public static class FeedFarmBench
{
    private const int TargetFeeds = 100_000;
    private static readonly TimeSpan CycleBudget = TimeSpan.FromMinutes(10);
    private const double WorkingSetBudgetMb = 200;
    private const int Seed = 20260101;
    private const string RowTag = "row\t";

    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = new List<int>();
        foreach (string arg in args)
        {
            if (!int.TryParse(arg, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1)
            {
                Console.Error.WriteLine("usage: feedfarm [N ...]  (N: number of feeds; default 10000 50000 100000)");
                return 2;
            }
            sizes.Add(n);
        }
        if (sizes.Count == 0) sizes.AddRange([10_000, 50_000, TargetFeeds]);

        var rows = new List<CycleRow>();
        foreach (int n in sizes)
        {
            var start = BenchProcess.StartInfo("feedfarm-run", n.ToString(CultureInfo.InvariantCulture));
            start.RedirectStandardOutput = true;
            using var child = Process.Start(start) ?? throw new InvalidOperationException("could not start the benchmark child process");
            while (await child.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line.StartsWith(RowTag, StringComparison.Ordinal)) rows.Add(JsonSerializer.Deserialize<CycleRow>(line[RowTag.Length..])!);
                else Console.WriteLine(line);
            }
            await child.WaitForExitAsync();
            if (child.ExitCode != 0) return child.ExitCode;
            Console.WriteLine();
        }
        PrintTable(rows);
        return 0;
    }

    public sealed record CycleRow(
        int N, int Cycle, double CpuSeconds, double WallSeconds, string Load, double PeakWorkingSetMb, double EndWorkingSetMb,
        double AllocatedPerFeedKb, double GcHeapMb, int Feeds, int NotModified, int Failed, long NewItems,
        double ItemP50, double ItemP99, int Alerts, double AlertP50, double AlertP99, long Connections, long TlsConnections);

    private static void PrintTable(List<CycleRow> rows)
    {
        static string S(double seconds) => double.IsNaN(seconds) ? "-" : seconds.ToString(seconds < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture);
        static string N0(double v) => v.ToString("N0", CultureInfo.InvariantCulture);
        Table.Print(
            ["N", "cycle", "CPU s", "wall s", "load", "peak WS MB", "end WS MB", "alloc/feed KB", "GC heap MB", "304 / failed", "new items", "item p50 / p99 s", "alerts", "alert p50 / p99 s", "connections (TLS)"],
            rows.Select(r => new[]
            {
                N0(r.N), r.Cycle == 1 ? "cold" : "steady", r.CpuSeconds.ToString("0.0", CultureInfo.InvariantCulture), r.WallSeconds.ToString("0.0", CultureInfo.InvariantCulture), r.Load,
                r.PeakWorkingSetMb.ToString("0", CultureInfo.InvariantCulture), r.EndWorkingSetMb.ToString("0", CultureInfo.InvariantCulture),
                N0(r.AllocatedPerFeedKb), r.GcHeapMb.ToString("0", CultureInfo.InvariantCulture), $"{N0(r.NotModified)} / {N0(r.Failed)}", N0(r.NewItems),
                $"{S(r.ItemP50)} / {S(r.ItemP99)}", N0(r.Alerts), $"{S(r.AlertP50)} / {S(r.AlertP99)}", $"{N0(r.Connections)} ({N0(r.TlsConnections)})",
            }).ToList());
        Console.WriteLine();
        Console.WriteLine("CPU s: the bot process's CPU time over the cycle (poller, parse, detection, store, dispatcher; the farm is another process). wall s: PollAsync start to end; load: 1-minute load average at the cycle's end.");
        Console.WriteLine("peak WS: highest working set of the bot process sampled every 100 ms in the cycle; end WS: at the cycle's end. alloc/feed: GC.GetTotalAllocatedBytes over the cycle / feeds polled.");
        Console.WriteLine("item p50/p99: every new item, from the end of its feed's response at the farm to its commit in the store; alert p50/p99: from the same point to the chat sink.");
        foreach (var r in rows.Where(r => r.N == rows.Max(x => x.N)))
        {
            double cpuPerFeedMs = r.CpuSeconds * 1000 / r.Feeds;
            double dedicated = TargetFeeds * r.CpuSeconds / r.Feeds / Environment.ProcessorCount;
            Console.WriteLine($"{TargetFeeds:N0} feeds per {CycleBudget.TotalMinutes:0}-minute cycle, {(r.Cycle == 1 ? "cold" : "steady")} (from N = {r.N:N0}): {cpuPerFeedMs:0.00} ms of CPU per feed, "
                + $"{dedicated:0} s on {Environment.ProcessorCount} dedicated cores ({(dedicated <= CycleBudget.TotalSeconds ? "fits" : "does NOT fit")} the {CycleBudget.TotalSeconds:0} s budget); "
                + $"peak working set {r.PeakWorkingSetMb:0} MB ({(r.PeakWorkingSetMb <= WorkingSetBudgetMb ? "within" : "over")} the {WorkingSetBudgetMb:0} MB budget).");
        }
    }

    /// <summary>`feedfarm-run N`: one N, in this process; prints its rows for the parent.</summary>
    public static async Task<int> RunOneAsync(string[] args)
    {
        if (args.Length != 1 || !int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count < 1)
        {
            Console.Error.WriteLine("usage: feedfarm-run N");
            return 2;
        }
        string temp = Path.Combine(Path.GetTempPath(), "borderalert-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(temp);
        try
        {
            await using var farm = await FarmProcess.StartAsync(count, Seed);
            var layout = farm.Layout;
            string feedsFile = Path.Combine(temp, "feeds.json");
            await using (var stream = File.Create(feedsFile))
            await using (var json = new Utf8JsonWriter(stream))
            {
                json.WriteStartObject();
                json.WriteStartArray("feeds");
                for (int i = 0; i < count; i++)
                {
                    json.WriteStartObject();
                    json.WriteString("id", Farmed.FeedId(i));
                    json.WriteString("name", "Farm feed " + i.ToString(CultureInfo.InvariantCulture));
                    json.WriteString("url", farm.FeedUrl(i).AbsoluteUri);
                    json.WriteString("language", FeedFarm.LanguageOf(i));
                    json.WriteNumber("intervalMinutes", 10);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }

            var sink = new ArrivalSink();
            var commits = new CommitClock();
            var overrides = new Dictionary<string, string?>
            {
                ["BorderAlert:ConfigDir"] = BenchPaths.ConfigDir(),
                ["BorderAlert:FeedsFile"] = feedsFile,
                ["BorderAlert:Storage:ConnectionString"] = "Data Source=" + Path.Combine(temp, "bench.db"),
                // The farm is on loopback: the SSRF guard lets it through only because the bench says so, as tests do.
                ["BorderAlert:Fetch:AllowPrivateNetworks"] = "true",
                ["BorderAlert:Console:Format"] = "jsonl",
                ["Logging:LogLevel:Default"] = "Error",
            };
            var context = new CliContext
            {
                Overrides = overrides,
                Out = TextWriter.Null,
                ConfigureServices = services =>
                {
                    // Registered last, so the dispatcher's "last registration wins" picks it for "console".
                    services.AddSingleton<IChatSink>(sink);
                    services.AddSingleton<IItemStore>(sp => commits.Wrap(sp.GetRequiredService<IStorage>().Items));
                    FarmTrust.Apply(services, layout, farm.Authority);
                },
            };

            var builder = AppHost.CreateBuilder(context, LogLevel.Error);
            using var host = builder.Build();
            AppHost.ValidateOptions(host.Services);
            var prepared = Stopwatch.StartNew();
            await AppHost.PrepareStoreAsync(host.Services, null, CancellationToken.None);
            prepared.Stop();

            var poller = host.Services.GetRequiredService<FeedPoller>();
            var dispatcher = host.Services.GetRequiredService<DeliveryDispatcher>();
            var signal = host.Services.GetRequiredService<DispatchSignal>();
            var fetch = host.Services.GetRequiredService<IOptions<FetchOptions>>().Value;

            Console.WriteLine($"feedfarm N = {count:N0}: farm in process {farm.ProcessId}; SQLite in {temp}; {Environment.ProcessorCount} cores; store prepared (feeds synced) in {prepared.Elapsed.TotalSeconds:0.0} s");
            Console.WriteLine($"runtime: {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {GcSettings.Describe()}, memory available to the GC {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1048576.0:N0} MB");
            Console.WriteLine($"farm: {layout.Hosts:N0} hosts over {FarmLayout.Addresses} loopback addresses, {layout.HttpsHosts:N0} over HTTPS; {layout.Count(FarmLayout.HostKind.Slow)} slow, {layout.Count(FarmLayout.HostKind.Refusing)} refusing connections, {layout.Count(FarmLayout.HostKind.Unresolvable)} not resolving; "
                + $"feeds: {farm.Description}; fetch limits: {fetch.MaxConcurrency} at once, {fetch.MaxPerHost} per host");

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

            var rows = new List<CycleRow> { await CycleAsync(count, 1, poller, farm, sink, commits, sampler) };
            var (changed, border) = await farm.AddNewItemsAsync(share: 0.05, borderShare: 0.2, seed: 7);
            Console.WriteLine($"between cycles: 1 new item in {changed:N0} feeds, {border:N0} of them border news");
            rows.Add(await CycleAsync(count, 2, poller, farm, sink, commits, sampler));

            await stop.CancelAsync();
            await dispatching;
            await sampling;
            Console.WriteLine(await StoreFiguresAsync(Path.Combine(temp, "bench.db")));
            var stats = await farm.StatsAsync();
            Console.WriteLine($"farm served {stats.Requests:N0} requests over {stats.Connections + stats.TlsConnections:N0} connections ({stats.TlsConnections:N0} TLS); most requests one host had in flight at once: {stats.MaxInFlightPerHost} (per-host limit {fetch.MaxPerHost})");
            foreach (var row in rows) Console.WriteLine(RowTag + JsonSerializer.Serialize(row));
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(temp, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static async Task<CycleRow> CycleAsync(int count, int cycle, FeedPoller poller, FarmProcess farm, ArrivalSink sink, CommitClock commits, WorkingSetSampler sampler)
    {
        var farmBefore = await farm.StatsAsync();
        int sentBefore = sink.Count;
        sampler.Reset();
        long allocated = GC.GetTotalAllocatedBytes(precise: false);
        var cpu = CpuClock.Process();
        var wall = Stopwatch.StartNew();
        var summary = await poller.PollAsync(allFeeds: true, CancellationToken.None);
        wall.Stop();
        var cpuUsed = CpuClock.Process() - cpu;
        long allocatedAfter = GC.GetTotalAllocatedBytes(precise: false);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        double endWs = process.WorkingSet64 / 1048576.0;
        double peakWs = Math.Max(sampler.PeakBytes, process.WorkingSet64) / 1048576.0;
        var gc = GC.GetGCMemoryInfo();
        string load = CpuClock.LoadAverage();

        // Let the dispatcher deliver what the cycle created (it runs concurrently; this only waits).
        var drain = Stopwatch.StartNew();
        while (sink.Count - sentBefore < summary.Alerts && drain.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(50);
        var lastSent = await farm.LastSentAsync();
        var items = Farmed.Latencies(commits.Drain(), lastSent);
        var alerts = Farmed.Latencies(sink.Drain(), lastSent);
        var farmStats = (await farm.StatsAsync()).Since(farmBefore);

        Console.WriteLine($"cycle {cycle}: {summary.Feeds:N0} feeds ({summary.NotModified:N0} not modified, {summary.Failed:N0} failed), {summary.Items:N0} items parsed, {items.Items:N0} new, {summary.Alerts:N0} alerts in {wall.Elapsed.TotalSeconds:0.0} s wall, {cpuUsed.TotalSeconds:0.0} CPU-s; "
            + $"GC: heap {gc.HeapSizeBytes / 1048576.0:0} MB, committed {gc.TotalCommittedBytes / 1048576.0:0} MB, gen0/1/2 collections {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}; {MemoryBreakdown()}; "
            + $"working-set peak {peakWs:0} MB at {sampler.PeakAt.TotalSeconds:0} s ({sampler.PeakBreakdown}); SQLite holds {SQLitePCL.raw.sqlite3_memory_used() / 1048576.0:0} MB; farm: {farmStats.Requests:N0} requests, {farmStats.Connections + farmStats.TlsConnections:N0} new connections ({farmStats.TlsConnections:N0} TLS), {farmStats.OpenConnections:N0} open at the cycle's end");
        return new CycleRow(count, cycle, cpuUsed.TotalSeconds, wall.Elapsed.TotalSeconds, load, peakWs, endWs,
            (allocatedAfter - allocated) / 1024.0 / Math.Max(1, summary.Feeds), gc.HeapSizeBytes / 1048576.0, summary.Feeds, summary.NotModified, summary.Failed,
            items.Items, items.P50, items.P99, summary.Alerts, alerts.P50, alerts.P99, farmStats.Connections + farmStats.TlsConnections, farmStats.TlsConnections);
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
                        PeakBreakdown = $"{MemoryBreakdown()}, GC committed {GC.GetGCMemoryInfo().TotalCommittedBytes / 1048576.0:0} MB, SQLite {SQLitePCL.raw.sqlite3_memory_used() / 1048576.0:0} MB";
                    }
                }
            }
            catch (OperationCanceledException) { }
        }
    }
}
