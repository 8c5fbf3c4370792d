using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BorderAlertBot.Bench;

/// <summary>
/// N generated RSS feeds at /f/{i}.xml, served by Kestrel in the farm's own process (`farm-serve`) on the
/// <see cref="FarmLayout"/>'s 64 loopback addresses, each with a plain HTTP and an HTTPS port; a request must
/// name its feed's host (h{k}.farm.test) in the Host header. Feeds are built per request from a pool of
/// pre-rendered items (so N = 100,000 does not hold 4 GB of XML): 20–40 items, 20–60 KB each. Kinds: about
/// 60% honour conditional GET (ETag / Last-Modified → 304 when unchanged), 0.5% are slow (1.5–4 s, under
/// the 30 s fetch timeout), 1% fail with 500, the rest send the full body every time; a slow host adds
/// 0.5–2 s to each of its responses. The farm records, per feed, when its last response finished sending,
/// counts connections and TLS handshakes, and the most requests one host had in flight at once.
/// </summary>
public sealed class FeedFarm : IAsyncDisposable
{
    public enum Kind : byte { Full, Conditional, Slow, Failing }

    private static readonly string[] Langs = ["en", "ru", "ky", "tj"];
    private const int PoolPerLang = 256;
    private const int Step = 7;
    // Regional feeds (outlets that cover Central Asia: at least 200, or 1% of the feeds) mix corpus items
    // into their everyday news: 6% of their items, about half border news, half near-misses. The other
    // feeds carry everyday news only. The number of outlets reporting one border story therefore stays
    // bounded as N grows, as it does in reality (a pool item appears in every feed that picks it).
    private const double RegionalCorpusShare = 0.06;
    private const int MinRegionalFeeds = 200; // coprime with the pool size: a feed's items are distinct pool entries

    private readonly int _count;
    private readonly Kind[] _kinds;
    private readonly int[] _itemCount;
    private readonly int[] _poolStart;
    private readonly int[] _version;
    private readonly int[] _slowMs;
    private readonly long[] _lastSent;
    private readonly byte[][][] _pool;                // lang → pool entry → "<title>…</description>" UTF-8
    private readonly byte[][] _pubDates;              // item position → "<pubDate>…</pubDate>"
    private readonly Dictionary<int, List<byte[]>> _added = [];  // feed → extra items, newest last (whole <item> elements)
    private readonly NewsText _text;
    private readonly int _regionalEvery;
    private readonly DateTimeOffset _epoch;
    private long _requests, _notModified, _failed, _bytesSent, _connections, _tlsConnections, _open;
    private int _maxInFlightPerHost;
    private int[] _inFlight = [];
    private FarmLayout? _layout;
    private WebApplication? _app;

    public FeedFarm(int count, NewsText text, int seed)
    {
        _count = count;
        _text = text;
        _epoch = DateTimeOffset.UtcNow;
        var random = new Random(seed);
        _kinds = new Kind[count];
        _itemCount = new int[count];
        _poolStart = new int[count];
        _version = new int[count];
        _slowMs = new int[count];
        _lastSent = new long[count];
        for (int i = 0; i < count; i++)
        {
            double r = random.NextDouble();
            _kinds[i] = r < 0.01 ? Kind.Failing : r < 0.015 ? Kind.Slow : r < 0.615 ? Kind.Conditional : Kind.Full;
            _itemCount[i] = 20 + random.Next(21);
            _poolStart[i] = random.Next(PoolPerLang);
            _slowMs[i] = 1500 + random.Next(2500);
        }

        int regional = Math.Min(count, Math.Max(MinRegionalFeeds, count / 100));
        _regionalEvery = Math.Max(1, count / regional);
        RegionalFeeds = (count + _regionalEvery - 1) / _regionalEvery;

        // Pre-rendered items: unique titles and links per language and pool, 0.7–1.6 KB of text each.
        _pool = new byte[2 * Langs.Length][][];
        for (int p = 0; p < _pool.Length; p++)
        {
            int l = p % Langs.Length;
            bool isRegional = p >= Langs.Length;
            var titles = new HashSet<string>(StringComparer.Ordinal);
            var entries = new List<byte[]>();
            for (int attempt = 0; entries.Count < PoolPerLang && attempt < 100_000; attempt++)
            {
                var item = text.Item(random, 700 + random.Next(900), isRegional ? RegionalCorpusShare : 0, Langs[l]);
                if (!titles.Add(item.Title)) continue;
                entries.Add(Render(item, $"https://news.example/{Langs[l]}/{(isRegional ? "r" : "g")}{entries.Count}"));
            }
            if (entries.Count < PoolPerLang) throw new InvalidOperationException($"could not generate {PoolPerLang} distinct {Langs[l]} titles");
            _pool[p] = [.. entries];
        }
        _pubDates = new byte[41][];
        for (int j = 0; j < _pubDates.Length; j++)
            _pubDates[j] = Encoding.UTF8.GetBytes($"<pubDate>{(_epoch - TimeSpan.FromMinutes(30 + 90 * j)).ToString("r", CultureInfo.InvariantCulture)}</pubDate>");
    }

