using System.Text.Json;
using BorderAlertBot.Core.Detection;
using BorderAlertBot.Core.Sources;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Core.Text;
using BorderAlertBot.Feeds.Opml;
using BorderAlertBot.Hosting;
using Microsoft.Extensions.DependencyInjection;
using BorderAlertBot.Core.Feeds;

namespace BorderAlertBot.Cli;

/// <summary>`feeds import FILE.opml` (every entry vetted like `feeds check`, then added once) and `feeds export` (OPML of the active set on stdout).</summary>
public static class FeedsOpmlVerbs
{
    public static async Task<int> ImportAsync(IServiceProvider services, string path, bool jsonl, CliContext context, CancellationToken cancellationToken)
    {
        IReadOnlyList<OpmlOutline> outlines;
        try
        {
            await using var stream = File.OpenRead(path);
            outlines = OpmlReader.Read(stream);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or OpmlException)
        {
            await context.Error.WriteLineAsync($"feeds import: {path}: {(ex is OpmlException ? ex.Message : "cannot be read (" + ex.Message + ")")}");
            return ExitCodes.Failed;
        }

        await AppHost.OpenStoreAsync(services, cancellationToken);
        var registry = services.GetRequiredService<SourceRegistry>();
        var detector = services.GetRequiredService<BorderDetector>();
        string addedBy = $"operator (import of {Path.GetFileName(path)})";
        var listed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        int added = 0, duplicates = 0, refused = 0;
        foreach (var outline in outlines)
        {
            SourceAddResult result;
            if (!Uri.TryCreate(outline.XmlUrl, UriKind.Absolute, out var url)) result = SourceAddResult.Refused($"'{outline.XmlUrl}' is not an absolute URL");
            else if (!listed.Add(url.AbsoluteUri.TrimEnd('/'))) { duplicates++; await ReportAsync(outline.XmlUrl, "duplicate", null, "listed twice in the file"); continue; }
            else
            {
                string? language = Languages.Normalize(outline.Language) is { Length: > 0 } l ? l : null;
                // A region the gazetteer does not know is refused, not dropped: the outlet's "on the border" depends on it.
                if (outline.Region is { Length: > 0 } r && !detector.IsRegion(r))
                    result = SourceAddResult.Refused($"region '{r}' is not a region the gazetteer knows ({string.Join(", ", detector.Regions)})");
                else result = await registry.AddAsync(new SourceRequest(url, outline.Title, language, Region: outline.Region is { Length: > 0 } ? outline.Region : null), FeedOrigins.Import, addedBy, cancellationToken);
            }
            switch (result.Outcome)
            {
                case SourceAddOutcome.Added: added++; await ReportAsync(outline.XmlUrl, "added", result.Feed!.Id, null); break;
                case SourceAddOutcome.Duplicate: duplicates++; await ReportAsync(outline.XmlUrl, "duplicate", result.ExistingId, $"already a source as {result.ExistingId}"); break;
                default: refused++; await ReportAsync(outline.XmlUrl, "refused", null, result.Reason); break;
            }
        }
        if (!jsonl)
            await context.Out.WriteLineAsync($"{Plural.Of(outlines.Count, "feed")} in {Path.GetFileName(path)}: {added} added, {Plural.Of(duplicates, "duplicate")}, {refused} refused");
        return ExitCodes.Ok;

        async Task ReportAsync(string url, string outcome, string? id, string? reason)
        {
            if (jsonl) await context.Out.WriteLineAsync(JsonSerializer.Serialize(new { url, outcome, id, reason }, FeedsVerbs.Json));
            else await context.Out.WriteLineAsync(outcome switch
            {
                "added" => $"added      {id,-28} {url}",
                "duplicate" => $"duplicate  {url}: {reason}",
                _ => $"refused    {url}: {reason}",
            });
        }
    }

    public static async Task<int> ExportAsync(IServiceProvider services, CliContext context, CancellationToken cancellationToken)
    {
        var store = await AppHost.OpenStoreAsync(services, cancellationToken);
        var feeds = (await store.Feeds.GetFeedsAsync(cancellationToken)).Where(f => f.Active);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        await context.Out.WriteAsync(OpmlWriter.Write("BorderAlertBot sources", now, feeds.Select(f =>
            new OpmlOutline(f.Url.AbsoluteUri, f.Name, f.Url.GetLeftPart(UriPartial.Authority) + "/", f.Language, [], f.Region))));
        await context.Out.WriteLineAsync();
        return ExitCodes.Ok;
    }
}
