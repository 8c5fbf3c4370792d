using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Items;
using BorderAlertBot.Core.Pipeline;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Feeds.Parsing;
using BorderAlertBot.Hosting;
using BorderAlertBot.Core.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using BorderAlertBot.Core.Feeds;

namespace BorderAlertBot.Cli;

/// <summary>
/// `demo`: the whole pipeline, offline, over the sample feeds in config/samples/ read from disk, into a
/// store of its own (data/demo.db, fresh each run and kept for `command`) and the console sink. No
/// network, no tokens; alerts on standard output.
/// </summary>
public static class DemoVerb
{
    public static async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken, string? picturesDir = null)
    {
        try
        {
            var builder = AppHost.CreateBuilder(context, LogLevel.Warning, new Dictionary<string, string?>
            {
                // The samples are dated in the past: alert on all of them, not only the last day.
                ["BorderAlert:Pipeline:BackfillWindow"] = "3650.00:00:00",
                // Offline: the samples' article pages are not fetched.
                ["BorderAlert:Pipeline:FetchArticles"] = "false",
            });
            // For pictures, each sample item is processed at its own publication time, so stories and the
            // trend fall on the samples' days rather than all on today.
            var replay = picturesDir is null ? null : new ReplayClock(DateTimeOffset.UtcNow);
            if (replay is not null) builder.Services.AddSingleton<TimeProvider>(replay);
            // A store of its own beside the bot's (data/demo.db), made fresh each time and kept afterwards,
            // so `command "/search Vorukh"` can be tried on what the demo found.
            string demoStore = DemoStorePath(builder.Configuration);
            RemoveStore(demoStore);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["BorderAlert:Storage:Provider"] = "sqlite",
                ["BorderAlert:Storage:ConnectionString"] = $"Data Source={demoStore}",
            });
            using var host = builder.Build();
            AppHost.ValidateOptions(host.Services);
            var services = host.Services;
            var store = services.GetRequiredService<IStorage>();
            await AppHost.InitializeStoreAsync(store, cancellationToken);

            string samples = Path.Combine(services.GetRequiredService<ConfigDirectory>().Path, "samples");
            var files = Directory.Exists(samples)
                ? Directory.GetFiles(samples).Where(f => f.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".json", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToArray()
                : [];
            if (files.Length == 0)
            {
                await context.Error.WriteLineAsync($"demo: no sample feeds in {samples}");
                return ExitCodes.Failed;
            }

            var time = services.GetRequiredService<TimeProvider>();
            var definitions = files.Select(f => new FeedDefinition("sample-" + Path.GetFileName(f).Split('.')[0], Path.GetFileName(f), new Uri(f), "", TimeSpan.FromMinutes(10))).ToList();
            await store.Feeds.SyncFeedsAsync(FeedOrigins.File(samples), definitions, time.GetUtcNow(), cancellationToken);
            var parser = services.GetRequiredService<FeedParser>();
            var pipeline = services.GetRequiredService<ItemPipeline>();
            int alerts = 0, items = 0;
            var batches = new List<(FeedState Feed, NewsItem Item)>();
            foreach (var definition in definitions)
            {
                var feed = (await store.Feeds.GetFeedAsync(definition.Id, cancellationToken))!;
                var parsed = parser.Parse(await File.ReadAllBytesAsync(definition.Url.LocalPath, cancellationToken), null, definition.Url, feed.Id, definition.Name, "");
                string outlet = parsed.Title.Length > 0 ? parsed.Title : definition.Name;
                // Present the samples as a feed seen before, so nothing is held back as first-run backfill.
                var known = feed with { Name = outlet, FirstPolledUtc = time.GetUtcNow() };
                items += parsed.Items.Count;
                if (replay is null) alerts += (await pipeline.ProcessAsync(known, parsed.Items, cancellationToken)).Count;
                else batches.AddRange(parsed.Items.Select(i => (known, i)));
            }
            var oldest = DateTimeOffset.MaxValue;
            foreach (var (feed, item) in batches.OrderBy(b => b.Item.PublishedUtc ?? DateTimeOffset.MinValue))
            {
                var at = (item.PublishedUtc ?? time.GetUtcNow()).AddMinutes(10);
                if (at < oldest) oldest = at;
                replay!.Set(at);
                alerts += (await pipeline.ProcessAsync(feed with { FirstPolledUtc = at.AddDays(-1) }, [item], cancellationToken)).Count;
            }
            await services.GetRequiredService<DeliveryDispatcher>().DispatchDueAsync(cancellationToken);
            string shown = Path.GetRelativePath(Directory.GetCurrentDirectory(), demoStore);
            await context.Error.WriteLineAsync($"demo: {Plural.Of(files.Length, "sample feed")}, {Plural.Of(items, "item")}, {Plural.Of(alerts, "alert")}. " +
                $"The demo store stays in {shown}; ask it, e.g.: BorderAlert__Storage__ConnectionString=\"Data Source={shown}\" dotnet run --project src/BorderAlertBot -- command \"/search Vorukh\"");
            if (replay is not null && picturesDir is not null)
            {
                replay.Set(replay.GetUtcNow().AddDays(1));
                foreach (var path in await DemoPictures.WriteAsync(services, picturesDir, oldest == DateTimeOffset.MaxValue ? replay.GetUtcNow() : oldest, cancellationToken))
                    await context.Out.WriteLineAsync(Path.GetFullPath(path));
            }
            return ExitCodes.Ok;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    /// <summary>data/demo.db, or demo.db beside the configured SQLite store.</summary>
    private static string DemoStorePath(ConfigurationManager configuration)
    {
        string dir = "data";
        if ((configuration["BorderAlert:Storage:Provider"] ?? "sqlite") == "sqlite"
            && configuration["BorderAlert:Storage:ConnectionString"] is { Length: > 0 } cs)
        {
            string source = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(cs).DataSource;
            if (source.Length > 0 && source != ":memory:" && Path.GetDirectoryName(Path.GetFullPath(source)) is { } parent) dir = parent;
        }
        Directory.CreateDirectory(dir);
        return Path.GetFullPath(Path.Combine(dir, "demo.db"));
    }

    private static void RemoveStore(string path)
    {
        foreach (string file in Directory.GetFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + "*"))
            File.Delete(file);
    }
}
