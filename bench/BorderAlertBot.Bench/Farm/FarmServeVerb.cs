using System.Globalization;
using System.Text.Json;

namespace BorderAlertBot.Bench;

/// <summary>
/// `farm-serve N SEED`: the feed farm in a process of its own, so the bench process measures the bot alone.
/// Prints one line `ready {json}` (the ports per address and the test authority), then answers one line per
/// command read from standard input: `add SHARE BORDER SEED` (new items between cycles), `sent PATH` (every
/// feed's last-sent timestamp, Stopwatch ticks, written to PATH as little-endian int64s), `stats`, `quit`.
/// Stopwatch timestamps are CLOCK_MONOTONIC on Linux, so the bench can compare them with its own.
/// </summary>
public static class FarmServeVerb
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 2 || !int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count < 1
            || !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out int seed))
        {
            Console.Error.WriteLine("usage: farm-serve N SEED");
            return 2;
        }
        var layout = new FarmLayout(count, seed);
        var (authority, server) = FarmCertificates.Create();
        await using var farm = new FeedFarm(count, new NewsText(BenchPaths.CorpusFile()), seed);
        var endpoints = await farm.StartAsync(layout, server);
        Console.WriteLine("ready " + JsonSerializer.Serialize(new FarmReady(
            endpoints.Select(e => new FarmEndpoint(e.Address, e.Http, e.Https)).ToList(), Convert.ToBase64String(authority.RawData), farm.Describe())));

        while (Console.ReadLine() is { } line)
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            switch (words.FirstOrDefault())
            {
                case "add":
                    var (feeds, border) = farm.AddNewItems(double.Parse(words[1], CultureInfo.InvariantCulture), double.Parse(words[2], CultureInfo.InvariantCulture), int.Parse(words[3], CultureInfo.InvariantCulture));
                    Console.WriteLine($"added {feeds} {border}");
                    break;
                case "sent":
                    await File.WriteAllBytesAsync(words[1], System.Runtime.InteropServices.MemoryMarshal.AsBytes(farm.LastSentAll().AsSpan()).ToArray());
                    Console.WriteLine("ok");
                    break;
                case "stats":
                    Console.WriteLine(JsonSerializer.Serialize(new FarmStats(farm.Requests, farm.NotModified, farm.Failed, farm.BytesSent, farm.Connections, farm.TlsConnections, farm.MaxInFlightPerHost, farm.OpenConnections)));
                    break;
                case "quit":
                    return 0;
                default:
                    Console.WriteLine("error unknown command");
                    break;
            }
        }
        return 0;
    }
}

public sealed record FarmEndpoint(string Address, int Http, int Https);

public sealed record FarmReady(List<FarmEndpoint> Endpoints, string Authority, string Description);

public sealed record FarmStats(long Requests, long NotModified, long Failed, long BytesSent, long Connections, long TlsConnections, int MaxInFlightPerHost, long OpenConnections)
{
    public FarmStats Since(FarmStats before) => new(Requests - before.Requests, NotModified - before.NotModified, Failed - before.Failed,
        BytesSent - before.BytesSent, Connections - before.Connections, TlsConnections - before.TlsConnections, MaxInFlightPerHost, OpenConnections);
}