    public int Count => _count;
    public int RegionalFeeds { get; }
    private byte[][] PoolOf(int feed) => _pool[(feed % _regionalEvery == 0 ? Langs.Length : 0) + feed % Langs.Length];
    public Kind KindOf(int feed) => _kinds[feed];

    /// <summary>The feeds' kinds as shares, for the benchmark's header.</summary>
    public string Describe()
    {
        string Share(Kind kind) => $"{_kinds.Count(k => k == kind) * 100.0 / _count:0.#}%";
        return $"{Share(Kind.Conditional)} answer 304 when unchanged, {Share(Kind.Full)} always send the full body, {Share(Kind.Slow)} slow (1.5–4 s), {Share(Kind.Failing)} fail with 500; "
            + $"{RegionalFeeds:N0} regional feeds mix border news and near-misses into everyday news";
    }
    public static string LanguageOf(int feed) => Langs[feed % Langs.Length];
    public long Requests => Interlocked.Read(ref _requests);
    public long NotModified => Interlocked.Read(ref _notModified);
    public long Failed => Interlocked.Read(ref _failed);
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Stopwatch timestamp when the feed's last response finished sending (0: never).</summary>
    public long LastSent(int feed) => Volatile.Read(ref _lastSent[feed]);

    /// <summary>Every feed's <see cref="LastSent"/>, in feed order.</summary>
    public long[] LastSentAll() => [.. _lastSent];

    public long Connections => Interlocked.Read(ref _connections);
    public long TlsConnections => Interlocked.Read(ref _tlsConnections);
    /// <summary>Connections open now (the bot's idle pooled ones included).</summary>
    public long OpenConnections => Interlocked.Read(ref _open);
    public int MaxInFlightPerHost => Volatile.Read(ref _maxInFlightPerHost);

    /// <summary>Listens on every layout address, HTTP and HTTPS (<paramref name="certificate"/>), each on a port of its own.</summary>
    public async Task<IReadOnlyList<(string Address, int Http, int Https)>> StartAsync(FarmLayout layout, X509Certificate2 certificate)
    {
        _layout = layout;
        _inFlight = new int[layout.Hosts];
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(o =>
        {
            o.AddServerHeader = false;
            o.Limits.MaxConcurrentConnections = null;
            for (int a = 0; a < FarmLayout.Addresses; a++)
            {
                var address = FarmLayout.Address(a);
                o.Listen(address, 0, l => l.Use(next => async context => { Interlocked.Increment(ref _connections); Interlocked.Increment(ref _open); try { await next(context); } finally { Interlocked.Decrement(ref _open); } }));
                o.Listen(address, 0, l =>
                {
                    l.Use(next => async context => { Interlocked.Increment(ref _tlsConnections); Interlocked.Increment(ref _open); try { await next(context); } finally { Interlocked.Decrement(ref _open); } });
                    l.UseHttps(certificate);
                });
            }
        });
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Run(ServeAsync);
        await _app.StartAsync();
        var bound = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
        return Enumerable.Range(0, FarmLayout.Addresses).Select(a =>
        {
            string ip = FarmLayout.Address(a).ToString();
            return (ip, bound.Single(u => u.Host == ip && u.Scheme == "http").Port, bound.Single(u => u.Host == ip && u.Scheme == "https").Port);
        }).ToList();
    }

    /// <summary>Between cycles: one new item in <paramref name="share"/> of the feeds that work, a share of them border news.</summary>
    public (int Feeds, int Border) AddNewItems(double share, double borderShare, int seed)
    {
        var random = new Random(seed);
        int feeds = 0, border = 0;
        var now = DateTimeOffset.UtcNow;
        for (int i = 0; i < _count; i++)
        {
            if (_kinds[i] == Kind.Failing || random.NextDouble() >= share) continue;
            int l = i % Langs.Length;
            if (!_added.TryGetValue(i, out var list)) _added[i] = list = [];
            byte[] body;
            if (random.NextDouble() < borderShare)
            {
                var item = _text.BorderItem(random, 700 + random.Next(900), Langs[l]);
                body = Render(item, $"https://news.example/{Langs[l]}/new/{i}-{list.Count}");
                border++;
            }
            else
            {
                // The next pool entry after this feed's own: a title the feed has not used.
                body = PoolOf(i)[(_poolStart[i] + _itemCount[i] * Step) % PoolPerLang];
            }
            string head = $"<item><guid isPermaLink=\"false\">f{i}-new-{list.Count}</guid><pubDate>{now.ToString("r", CultureInfo.InvariantCulture)}</pubDate>";
            list.Add([.. Encoding.UTF8.GetBytes(head), .. body, .. "</item>"u8]);
            _version[i]++;
            feeds++;
        }
        return (feeds, border);
    }

