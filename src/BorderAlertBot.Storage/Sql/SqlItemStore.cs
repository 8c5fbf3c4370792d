using System.Data.Common;
using System.Globalization;
using System.Text;
using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Items;
using BorderAlertBot.Core.Pipeline;
using static BorderAlertBot.Storage.Sql.SqlDatabase;

namespace BorderAlertBot.Storage.Sql;

/// <summary>
/// Seen items and the pipeline's commit. Novelty is one statement per chunk of a feed's items (not one per
/// item); the commit is one transaction per feed: the seen rows in multi-row inserts (their natural key
/// decides which process had an item first), the renewed listing, story changes, alerts and deliveries.
/// </summary>
public sealed class SqlItemStore(SqlDatabase db) : IItemStore
{
    /// <summary>
    /// Items per statement: at most 4 parameters each, so a chunk stays far below SQLite's oldest limit of
    /// 999 host parameters (and PostgreSQL's 65,535); a feed lists a few dozen items, so one chunk is the rule.
    /// </summary>
    internal const int Chunk = 200;

    public async Task<Novelty> FilterNewAsync(string feedId, IReadOnlyList<NewsItem> items, TimeSpan titleWindow, TimeSpan listedRefresh, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Duplicates inside one fetch (feeds repeat entries) count once: the first of them is asked about.
        // Link and title keys are hashes computed on each read: computed once here.
        var candidates = new List<(NewsItem Item, string Link, string Title)>(items.Count);
        var batchKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            string link = item.LinkKey, title = item.TitleKey;
            if (!batchKeys.Add("k" + item.Key) | (link.Length > 0 && !batchKeys.Add("l" + link)) | (title.Length > 0 && !batchKeys.Add("t" + title))) continue;
            candidates.Add((item, link, title));
        }
        var fresh = new List<NewsItem>();
        var relistedKeys = new List<string>();
        var relistedLinks = new List<string>();
        long renewBefore = (now - listedRefresh).ToUnixTimeMilliseconds();
        if (candidates.Count == 0) return new Novelty(fresh, new FeedWindow(now, relistedKeys, relistedLinks));
        await using var connection = await db.OpenAsync(cancellationToken);
        foreach (var chunk in candidates.Chunk(Chunk))
        {
            // Per item: the last-listed time of its row by key, the oldest by link, and whether its title was
            // seen within the window. The partial indexes' conditions are repeated so they are used.
            var values = new StringBuilder();
            for (int i = 0; i < chunk.Length; i++)
                values.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"(@i{i}, @k{i}, @l{i}, @t{i})");
            await using var cmd = Command(connection, null, $"""
                WITH batch(i, k, l, t) AS (VALUES {values})
                SELECT b.i,
                    (SELECT s.listed_utc FROM seen_items s WHERE s.feed_id = @feed AND s.item_key = b.k),
                    (SELECT MIN(s.listed_utc) FROM seen_items s WHERE s.feed_id = @feed AND s.link_key = b.l AND s.link_key <> ''),
                    CASE WHEN EXISTS (SELECT 1 FROM seen_items s WHERE s.feed_id = @feed AND s.title_key = b.t AND s.title_key <> '' AND s.seen_utc >= @since)
                         THEN 1 ELSE 0 END
                FROM batch b;
                """);
            cmd.Add("@feed", feedId);
            cmd.Add("@since", (now - titleWindow).ToUnixTimeMilliseconds());
            for (int i = 0; i < chunk.Length; i++)
            {
                cmd.Add($"@i{i}", i);
                cmd.Add($"@k{i}", chunk[i].Item.Key);
                cmd.Add($"@l{i}", chunk[i].Link);
                cmd.Add($"@t{i}", chunk[i].Title);
            }
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            var verdicts = new (long? ByKey, long? ByLink, bool ByTitle)[chunk.Length];
            while (await reader.ReadAsync(cancellationToken))
                verdicts[Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture)] =
                    (reader.IsDBNull(1) ? null : reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt64(2), Convert.ToInt64(reader.GetValue(3), CultureInfo.InvariantCulture) == 1);
            for (int i = 0; i < chunk.Length; i++)
            {
                var (byKey, byLink, byTitle) = verdicts[i];
                if (byKey is { } listed) { if (listed < renewBefore) relistedKeys.Add(chunk[i].Item.Key); }
                else if (byLink is { } linkListed) { if (linkListed < renewBefore) relistedLinks.Add(chunk[i].Link); } // a regenerated guid
                else if (!byTitle) fresh.Add(chunk[i].Item);
            }
        }
        return new Novelty(fresh, new FeedWindow(now, relistedKeys, relistedLinks));
    }

    public async Task<IReadOnlyList<Alert>> CommitAsync(ItemBatch batch, CancellationToken cancellationToken)
    {
        var created = new List<Alert>();
        using var writeLock = await db.LockForWriteAsync(cancellationToken);
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        long now = batch.NowUtc.ToUnixTimeMilliseconds();
        long listedAt = batch.Window?.ListedAtUtc.ToUnixTimeMilliseconds() ?? now;
        var inserted = await InsertSeenAsync(connection, tx, batch, now, listedAt, cancellationToken);
        if (batch.Window is { } window) await RenewListingAsync(connection, tx, batch.FeedId, window, listedAt, cancellationToken);
        foreach (var p in batch.Items)
        {
            if (!inserted.Remove(p.Item.Key)) continue; // another process had it (or it came twice in this batch)
            if (p.Story is { } story)
            {
                await using var cmd = Command(connection, tx, $"""
                    INSERT INTO stories(id, last_report_utc, payload) VALUES (@id, @last, @payload)
                    ON CONFLICT(id) DO UPDATE SET last_report_utc = excluded.last_report_utc, payload = excluded.payload;
                    UPDATE alerts SET payload = {db.Dialect.SetJsonSources("payload", "@sources")} WHERE id = @first;
                    """);
                cmd.Add("@id", story.Id);
                cmd.Add("@last", story.LastReportUtc.ToUnixTimeMilliseconds());
                cmd.Add("@payload", StoreJson.Serialize(story));
                cmd.Add("@sources", StoreJson.Serialize(story.Sources));
                cmd.Add("@first", story.FirstAlertId);
                await cmd.ExecuteNonQueryAsync(cancellationToken);
            }
            if (p.Alert is { } alert)
            {
                await using (var cmd = Command(connection, tx, "INSERT INTO alerts(id, story_id, created_utc, severity, payload) VALUES (@id, @story, @now, @severity, @payload) ON CONFLICT DO NOTHING;"))
                {
                    cmd.Add("@id", alert.Id);
                    cmd.Add("@story", alert.StoryId);
                    cmd.Add("@now", alert.CreatedUtc.ToUnixTimeMilliseconds());
                    cmd.Add("@severity", alert.Severity);
                    cmd.Add("@payload", StoreJson.Serialize(alert));
                    if (await cmd.ExecuteNonQueryAsync(cancellationToken) == 0) continue;
                }
                await SqlOutbox.InsertDeliveriesAsync(connection, tx, alert.Id, p.Deliveries, now, cancellationToken);
                created.Add(alert);
            }
        }
        await tx.CommitAsync(cancellationToken);
        return created;
    }

    /// <summary>The batch's seen rows in multi-row inserts; returns the keys this transaction inserted (not those another process had).</summary>
    private static async Task<HashSet<string>> InsertSeenAsync(DbConnection connection, DbTransaction tx, ItemBatch batch, long now, long listedAt, CancellationToken cancellationToken)
    {
        var inserted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in batch.Items.Chunk(Chunk))
        {
            var values = new StringBuilder();
            for (int i = 0; i < chunk.Length; i++)
                values.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"(@feed, @k{i}, @l{i}, @t{i}, @now, @listed)");
            await using var cmd = Command(connection, tx, $"""
                INSERT INTO seen_items(feed_id, item_key, link_key, title_key, seen_utc, listed_utc) VALUES {values}
                ON CONFLICT DO NOTHING RETURNING item_key;
                """);
            cmd.Add("@feed", batch.FeedId);
            cmd.Add("@now", now);
            cmd.Add("@listed", listedAt);
            for (int i = 0; i < chunk.Length; i++)
            {
                cmd.Add($"@k{i}", chunk[i].Item.Key);
                cmd.Add($"@l{i}", chunk[i].Item.LinkKey);
                cmd.Add($"@t{i}", chunk[i].Item.TitleKey);
            }
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) inserted.Add(reader.GetString(0));
        }
        return inserted;
    }

    /// <summary>The fetch's still-listed rows get its time (in chunks), and the feed's window moves to it (never back).</summary>
    private static async Task RenewListingAsync(DbConnection connection, DbTransaction tx, string feedId, FeedWindow window, long listedAt, CancellationToken cancellationToken)
    {
        foreach (var (column, values) in new[] { ("item_key", window.RelistedKeys), ("link_key", window.RelistedLinks) })
        {
            foreach (var chunk in values.Chunk(Chunk))
            {
                string list = string.Join(", ", chunk.Select((_, i) => "@v" + i.ToString(CultureInfo.InvariantCulture)));
                await using var cmd = Command(connection, tx, $"UPDATE seen_items SET listed_utc = @at WHERE feed_id = @feed AND listed_utc < @at AND {column} IN ({list});");
                cmd.Add("@feed", feedId);
                cmd.Add("@at", listedAt);
                for (int i = 0; i < chunk.Length; i++) cmd.Add("@v" + i.ToString(CultureInfo.InvariantCulture), chunk[i]);
                await cmd.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        await using var feed = Command(connection, tx, "UPDATE feeds SET window_utc = @at WHERE id = @feed AND (window_utc IS NULL OR window_utc < @at);");
        feed.Add("@feed", feedId);
        feed.Add("@at", listedAt);
        await feed.ExecuteNonQueryAsync(cancellationToken);
    }
}
