using System.Diagnostics;
using System.Text;
using BorderAlertBot.Feeds.Parsing;
using CodeHollow.FeedReader;

namespace BorderAlertBot.Bench;

/// <summary>
/// `parse`: the project's parse step (<see cref="FeedParser.Parse"/>: decoding, the XML gate, repair when
/// needed, FeedReader, plain text, keys and dates) beside CodeHollow.FeedReader alone
/// (<c>FeedReader.ReadFromByteArray</c>) on the same feed bodies, in alternating rounds of one run, on
/// one thread. FeedReader alone refuses a feed that real feeds' mistakes make invalid, so it gets
/// that feed's clean twin. Bodies are the farm's (20–40 items, HTML descriptions in CDATA, en/ru/ky/tj); a share of
/// them carries what real feeds get wrong (an HTML entity, an undeclared prefix) so the repair path is
/// paid as often as real feeds make it paid.
/// </summary>
public static class ParseBench
{
    private const int Feeds = 400;
    private const double NastyShare = 0.05;
    private const int Rounds = 9;

    public static int Run(string[] args)
    {
        _ = args;
        var text = new NewsText(BenchPaths.CorpusFile());
        var farm = new FeedFarm(Feeds, text, seed: 11);
        var random = new Random(5);
        var bodies = new byte[Feeds][];
        var clean = new byte[Feeds][];   // FeedReader alone refuses the nasty ones: it gets their clean twins
        int nasty = 0;
        for (int i = 0; i < Feeds; i++)
        {
            byte[] body = clean[i] = farm.Body(i);
            if (random.NextDouble() < NastyShare)
            {
                // What real feeds get wrong most: an HTML entity outside CDATA and an undeclared prefix.
                string s = Encoding.UTF8.GetString(body);
                int at = s.IndexOf("</title>", s.IndexOf("<item>", StringComparison.Ordinal), StringComparison.Ordinal);
                s = s.Insert(at, "&nbsp;&mdash; update").Replace("</guid>", "</guid><dc:creator>Desk</dc:creator>", StringComparison.Ordinal);
                body = Encoding.UTF8.GetBytes(s);
                nasty++;
            }
            bodies[i] = body;
        }
        long totalBytes = bodies.Sum(b => (long)b.Length);
        var parser = new FeedParser(TimeProvider.System);
        var url = new Uri("https://news.example/rss");
        int items = bodies.Sum(b => parser.Parse(b, "utf-8", url, "f", "Farm", "en").Items.Count);

        var feedReader = new List<double>();
        var project = new List<double>();
        var projectAlloc = new List<double>();
        var readerAlloc = new List<double>();
        // Warm-up, then alternating rounds so both see the same machine load.
        Time(clean, b => FeedReader.ReadFromByteArray(b).Items.Count);
        Time(bodies, b => parser.Parse(b, "utf-8", url, "f", "Farm", "en").Items.Count);
        for (int r = 0; r < Rounds; r++)
        {
            var a = Time(clean, b => FeedReader.ReadFromByteArray(b).Items.Count);
            feedReader.Add(a.CpuSeconds); readerAlloc.Add(a.Allocated);
            var p = Time(bodies, b => parser.Parse(b, "utf-8", url, "f", "Farm", "en").Items.Count);
            project.Add(p.CpuSeconds); projectAlloc.Add(p.Allocated);
        }
        double fr = DetectorBench.Median(feedReader), pp = DetectorBench.Median(project);
        Console.WriteLine($"parse: {Feeds} farm feeds ({totalBytes / 1024.0 / Feeds:0} KB, {items / (double)Feeds:0} items each on average; {nasty} with an HTML entity and an undeclared prefix), one thread, {Rounds} alternating rounds, medians");
        Console.WriteLine();
        Table.Print(["run", "feeds/CPU-s", "CPU ms/feed", "alloc KB/feed"],
        [
            ["FeedReader.ReadFromByteArray alone", $"{Feeds / fr:N0}", $"{fr * 1000 / Feeds:0.000}", $"{DetectorBench.Median(readerAlloc) / 1024 / Feeds:N0}"],
            ["FeedParser.Parse (project)", $"{Feeds / pp:N0}", $"{pp * 1000 / Feeds:0.000}", $"{DetectorBench.Median(projectAlloc) / 1024 / Feeds:N0}"],
            ["ratio project / FeedReader", $"{pp / fr:0.00}x", "", ""],
        ]);
        Console.WriteLine();
        Console.WriteLine($"load average (1 min) {CpuClock.LoadAverage()}; CPU: this thread's CPU time (CLOCK_THREAD_CPUTIME_ID), so other work on the machine does not count. Target (issue): ratio <= 1.5x.");
        return 0;
    }

    private static (double CpuSeconds, double Allocated) Time(byte[][] bodies, Func<byte[], int> parse)
    {
        int sink = 0;
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var cpu = CpuClock.Thread();
        foreach (var body in bodies) sink += parse(body);
        double seconds = (CpuClock.Thread() - cpu).TotalSeconds;
        GC.KeepAlive(sink);
        return (seconds, GC.GetAllocatedBytesForCurrentThread() - allocated);
    }
}
