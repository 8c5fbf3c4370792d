using System.Globalization;
using System.Text.Json;
using BorderAlertBot.Configuration;
using BorderAlertBot.Core.Detection;
using BorderAlertBot.Core.Items;
using BorderAlertBot.Core.Sources;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Core.Text;
using BorderAlertBot.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using BorderAlertBot.Core.Feeds;

namespace BorderAlertBot.Cli;

/// <summary>`feeds check URL`, `feeds list`, `feeds enable ID`, `feeds import FILE`, `feeds export`.</summary>
public static class FeedsVerbs
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task<int> ExecuteAsync(CliArguments args, CliContext context, CancellationToken cancellationToken)
    {
        var builder = AppHost.CreateBuilder(context, LogLevel.Warning);
        using var host = builder.Build();
        AppHost.ValidateOptions(host.Services);
        bool jsonl = host.Services.GetRequiredService<IOptions<ConsoleOptions>>().Value.Format == "jsonl";
        return args.SubVerb switch
        {
            "check" => await CheckAsync(host.Services, args.Operands[0], jsonl, context, cancellationToken),
            "list" => await ListAsync(host.Services, jsonl, context, cancellationToken),
            "import" => await FeedsOpmlVerbs.ImportAsync(host.Services, args.Operands[0], jsonl, context, cancellationToken),
            "export" => await FeedsOpmlVerbs.ExportAsync(host.Services, context, cancellationToken),
            _ => await EnableAsync(host.Services, args.Operands[0], context, cancellationToken),
        };
    }

    /// <summary>Fetches and parses one feed under the polling guards and prints what the pipeline would see.</summary>
    private static async Task<int> CheckAsync(IServiceProvider services, string url, bool jsonl, CliContext context, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            await context.Error.WriteLineAsync($"feeds check: '{url}' is not an absolute URL");
            return ExitCodes.Usage;
        }
        var vetting = await services.GetRequiredService<ISourceVetter>().VetAsync(uri, cancellationToken);
        if (!vetting.Ok)
        {
            await context.Error.WriteLineAsync($"feeds check: {uri}: {vetting.Error}");
            return ExitCodes.Failed;
        }

        if (!jsonl)
        {
            await context.Out.WriteLineAsync($"{vetting.Title} — {Plural.Of(vetting.Items.Count, "item")}{(vetting.MovedTo is { } m ? $" (moved permanently to {m})" : "")}");
        }
        foreach (var (item, d) in vetting.Items)
        {
            if (jsonl)
            {
                await context.Out.WriteLineAsync(VerdictLine(item, d));
            }
            else
            {
                await context.Out.WriteLineAsync($"- [{SourcePreview.Verdict(d)}] {item.Title}");
                await context.Out.WriteLineAsync($"    {item.PublishedUtc?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "no date"} · {item.Link ?? "no link"}");
                if (d.Places.Count > 0) await context.Out.WriteLineAsync($"    places: {string.Join(", ", d.Places.Select(p => p.Name))}");
                await context.Out.WriteLineAsync($"    why: {string.Join("; ", d.Reasons)}");
            }
        }
        return ExitCodes.Ok;
    }

    /// <summary>One previewed item as a JSON line: its own fields, then the verdict as `classify` writes it.</summary>
    private static string VerdictLine(NewsItem item, Detection d)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Json.Encoder }))
        {
            w.WriteStartObject();
            w.WriteString("id", item.Key);
            w.WriteString("title", item.Title);
            w.WriteString("link", item.Link);
            if (item.PublishedUtc is { } published) w.WriteString("publishedUtc", published); else w.WriteNull("publishedUtc");
            VerdictJson.WriteFields(w, d);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static async Task<int> ListAsync(IServiceProvider services, bool jsonl, CliContext context, CancellationToken cancellationToken)
    {
        var feeds = await (await AppHost.OpenStoreAsync(services, cancellationToken)).Feeds.GetFeedsAsync(cancellationToken);
        foreach (var f in feeds)
        {
            if (jsonl)
            {
                await context.Out.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    id = f.Id, name = f.Name, url = f.Url, active = f.Active, deactivatedReason = f.DeactivatedReason,
                    lastSuccessUtc = f.LastSuccessUtc, lastErrorUtc = f.LastErrorUtc, lastError = f.LastError,
                    consecutiveFailures = f.ConsecutiveFailures, backoffUntilUtc = f.BackoffUntilUtc, nextPollUtc = f.NextPollUtc, stale = f.Stale,
                    origin = f.Origin, addedBy = f.AddedBy, region = f.Region,
                }, Json));
                continue;
            }
            string state = !f.Active && f.DeactivatedReason?.StartsWith("paused by ", StringComparison.Ordinal) == true ? $"PAUSED ({f.DeactivatedReason})"
                : !f.Active ? $"GIVEN UP ({f.DeactivatedReason}; feeds enable {f.Id} tries again)" : f.ConsecutiveFailures > 0 ? $"FAILING x{f.ConsecutiveFailures}" : f.Stale ? "stale" : f.LastSuccessUtc is null ? "not polled yet" : "ok";
            string success = f.LastSuccessUtc?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "never";
            string line = $"{f.Id,-24} {state,-16} last success {success}";
            if (f.LastError is not null && f.ConsecutiveFailures > 0) line += $"; last error: {f.LastError}";
            if (f.BackoffUntilUtc is { } b && f.ConsecutiveFailures > 0) line += $"; backoff until {b:yyyy-MM-dd HH:mm}";
            await context.Out.WriteLineAsync(line);
        }
        return ExitCodes.Ok;
    }

    private static async Task<int> EnableAsync(IServiceProvider services, string id, CliContext context, CancellationToken cancellationToken)
    {
        var store = await AppHost.OpenStoreAsync(services, cancellationToken);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        if (!await store.Feeds.SetFeedActiveAsync(id, true, null, now, cancellationToken))
        {
            await context.Error.WriteLineAsync($"feeds enable: there is no feed with id '{id}' (see: feeds list)");
            return ExitCodes.Failed;
        }
        await context.Out.WriteLineAsync($"feed '{id}' is active again and will be polled at the next check");
        return ExitCodes.Ok;
    }
}
