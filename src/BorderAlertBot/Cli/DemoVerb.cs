using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Items;
using BorderAlertBot.Core.Pipeline;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Feeds.Parsing;
using BorderAlertBot.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BorderAlertBot.Cli;

/// <summary>
/// `demo`: the whole pipeline, offline, over the sample feeds in config/samples/ read from disk, with a
/// throw-away store and the console sink. No network, no tokens; alerts on standard output.
/// </summary>
public static class DemoVerb
{
    public static async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        string dataDir = Path.Combine(Path.GetTempPath(), "borderalert-demo-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        try
        {
            var builder = AppHost.CreateBuilder(context, LogLevel.Warning, new Dictionary<string, string?>
            {
                ["BorderAlert:Storage:ConnectionString"] = $"Data Source={Path.Combine(dataDir, "demo.db")}",
                // The samples are dated in the past: alert on all of them, not only the last day.
                ["BorderAlert:Pipeline:BackfillWindow"] = "3650.00:00:00",
                // Offline: the samples' article pages are not fetched.
                ["BorderAlert:Pipeline:FetchArticles"] = "false",
            });
            using var host = builder.Build();
            AppHost.ValidateOptions(host.Services);
            var services = host.Services;
            var store = services.GetRequiredService<IAlertStore>();
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
            await store.SyncFeedsAsync(FeedOrigins.File(samples), definitions, time.GetUtcNow(), cancellationToken);
            var parser = services.GetRequiredService<FeedParser>();
            var pipeline = services.GetRequiredService<ItemPipeline>();
            int alerts = 0, items = 0;
            foreach (var definition in definitions)
            {
                var feed = (await store.GetFeedAsync(definition.Id, cancellationToken))!;
                var parsed = parser.Parse(await File.ReadAllBytesAsync(definition.Url.LocalPath, cancellationToken), null, definition.Url, feed.Id, definition.Name, "");
                string outlet = parsed.Title.Length > 0 ? parsed.Title : definition.Name;
                // Present the samples as a feed seen before, so nothing is held back as first-run backfill.
                var created = await pipeline.ProcessAsync(feed with { Name = outlet, FirstPolledUtc = time.GetUtcNow() }, parsed.Items, cancellationToken);
                items += parsed.Items.Count;
                alerts += created.Count;
            }
            await services.GetRequiredService<DeliveryDispatcher>().DispatchDueAsync(cancellationToken);
            await context.Error.WriteLineAsync($"demo: {files.Length} sample feeds, {items} items, {alerts} alerts");
            return ExitCodes.Ok;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
