using BorderAlertBot.Core.Items;

namespace BorderAlertBot.Bench;

/// <summary>
/// A source list that publishes as real outlets do: most a few items a day, some a dozen, a few dozens
/// (60%: 1–3, 30%: 4–10, 8%: 11–30, 2%: 31–80; each day's count varies ±50% around the outlet's rate). Each
/// outlet's feed lists its latest items (20, or two days' worth for busy ones, at most 100).
/// </summary>
public sealed class SimulatedOutlets
{
    private readonly double[] _rates;
    private readonly int[] _windows;
    private readonly int[] _published;
    private readonly long[][] _times; // per outlet, a ring of the publication times of its latest items
    private readonly Random _random;

    public SimulatedOutlets(int count, int seed)
    {
        _random = new Random(seed);
        _rates = new double[count];
        _windows = new int[count];
        _published = new int[count];
        _times = new long[count][];
        for (int i = 0; i < count; i++)
        {
            double u = _random.NextDouble();
            _rates[i] = u < 0.60 ? 1 + _random.NextDouble() * 2 : u < 0.90 ? 4 + _random.NextDouble() * 6 : u < 0.98 ? 11 + _random.NextDouble() * 19 : 31 + _random.NextDouble() * 49;
            _windows[i] = Math.Clamp((int)(_rates[i] * 2), 20, 100);
            _times[i] = new long[_windows[i]];
        }
    }

    public int Count => _rates.Length;

    public static string FeedId(int outlet) => "outlet-" + outlet.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The outlet publishes its items of the day (spread over the day before <paramref name="now"/>); returns how many.</summary>
    public int Publish(int outlet, DateTimeOffset now)
    {
        int n = (int)Math.Round(_rates[outlet] * (0.5 + _random.NextDouble()));
        var ring = _times[outlet];
        for (int k = 0; k < n; k++)
        {
            ring[_published[outlet] % ring.Length] = (now - TimeSpan.FromDays(1) + TimeSpan.FromDays((k + 0.5) / n)).ToUnixTimeMilliseconds();
            _published[outlet]++;
        }
        return n;
    }

    /// <summary>What the outlet's feed lists now: its latest items, newest first, with guid, link and a distinct title.</summary>
    public List<NewsItem> Listing(int outlet)
    {
        string feed = FeedId(outlet);
        int newest = _published[outlet], count = Math.Min(newest, _windows[outlet]);
        var items = new List<NewsItem>(count);
        for (int seq = newest - 1; seq >= newest - count; seq--)
            items.Add(new NewsItem
            {
                FeedId = feed,
                Key = $"g:{feed}/{seq}",
                Title = Words(outlet) + " reports " + Words(seq),
                Link = $"https://{feed}.example/news/{seq}",
                PublishedUtc = DateTimeOffset.FromUnixTimeMilliseconds(_times[outlet][seq % _times[outlet].Length]),
            });
        return items;
    }

    /// <summary>A number in words, digit by digit (titles are compared folded, where digits vanish).</summary>
    private static string Words(int n) =>
        string.Join(' ', n.ToString(System.Globalization.CultureInfo.InvariantCulture).Select(d => Digits[d - '0']));

    private static readonly string[] Digits = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
}
