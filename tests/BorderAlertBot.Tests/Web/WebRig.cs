using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Items;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Storage.Sqlite;
using BorderAlertBot.Tests.Fakes;
using BorderAlertBot.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace BorderAlertBot.Tests.Web;

/// <summary>
/// The real `run` verb (in-process) with its HTTP side on a free loopback port, a fake feed server, and a
/// SQLite store the test seeds directly. <see cref="Client"/> talks to the bot's own web server.
/// </summary>
public sealed class WebRig : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task<CliResult>? _running;

    public CliRunner Cli { get; } = new();
    public FeedServer Feeds { get; private set; } = null!;
    public WebAddress Address { get; } = new();
    public HttpClient Client { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };
    public string DbPath => Path.Combine(Cli.DataDir, "test.db");
    public List<RssBuilder.Item> FeedItems { get; } = [];

    public static async Task<WebRig> StartFeedsAsync()
    {
        var rig = new WebRig { Feeds = await FeedServer.StartAsync() };
        rig.Feeds.MapFeed("/feed.xml", () => RssBuilder.Build("24.kg", rig.FeedItems.ToArray()));
        rig.Cli.FeedsFile(("kg24", rig.Feeds.Url("/feed.xml")));
        rig.Cli.ConfigureServices = s => s.AddSingleton(rig.Address);
        rig.Cli.Settings["BorderAlert:Polling:CheckInterval"] = "00:00:01";
        return rig;
    }

    /// <summary>Commits alerts into the store `run` will use, as the pipeline would (one item each), with deliveries.</summary>
    public async Task SeedAsync(params Alert[] alerts)
    {
        using var store = new SqliteAlertStore($"Data Source={DbPath}");
        await store.InitializeAsync(default);
        foreach (var alert in alerts)
        {
            var item = new NewsItem { FeedId = "kg24", Key = "seed:" + alert.Id, Title = alert.Headline, Link = alert.PrimaryUrl };
            await store.CommitAsync(new ItemBatch("kg24", alert.CreatedUtc, [new ProcessedItem(item, null, alert, [new RoutedDelivery(new Destination("telegram:-1009876543210"))])]), default);
        }
    }

    /// <summary>Makes every feed due now, as if its interval had passed (feeds poll every 10 minutes).</summary>
    public async Task MakeFeedsDueAsync()
    {
        using var store = new SqliteAlertStore($"Data Source={DbPath}");
        await store.MakeAllDueAsync(DateTimeOffset.UtcNow, default);
    }

    public async Task<Uri> StartAsync()
    {
        _running = Cli.RunAsync(["run"], "", _stop.Token);
        var bound = await Address.Bound.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.NotEmpty(bound);
        Client.BaseAddress = bound[0];
        return bound[0];
    }

    public async Task<CliResult> StopAsync()
    {
        await _stop.CancelAsync();
        return await _running!.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Polls <paramref name="path"/> until <paramref name="condition"/> holds (generous timeout; no guessed sleeps).</summary>
    public async Task<(int Status, string Body)> WaitForAsync(string path, Func<int, string, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(45));
        int status = 0;
        string body = "";
        while (DateTime.UtcNow < deadline)
        {
            using var response = await Client.GetAsync(path);
            status = (int)response.StatusCode;
            body = await response.Content.ReadAsStringAsync();
            if (condition(status, body)) return (status, body);
            await Task.Delay(100);
        }
        Assert.Fail($"GET {path} never met the condition; last answer {status}: {body}");
        return (status, body);
    }

    public async ValueTask DisposeAsync()
    {
        if (_running is not null && !_running.IsCompleted)
        {
            await _stop.CancelAsync();
            try { await _running.WaitAsync(TimeSpan.FromSeconds(30)); } catch (TimeoutException) { }
        }
        Client.Dispose();
        await Feeds.DisposeAsync();
        Cli.Dispose();
        _stop.Dispose();
    }
}
