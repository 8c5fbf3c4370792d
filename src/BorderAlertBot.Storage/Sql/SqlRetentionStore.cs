using System.Data.Common;
using System.Globalization;
using BorderAlertBot.Core.Retention;
using static BorderAlertBot.Storage.Sql.SqlDatabase;

namespace BorderAlertBot.Storage.Sql;

/// <summary>
/// Retention: deletes in batches of <see cref="RetentionCutoffs.BatchSize"/> rows, each batch its own short
/// statement (SQLite: under the write lock, released between batches so polls and deliveries interleave),
/// then lets the dialect give the space back (SQLite: incremental vacuum; PostgreSQL: its autovacuum).
/// </summary>
public sealed class SqlRetentionStore(SqlDatabase db) : IRetentionStore
{
    public async Task<PruneCounts> PruneAsync(RetentionCutoffs cutoffs, CancellationToken cancellationToken)
    {
        long items = await PruneSeenItemsAsync(cutoffs, cancellationToken);
        long deliveries = await RepeatAsync("""
            DELETE FROM deliveries WHERE id IN (
                SELECT id FROM deliveries WHERE status <> 'pending' AND completed_utc < @before ORDER BY completed_utc LIMIT @batch);
            """, cutoffs.DeliveriesBefore, cutoffs.BatchSize, cancellationToken);
        var (alerts, finished) = await PruneAlertsAsync(cutoffs, cancellationToken);
        long stories = await RepeatAsync("""
            DELETE FROM stories WHERE id IN (
                SELECT s.id FROM stories s WHERE s.last_report_utc < @before
                  AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.story_id = s.id)
                ORDER BY s.last_report_utc LIMIT @batch);
            """, cutoffs.AlertsBefore, cutoffs.BatchSize, cancellationToken);
        using (await db.LockForWriteAsync(cancellationToken))
        {
            await using var connection = await db.OpenAsync(cancellationToken);
            await db.Dialect.CompactAsync(connection, cancellationToken);
        }
        return new PruneCounts(items, alerts, stories, deliveries + finished);
    }

    /// <summary>
    /// A seen item is deleted when first seen before the horizon and its last-listed time is older than its
    /// feed's latest fetch by more than the refresh interval (every item that fetch listed was renewed to within
    /// it; a feed with no recorded fetch counts as fetched now). Batches walk the last-listed index upward from where the
    /// previous one stopped, so rows that must stay (old items their feed still lists) are passed once, not
    /// once per batch.
    /// </summary>
    private async Task<long> PruneSeenItemsAsync(RetentionCutoffs cutoffs, CancellationToken cancellationToken)
    {
        long total = 0, from = long.MinValue;
        long seenBefore = cutoffs.ItemsSeenBefore.ToUnixTimeMilliseconds();
        long slack = (long)cutoffs.ListedRefresh.TotalMilliseconds;
        while (true)
        {
            using var writeLock = await db.LockForWriteAsync(cancellationToken);
            await using var connection = await db.OpenAsync(cancellationToken);
            await using var cmd = Command(connection, null, """
                DELETE FROM seen_items WHERE (feed_id, item_key) IN (
                    SELECT s.feed_id, s.item_key FROM seen_items s LEFT JOIN feeds f ON f.id = s.feed_id
                    WHERE s.listed_utc >= @from AND s.listed_utc < @listedBefore AND s.seen_utc < @before
                      AND (f.window_utc IS NULL OR s.listed_utc < f.window_utc - @slack)
                    ORDER BY s.listed_utc LIMIT @batch)
                RETURNING listed_utc;
                """);
            cmd.Add("@from", from);
            cmd.Add("@before", seenBefore);
            cmd.Add("@slack", slack);
            cmd.Add("@listedBefore", (cutoffs.Now - cutoffs.ListedRefresh).ToUnixTimeMilliseconds());
            cmd.Add("@batch", cutoffs.BatchSize);
            int deleted = 0;
            await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
                while (await reader.ReadAsync(cancellationToken))
                {
                    deleted++;
                    from = Math.Max(from, reader.GetInt64(0));
                }
            total += deleted;
            if (deleted < cutoffs.BatchSize) return total;
        }
    }

    /// <summary>
    /// Alerts past retention with no pending delivery, with their finished deliveries, a batch per transaction
    /// (the deliveries reference the alerts). An alert that gets a pending delivery meanwhile stays.
    /// </summary>
    private async Task<(long Alerts, long Deliveries)> PruneAlertsAsync(RetentionCutoffs cutoffs, CancellationToken cancellationToken)
    {
        long alerts = 0, deliveries = 0;
        int batch = Math.Min(cutoffs.BatchSize, SqlItemStore.Chunk * 4);
        while (true)
        {
            using var writeLock = await db.LockForWriteAsync(cancellationToken);
            await using var connection = await db.OpenAsync(cancellationToken);
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            var ids = new List<string>();
            await using (var select = Command(connection, tx, """
                SELECT a.id FROM alerts a WHERE a.created_utc < @before
                  AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.alert_id = a.id AND d.status = 'pending')
                ORDER BY a.created_utc LIMIT @batch;
                """))
            {
                select.Add("@before", cutoffs.AlertsBefore.ToUnixTimeMilliseconds());
                select.Add("@batch", batch);
                ids.AddRange(await ReadAllAsync(select, r => r.GetString(0), cancellationToken));
            }
            if (ids.Count == 0) return (alerts, deliveries);
            string list = string.Join(", ", ids.Select((_, i) => "@a" + i.ToString(CultureInfo.InvariantCulture)));
            deliveries += await ExecuteWithIdsAsync(connection, tx, $"DELETE FROM deliveries WHERE status <> 'pending' AND alert_id IN ({list});", ids, cancellationToken);
            alerts += await ExecuteWithIdsAsync(connection, tx, $"""
                DELETE FROM alerts WHERE id IN ({list})
                  AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.alert_id = alerts.id);
                """, ids, cancellationToken);
            await tx.CommitAsync(cancellationToken);
            if (ids.Count < batch) return (alerts, deliveries);
        }
    }

    private static async Task<int> ExecuteWithIdsAsync(DbConnection connection, DbTransaction tx, string sql, List<string> ids, CancellationToken cancellationToken)
    {
        await using var cmd = Command(connection, tx, sql);
        for (int i = 0; i < ids.Count; i++) cmd.Add("@a" + i.ToString(CultureInfo.InvariantCulture), ids[i]);
        return await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>One batched DELETE (parameters @before, @batch) until a batch deletes fewer rows than its size.</summary>
    private async Task<long> RepeatAsync(string sql, DateTimeOffset before, int batch, CancellationToken cancellationToken)
    {
        long total = 0;
        while (true)
        {
            int deleted = await db.WriteAsync(sql, cancellationToken, ("@before", before.ToUnixTimeMilliseconds()), ("@batch", batch));
            total += deleted;
            if (deleted < batch) return total;
        }
    }
}