    private async Task ServeAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        string path = context.Request.Path.Value ?? "";
        if (!path.StartsWith("/f/", StringComparison.Ordinal) || !path.EndsWith(".xml", StringComparison.Ordinal)
            || !int.TryParse(path.AsSpan(3, path.Length - 7), NumberStyles.None, CultureInfo.InvariantCulture, out int i) || i < 0 || i >= _count)
        {
            context.Response.StatusCode = 404;
            return;
        }
        int host = _layout!.HostOf(i);
        if (!string.Equals(context.Request.Host.Host, FarmLayout.HostName(host), StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = 421; // misdirected: the feed lives on another host
            return;
        }
        int inFlight = Interlocked.Increment(ref _inFlight[host]);
        for (int seen = Volatile.Read(ref _maxInFlightPerHost); inFlight > seen; seen = Volatile.Read(ref _maxInFlightPerHost))
            if (Interlocked.CompareExchange(ref _maxInFlightPerHost, inFlight, seen) == seen) break;
        try { await ServeFeedAsync(context, i, host); }
        finally { Interlocked.Decrement(ref _inFlight[host]); }
    }

    private async Task ServeFeedAsync(HttpContext context, int i, int host)
    {
        if (_layout!.KindOf(host) == FarmLayout.HostKind.Slow) await Task.Delay(500 + host % 1500, context.RequestAborted);
        var kind = _kinds[i];
        if (kind == Kind.Failing)
        {
            Interlocked.Increment(ref _failed);
            context.Response.StatusCode = 500;
            Volatile.Write(ref _lastSent[i], Stopwatch.GetTimestamp());
            return;
        }
        if (kind == Kind.Slow) await Task.Delay(_slowMs[i], context.RequestAborted);

        var response = context.Response;
        if (kind == Kind.Conditional)
        {
            string etag = $"\"{i}-{_version[i]}\"";
            var lastModified = _epoch + TimeSpan.FromMinutes(_version[i]);
            if (context.Request.Headers.IfNoneMatch.ToString() == etag)
            {
                Interlocked.Increment(ref _notModified);
                response.StatusCode = 304;
                Volatile.Write(ref _lastSent[i], Stopwatch.GetTimestamp());
                return;
            }
            response.Headers.ETag = etag;
            response.Headers.LastModified = lastModified.ToString("r", CultureInfo.InvariantCulture);
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(96 * 1024);
        try
        {
            int length = Write(i, ref buffer);
            response.ContentType = "application/rss+xml; charset=utf-8";
            response.ContentLength = length;
            await response.Body.WriteAsync(buffer.AsMemory(0, length), context.RequestAborted);
            await response.CompleteAsync();
            Interlocked.Add(ref _bytesSent, length);
            Volatile.Write(ref _lastSent[i], Stopwatch.GetTimestamp());
        }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
    }

    /// <summary>The feed's current body, as the farm would send it (for benchmarks that need no server).</summary>
    public byte[] Body(int feed)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(96 * 1024);
        try
        {
            int length = Write(feed, ref buffer);
            return buffer.AsSpan(0, length).ToArray();
        }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
    }

    private int Write(int feed, ref byte[] buffer)
    {
        int at = 0;
        void Put(ReadOnlySpan<byte> bytes, ref byte[] buf)
        {
            if (at + bytes.Length > buf.Length)
            {
                var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(buf.Length * 2, at + bytes.Length));
                buf.AsSpan(0, at).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(buf);
                buf = bigger;
            }
            bytes.CopyTo(buf.AsSpan(at));
            at += bytes.Length;
        }

        int l = feed % Langs.Length;
        Put(Encoding.UTF8.GetBytes($"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Feed {feed}</title><link>https://news.example/{feed}/</link><description>Generated feed {feed}</description><language>{Langs[l]}</language>"), ref buffer);
        if (_added.TryGetValue(feed, out var added))
            for (int k = added.Count - 1; k >= 0; k--) Put(added[k], ref buffer);
        for (int j = 0; j < _itemCount[feed]; j++)
        {
            Put(Encoding.UTF8.GetBytes($"<item><guid isPermaLink=\"false\">f{feed}-{j}</guid>"), ref buffer);
            Put(_pubDates[j], ref buffer);
            Put(PoolOf(feed)[(_poolStart[feed] + j * Step) % PoolPerLang], ref buffer);
            Put("</item>"u8, ref buffer);
        }
        Put("</channel></rss>"u8, ref buffer);
        return at;
    }

    private static byte[] Render(BenchItem item, string link)
    {
        var sb = new StringBuilder();
        sb.Append("<title>").Append(SecurityElement.Escape(item.Title)).Append("</title>");
        sb.Append("<link>").Append(link).Append("</link>");
        // Descriptions carry HTML, as most CMS feeds do.
        sb.Append("<description><![CDATA[<p>").Append(item.Summary.Replace("]]>", "]] >", StringComparison.Ordinal)).Append("</p>");
        if (item.Content.Length > 0) sb.Append("<p>").Append(item.Content.Replace("]]>", "]] >", StringComparison.Ordinal)).Append("</p>");
        sb.Append("]]></description>");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
