using System.Data.Common;
using System.Globalization;
using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Items;
using BorderAlertBot.Core.Pipeline;
using static BorderAlertBot.Storage.Sql.SqlDatabase;

namespace BorderAlertBot.Storage.Sql;

/// <summary>
/// Seen items and the pipeline's commit: in one transaction the seen rows (their natural key decides which
/// process had an item first), story changes, alerts and their deliveries.
/// </summary>
public sealed class SqlItemStore(SqlDatabase db) : IItemStore
{
    public async Task<IReadOnlyList<NewsItem>> FilterNewAsync(string feedId, IReadOnlyList<NewsItem> items, TimeSpan titleWindow, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var fresh = new List<NewsItem>();
        var batchKeys = new HashSet<string>(StringComparer.Ordinal);
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var cmd = Command(connection, null, """
            SELECT CASE WHEN EXISTS(SELECT 1 FROM seen_items WHERE feed_id = @feed AND item_key = @key)
                OR (@link <> '' AND EXISTS(SELECT 1 FROM seen_items WHERE feed_id = @feed AND link_key = @link))
                OR (@title <> '' AND EXISTS(SELECT 1 FROM seen_items WHERE feed_id = @feed AND title_key = @title AND seen_utc >= @since))
                THEN 1 ELSE 0 END;
            """);
        var pKey = cmd.Add("@key", "");
        var pLink = cmd.Add("@link", "");
        var pTitle = cmd.Add("@title", "");
        cmd.Add("@feed", feedId);
        cmd.Add("@since", (now - titleWindow).ToUnixTimeMilliseconds());
        foreach (var item in items)
        {
            string link = item.LinkKey, title = item.TitleKey;
            // Duplicates inside one fetch (feeds repeat entries) count once.
            if (!batchKeys.Add("k" + item.Key) | (link.Length > 0 && !batchKeys.Add("l" + link)) | (title.Length > 0 && !batchKeys.Add("t" + title))) continue;
            pKey.Value = item.Key;
            pLink.Value = link;
            pTitle.Value = title;
            if (Convert.ToInt64(await cmd.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0) fresh.Add(item);
        }
        return fresh;
    }

    public async Task<IReadOnlyList<Alert>> CommitAsync(ItemBatch batch, CancellationToken cancellationToken)
    {
        var created = new List<Alert>();
        using var writeLock = await db.LockForWriteAsync(cancellationToken);
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        long now = batch.NowUtc.ToUnixTimeMilliseconds();
        foreach (var p in batch.Items)
        {
            await using (var seen = Command(connection, tx, "INSERT INTO seen_items(feed_id, item_key, link_key, title_key, seen_utc) VALUES (@feed, @key, @link, @title, @now) ON CONFLICT DO NOTHING;"))
            {
                seen.Add("@feed", batch.FeedId);
                seen.Add("@key", p.Item.Key);
                seen.Add("@link", p.Item.LinkKey);
                seen.Add("@title", p.Item.TitleKey);
                seen.Add("@now", now);
                if (await seen.ExecuteNonQueryAsync(cancellationToken) == 0) continue; // another process had it
            }
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

    public Task<int> PruneAsync(DateTimeOffset seenBefore, DateTimeOffset deliveredBefore, CancellationToken cancellationToken) =>
        db.WriteAsync("""
            DELETE FROM seen_items WHERE seen_utc < @seen;
            DELETE FROM deliveries WHERE status <> 'pending' AND completed_utc < @delivered;
            """, cancellationToken, ("@seen", seenBefore.ToUnixTimeMilliseconds()), ("@delivered", deliveredBefore.ToUnixTimeMilliseconds()));
}
