using System.Globalization;
using System.Text;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Core.Text;

namespace BorderAlertBot.Core.Commands;

/// <summary>/sources: every source with its id, address, health in plain words, and who added it when it was not a feeds file.</summary>
public static class SourceList
{
    public static string Describe(IReadOnlyList<FeedState> feeds)
    {
        int active = feeds.Count(f => f.Active);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{Plural.Of(feeds.Count, "source")}: {active} active, {feeds.Count(f => f.Active && f.ConsecutiveFailures == 0)} healthy");
        if (active == 0) sb.Append(" — WARNING: nothing is being polled");
        sb.Append(feeds.Count > 0 ? ":" : ".");
        foreach (var f in feeds)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\n• {f.Name} ({f.Id}) {f.Url}: {State(f)}; last success {f.LastSuccessUtc?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "never"}");
            if (f.ConsecutiveFailures > 0 && f.BackoffUntilUtc is { } b && f.Active) sb.Append(CultureInfo.InvariantCulture, $", retry after {b:yyyy-MM-dd HH:mm}");
            if (f.AddedBy is { Length: > 0 } by) sb.Append("; added by ").Append(by);
        }
        return sb.ToString();
    }

    private static string State(FeedState f) =>
        !f.Active && f.DeactivatedReason?.StartsWith("paused by ", StringComparison.Ordinal) == true ? "PAUSED (" + f.DeactivatedReason + ")"
        : !f.Active ? $"GIVEN UP after repeated failures ({f.DeactivatedReason}); /source resume {f.Id} tries again"
        : f.ConsecutiveFailures > 0 ? $"failing ×{f.ConsecutiveFailures}: {f.LastError}"
        : f.Stale ? "stale (nothing new for a long time)"
        : f.LastSuccessUtc is null ? "not polled yet"
        : "ok";
}
