using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Items;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Core.Stories;
using System.Data;
using System.Globalization;
using System.Data.Common;

namespace BorderAlertBot.Storage.Sql;

/// <summary>
/// The store over ADO.NET, one implementation for both databases: the SQL is portable (ON CONFLICT DO
/// NOTHING, RETURNING, partial indexes) and <see cref="StoreDialect"/> supplies what differs (schema,
/// connection set-up, row locking, JSON update). Every write is idempotent by its natural key and claims
/// are leases, so several processes on one database never alert twice.
/// </summary>
public partial class SqlAlertStore : IAlertStore, IDisposable
{
    private readonly StoreDialect _dialect;
    // SQLite has one writer: serialising writes in-process avoids busy retries. PostgreSQL needs no lock.
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    protected SqlAlertStore(StoreDialect dialect) => _dialect = dialect;

    public void Dispose()
    {
        _writeLock.Dispose();
        _dialect.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task<DbConnection> OpenAsync(CancellationToken ct) => await _dialect.OpenAsync(ct);

    private async Task WaitWriteAsync(CancellationToken ct)
    {
        if (_dialect.SerializeWrites) await _writeLock.WaitAsync(ct);
    }

    private void ReleaseWrite()
    {
        if (_dialect.SerializeWrites) _writeLock.Release();
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _dialect.PrepareAsync(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        var migrations = _dialect.Migrations;
        for (int v = 0; v < migrations.Count; v++)
        {
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            // Read the version inside the write transaction: another process may be migrating too.
            long current = await _dialect.GetVersionAsync(connection, tx, cancellationToken);
            if (current > migrations.Count)
                throw new InvalidOperationException($"The database has schema version {current}, newer than this build knows ({migrations.Count}).");
            if (current > v) { await tx.RollbackAsync(cancellationToken); continue; }
            await ExecAsync(connection, tx, migrations[v], cancellationToken);
            await _dialect.SetVersionAsync(connection, tx, v + 1, cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
    }

    // ---- feeds ----

    public async Task SyncFeedsAsync(string origin, IReadOnlyList<FeedDefinition> feeds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await WaitWriteAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            var listed = new List<string>();
            foreach (var feed in feeds)
            {
                // A feed that had left the set (removed from its file, or stranded by an older version that
                // let any other feeds file switch it off) comes back active; one a person removed does not.
                // Paused and given-up feeds keep their state; a chat-added feed is not taken over by a file.
                await using var cmd = Command(connection, tx, """
                    INSERT INTO feeds(id, name, url, language, interval_seconds, configured, active, next_poll_utc, origin)
                    VALUES (@id, @name, @url, @lang, @interval, 1, 1, @now, @origin)
                    ON CONFLICT(id) DO UPDATE SET name = excluded.name, language = excluded.language,
                        interval_seconds = excluded.interval_seconds, configured = 1, origin = excluded.origin,
                        active = CASE WHEN feeds.configured = 0 OR feeds.deactivated_reason = @leftReason THEN 1 ELSE feeds.active END,
                        deactivated_reason = CASE WHEN feeds.configured = 0 OR feeds.deactivated_reason = @leftReason THEN NULL ELSE feeds.deactivated_reason END,
                        next_poll_utc = CASE WHEN feeds.configured = 0 OR feeds.deactivated_reason = @leftReason THEN @now ELSE feeds.next_poll_utc END,
                        url = CASE WHEN feeds.url = @url OR feeds.deactivated_reason IS NULL THEN feeds.url ELSE @url END
                    WHERE feeds.removed_by IS NULL AND feeds.origin NOT IN (@chat, @import);
                    """);
                cmd.Add("@id", feed.Id);
                cmd.Add("@name", feed.Name);
                cmd.Add("@url", feed.Url.AbsoluteUri);
                cmd.Add("@lang", feed.Language);
                cmd.Add("@interval", (long)feed.Interval.TotalSeconds);
                cmd.Add("@now", now.ToUnixTimeMilliseconds());
                cmd.Add("@origin", origin);
                cmd.Add("@leftReason", FeedOrigins.RemovedFromFile);
                cmd.Add("@chat", FeedOrigins.Chat);
                cmd.Add("@import", FeedOrigins.Import);
                await cmd.ExecuteNonQueryAsync(cancellationToken);
                listed.Add(feed.Id);
            }
            // Only this file's own feeds can leave the set by not being listed in it.
            await using (var gone = Command(connection, tx, "SELECT id FROM feeds WHERE origin = @origin AND configured = 1;"))
            {
                gone.Add("@origin", origin);
                var ids = new List<string>();
                await using (var reader = await gone.ExecuteReaderAsync(cancellationToken))
                    while (await reader.ReadAsync(cancellationToken)) ids.Add(reader.GetString(0));
                foreach (string id in ids.Except(listed, StringComparer.Ordinal))
                {
                    await using var leave = Command(connection, tx, "UPDATE feeds SET configured = 0, active = 0, deactivated_reason = @reason WHERE id = @id;");
                    leave.Add("@id", id);
                    leave.Add("@reason", FeedOrigins.RemovedFromFile);
                    await leave.ExecuteNonQueryAsync(cancellationToken);
                }
            }
            await tx.CommitAsync(cancellationToken);
        }
        finally { ReleaseWrite(); }
    }

    public async Task<bool> AddFeedAsync(FeedDefinition feed, string origin, string addedBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await WaitWriteAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            await using (var taken = Command(connection, tx, "SELECT COUNT(*) FROM feeds WHERE configured = 1 AND (id = @id OR url = @url);"))
            {
                taken.Add("@id", feed.Id);
                taken.Add("@url", feed.Url.AbsoluteUri);
                if (Convert.ToInt64(await taken.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0) return false;
            }
            // A feed removed earlier under this id comes back with its seen items (no re-alerting) and a clean health record.
            await using var cmd = Command(connection, tx, """
                INSERT INTO feeds(id, name, url, language, interval_seconds, configured, active, next_poll_utc, origin, added_by)
                VALUES (@id, @name, @url, @lang, @interval, 1, 1, @now, @origin, @addedBy)
                ON CONFLICT(id) DO UPDATE SET name = excluded.name, url = excluded.url, language = excluded.language,
                    interval_seconds = excluded.interval_seconds, configured = 1, active = 1, deactivated_reason = NULL,
                    removed_by = NULL, origin = excluded.origin, added_by = excluded.added_by, consecutive_failures = 0,
                    failing_since_utc = NULL, backoff_until_utc = NULL, stale = 0, next_poll_utc = excluded.next_poll_utc;
                """);
            cmd.Add("@id", feed.Id);
            cmd.Add("@name", feed.Name);
            cmd.Add("@url", feed.Url.AbsoluteUri);
            cmd.Add("@lang", feed.Language);
            cmd.Add("@interval", (long)feed.Interval.TotalSeconds);
            cmd.Add("@now", now.ToUnixTimeMilliseconds());
            cmd.Add("@origin", origin);
            cmd.Add("@addedBy", addedBy);
            await cmd.ExecuteNonQueryAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
            return true;
        }
        finally { ReleaseWrite(); }
    }

    public async Task<bool> RemoveFeedAsync(string id, string removedBy, CancellationToken cancellationToken) =>
        await WriteAsync("UPDATE feeds SET configured = 0, active = 0, removed_by = @by, deactivated_reason = @reason WHERE id = @id AND configured = 1;",
            cancellationToken, ("@id", id), ("@by", removedBy), ("@reason", "removed by " + removedBy)) > 0;

    private const string FeedColumns = """
        id, name, url, language, interval_seconds, active, deactivated_reason, etag, last_modified, first_polled_utc,
        last_poll_utc, last_success_utc, last_error_utc, last_error, consecutive_failures, failing_since_utc,
        backoff_until_utc, next_poll_utc, last_new_item_utc, stale, origin, added_by
        """;

    public async Task<IReadOnlyList<FeedState>> GetFeedsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = Command(connection, null, $"SELECT {FeedColumns} FROM feeds WHERE configured = 1 ORDER BY id;");
        return await ReadFeedsAsync(cmd, cancellationToken);
    }

    public async Task<FeedState?> GetFeedAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = Command(connection, null, $"SELECT {FeedColumns} FROM feeds WHERE id = @id;");
        cmd.Add("@id", id);
        var feeds = await ReadFeedsAsync(cmd, cancellationToken);
        return feeds.Count > 0 ? feeds[0] : null;
    }

    public async Task<IReadOnlyList<FeedState>> ClaimDueFeedsAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken)
    {
        await WaitWriteAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            // Due, or claimed by an instance whose heartbeat expired (its poll pass died with it).
            await using var cmd = Command(connection, null, $"""
                UPDATE feeds SET next_poll_utc = @lease, lease_owner = @owner
                WHERE id IN (SELECT id FROM feeds WHERE active = 1 AND configured = 1
                               AND (next_poll_utc <= @now OR lease_owner IN (SELECT i.id FROM instances i WHERE i.expires_utc < @now))
                             ORDER BY next_poll_utc LIMIT @limit {_dialect.SkipLocked})
                RETURNING {FeedColumns};
                """);
            cmd.Add("@now", now.ToUnixTimeMilliseconds());
            cmd.Add("@lease", leaseUntil.ToUnixTimeMilliseconds());
            cmd.Add("@owner", owner);
            cmd.Add("@limit", limit);
            return await ReadFeedsAsync(cmd, cancellationToken);
        }
        finally { ReleaseWrite(); }
    }

    public Task<int> ExtendFeedLeasesAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        WriteAsync("UPDATE feeds SET next_poll_utc = @lease WHERE lease_owner = @owner AND next_poll_utc < @lease;",
            cancellationToken, ("@owner", owner), ("@lease", leaseUntil.ToUnixTimeMilliseconds()));

    public async Task RecordFetchAsync(FetchRecord r, CancellationToken cancellationToken)
    {
        await WaitWriteAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var cmd = Command(connection, null, r.Success
                ? """
                  UPDATE feeds SET
                      etag = CASE WHEN @notModified = 1 THEN etag ELSE @etag END,
                      last_modified = CASE WHEN @notModified = 1 THEN last_modified ELSE @lastModified END,
                      first_polled_utc = COALESCE(first_polled_utc, @at),
                      last_poll_utc = @at, last_success_utc = @at, consecutive_failures = 0, failing_since_utc = NULL,
                      backoff_until_utc = NULL, next_poll_utc = @next, stale = @stale,
                      last_new_item_utc = CASE WHEN @hadNew = 1 THEN @at ELSE COALESCE(last_new_item_utc, @at) END,
                      url = COALESCE(@newUrl, url), lease_owner = NULL
                  WHERE id = @id;
                  """
                : """
                  UPDATE feeds SET
                      last_poll_utc = @at, last_error_utc = @at, last_error = @error,
                      consecutive_failures = consecutive_failures + 1, failing_since_utc = COALESCE(failing_since_utc, @at),
                      backoff_until_utc = @backoff, next_poll_utc = @next,
                      active = CASE WHEN @deactivate = 1 THEN 0 ELSE active END,
                      deactivated_reason = CASE WHEN @deactivate = 1 THEN @error ELSE deactivated_reason END,
                      url = COALESCE(@newUrl, url), lease_owner = NULL
                  WHERE id = @id;
                  """);
            cmd.Add("@id", r.FeedId);
            cmd.Add("@at", r.AtUtc.ToUnixTimeMilliseconds());
            cmd.Add("@notModified", r.NotModified ? 1 : 0);
            cmd.Add("@etag", (object?)r.ETag ?? DBNull.Value);
            cmd.Add("@lastModified", (object?)r.LastModified ?? DBNull.Value);
            cmd.Add("@next", r.NextPollUtc.ToUnixTimeMilliseconds());
            cmd.Add("@stale", r.Stale ? 1 : 0);
            cmd.Add("@hadNew", r.HadNewItems ? 1 : 0);
            cmd.Add("@newUrl", (object?)r.NewUrl?.AbsoluteUri ?? DBNull.Value);
            cmd.Add("@error", (object?)r.Error ?? DBNull.Value);
            cmd.AddLong("@backoff", r.BackoffUntilUtc?.ToUnixTimeMilliseconds());
            cmd.Add("@deactivate", r.Deactivate ? 1 : 0);
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
        finally { ReleaseWrite(); }
    }

    public Task MakeAllDueAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync("UPDATE feeds SET next_poll_utc = @now WHERE active = 1 AND next_poll_utc > @now;", cancellationToken, ("@now", now.ToUnixTimeMilliseconds()));

    public async Task<bool> SetFeedActiveAsync(string id, bool active, string? reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        await WriteAsync(active
            ? "UPDATE feeds SET active = 1, deactivated_reason = NULL, consecutive_failures = 0, failing_since_utc = NULL, backoff_until_utc = NULL, stale = 0, next_poll_utc = @now WHERE id = @id AND configured = 1;"
            : "UPDATE feeds SET active = 0, deactivated_reason = @reason WHERE id = @id AND configured = 1;",
            cancellationToken, ("@id", id), ("@now", now.ToUnixTimeMilliseconds()), ("@reason", reason)) > 0;

    private static async Task<IReadOnlyList<FeedState>> ReadFeedsAsync(DbCommand cmd, CancellationToken ct)
    {
        var list = new List<FeedState>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(new FeedState
            {
                Id = reader.GetString(0),
                Name = reader.GetString(1),
                Url = new Uri(reader.GetString(2)),
                Language = reader.GetString(3),
                Interval = TimeSpan.FromSeconds(reader.GetInt64(4)),
                Active = reader.GetInt64(5) == 1,
                DeactivatedReason = NullableString(reader, 6),
                ETag = NullableString(reader, 7),
                LastModified = NullableString(reader, 8),
                FirstPolledUtc = NullableTime(reader, 9),
                LastPollUtc = NullableTime(reader, 10),
                LastSuccessUtc = NullableTime(reader, 11),
                LastErrorUtc = NullableTime(reader, 12),
                LastError = NullableString(reader, 13),
                ConsecutiveFailures = (int)reader.GetInt64(14),
                FailingSinceUtc = NullableTime(reader, 15),
                BackoffUntilUtc = NullableTime(reader, 16),
                NextPollUtc = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(17)),
                LastNewItemUtc = NullableTime(reader, 18),
                Stale = reader.GetInt64(19) == 1,
                Origin = reader.GetString(20),
                AddedBy = NullableString(reader, 21),
            });
        }
        return list;
    }

    // ---- items, stories, alerts ----

    public async Task<IReadOnlyList<NewsItem>> FilterNewAsync(string feedId, IReadOnlyList<NewsItem> items, TimeSpan titleWindow, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var fresh = new List<NewsItem>();
        var batchKeys = new HashSet<string>(StringComparer.Ordinal);
        await using var connection = await OpenAsync(cancellationToken);
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

    public async Task<IReadOnlyList<StoryState>> GetRecentStoriesAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = Command(connection, null, "SELECT payload FROM stories WHERE last_report_utc >= @since ORDER BY last_report_utc;");
        cmd.Add("@since", since.ToUnixTimeMilliseconds());
        var list = new List<StoryState>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) list.Add(StoreJson.Deserialize<StoryState>(reader.GetString(0)));
        return list;
    }

    public async Task<StoryState?> GetStoryAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = Command(connection, null, "SELECT payload FROM stories WHERE id = @id;");
        cmd.Add("@id", id);
        return await cmd.ExecuteScalarAsync(cancellationToken) is string payload ? StoreJson.Deserialize<StoryState>(payload) : null;
    }

    public async Task<IReadOnlyList<Alert>> CommitAsync(ItemBatch batch, CancellationToken cancellationToken)
    {
        var created = new List<Alert>();
        await WaitWriteAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
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
                        UPDATE alerts SET payload = {_dialect.SetJsonSources("payload", "@sources")} WHERE id = @first;
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
                    await InsertDeliveriesAsync(connection, tx, alert.Id, p.Deliveries, now, cancellationToken);
                    created.Add(alert);
                }
            }
            await tx.CommitAsync(cancellationToken);
        }
        finally { ReleaseWrite(); }
        return created;
    }

    private static async Task InsertDeliveriesAsync(DbConnection connection, DbTransaction tx, string alertId, IReadOnlyList<RoutedDelivery> deliveries, long now, CancellationToken ct)
    {
        foreach (var delivery in deliveries)
        {
            await using var cmd = Command(connection, tx, "INSERT INTO deliveries(alert_id, destination, next_attempt_utc, created_utc, kind) VALUES (@alert, @dest, @next, @now, @kind) ON CONFLICT DO NOTHING;");
            cmd.Add("@alert", alertId);
            cmd.Add("@dest", delivery.Destination.Key);
            cmd.Add("@next", delivery.NotBeforeUtc?.ToUnixTimeMilliseconds() ?? now);
            cmd.Add("@now", now);
            cmd.Add("@kind", delivery.Digest ? "digest" : "alert");
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    public Task<int> PruneAsync(DateTimeOffset seenBefore, DateTimeOffset deliveredBefore, CancellationToken cancellationToken) =>
        WriteAsync("""
            DELETE FROM seen_items WHERE seen_utc < @seen;
            DELETE FROM deliveries WHERE status <> 'pending' AND completed_utc < @delivered;
            """, cancellationToken, ("@seen", seenBefore.ToUnixTimeMilliseconds()), ("@delivered", deliveredBefore.ToUnixTimeMilliseconds()));

    public async Task<Alert?> GetAlertAsync(string id, CancellationToken cancellationToken)
    {
        var alerts = await QueryAlertsAsync("SELECT payload FROM alerts WHERE id = @p;", id, cancellationToken);
        return alerts.Count > 0 ? alerts[0] : null;
    }

    public Task<IReadOnlyList<Alert>> GetRecentAlertsAsync(DateTimeOffset since, int limit, CancellationToken cancellationToken) =>
        QueryAlertsAsync($"SELECT payload FROM alerts WHERE created_utc >= @p ORDER BY created_utc DESC, id DESC LIMIT {Math.Clamp(limit, 1, 10_000)};", since.ToUnixTimeMilliseconds(), cancellationToken);

    public Task<IReadOnlyList<Alert>> GetStoryAlertsAsync(string storyId, CancellationToken cancellationToken) =>
        QueryAlertsAsync("SELECT payload FROM alerts WHERE story_id = @p ORDER BY created_utc, id;", storyId, cancellationToken);

    public async Task<int> CountAlertsSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = Command(connection, null, "SELECT COUNT(*) FROM alerts WHERE created_utc >= @since;");
        cmd.Add("@since", since.ToUnixTimeMilliseconds());
        return (int)Convert.ToInt64(await cmd.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private async Task<IReadOnlyList<Alert>> QueryAlertsAsync(string sql, object parameter, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = Command(connection, null, sql);
        cmd.Add("@p", parameter);
        var list = new List<Alert>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) list.Add(StoreJson.Deserialize<Alert>(reader.GetString(0)));
        return list;
    }

    // ---- outbox ----

    public async Task<IReadOnlyList<PendingDelivery>> ClaimDueDeliveriesAsync(string owner, Destination? destination, DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken)
    {
        await WaitWriteAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            // Deliveries to paused or disabled destinations end here, with the reason.
            await using (var skip = Command(connection, tx, """
                UPDATE deliveries SET status = 'failed', completed_utc = @now,
                    last_error = (SELECT 'destination ' || x.status || COALESCE(': ' || x.reason, '') FROM destinations x WHERE x.key = deliveries.destination)
                WHERE status = 'pending' AND next_attempt_utc <= @now AND (@dest = '' OR destination = @dest)
                  AND destination IN (SELECT key FROM destinations WHERE status <> 'active');
                """))
            {
                skip.Add("@now", now.ToUnixTimeMilliseconds());
                skip.Add("@dest", destination?.Key ?? "");
                await skip.ExecuteNonQueryAsync(cancellationToken);
            }
            var ids = new Dictionary<long, long>();
            await using (var claim = Command(connection, tx, $"""
                UPDATE deliveries SET lease_owner = @owner, lease_until_utc = @lease, lease_version = lease_version + 1
                WHERE id IN (SELECT id FROM deliveries
                             WHERE status = 'pending' AND next_attempt_utc <= @now AND {LeaseIsFree}
                               AND (@dest = '' OR destination = @dest)
                             ORDER BY id LIMIT @limit {_dialect.SkipLocked})
                RETURNING id, lease_version;
                """))
            {
                claim.Add("@owner", owner);
                claim.Add("@lease", leaseUntil.ToUnixTimeMilliseconds());
                claim.Add("@now", now.ToUnixTimeMilliseconds());
                claim.Add("@dest", destination?.Key ?? "");
                claim.Add("@limit", limit);
                await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken)) ids[reader.GetInt64(0)] = reader.GetInt64(1);
            }
            var result = new List<PendingDelivery>(ids.Count);
            if (ids.Count > 0)
            {
                await using var cmd = Command(connection, tx, $"""
                    SELECT d.id, d.destination, a.payload, d.attempts, d.kind,
                           (SELECT d2.message_id FROM deliveries d2 JOIN alerts a2 ON a2.id = d2.alert_id
                            WHERE a2.story_id = a.story_id AND d2.destination = d.destination AND d2.status = 'sent'
                              AND d2.message_id IS NOT NULL AND d2.id <> d.id
                            ORDER BY d2.id LIMIT 1)
                    FROM deliveries d JOIN alerts a ON a.id = d.alert_id
                    WHERE d.id IN ({string.Join(',', ids.Keys)}) ORDER BY d.id;
                    """);
                await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                    result.Add(new PendingDelivery(reader.GetInt64(0), new Destination(reader.GetString(1)),
                        StoreJson.Deserialize<Alert>(reader.GetString(2)), (int)reader.GetInt64(3), NullableString(reader, 5), reader.GetString(4) == "digest",
                        owner, ids[reader.GetInt64(0)]));
            }
            await tx.CommitAsync(cancellationToken);
            return result;
        }
        finally { ReleaseWrite(); }
    }

    public async Task<bool> CompleteDeliveryAsync(PendingDelivery claim, DeliveryResult result, DateTimeOffset now, DateTimeOffset? nextAttemptUtc, CancellationToken cancellationToken)
    {
        await WaitWriteAsync(cancellationToken);
        try
        {
            long deliveryId = claim.Id;
            await using var connection = await OpenAsync(cancellationToken);
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            await using (var cmd = Command(connection, tx, """
                UPDATE deliveries SET status = @status, attempts = attempts + 1, last_error = @error,
                    message_id = COALESCE(@message, message_id), next_attempt_utc = COALESCE(@next, next_attempt_utc),
                    completed_utc = CASE WHEN @status = 'pending' THEN NULL ELSE @now END,
                    lease_owner = NULL, lease_until_utc = NULL
                WHERE id = @id AND status = 'pending' AND lease_owner = @owner AND lease_version = @version;
                """))
            {
                cmd.Add("@id", deliveryId);
                cmd.Add("@owner", claim.LeaseOwner);
                cmd.Add("@version", claim.LeaseVersion);
                cmd.Add("@status", result.Outcome switch { DeliveryOutcome.Sent => "sent", DeliveryOutcome.Failed => "failed", _ => "pending" });
                cmd.Add("@error", (object?)result.Error ?? DBNull.Value);
                cmd.Add("@message", (object?)result.MessageId ?? DBNull.Value);
                cmd.AddLong("@next", nextAttemptUtc?.ToUnixTimeMilliseconds());
                cmd.Add("@now", now.ToUnixTimeMilliseconds());
                if (await cmd.ExecuteNonQueryAsync(cancellationToken) == 0) return false; // the claim passed to another owner
            }
            if (result.MovedTo is { } moved)
            {
                // The chat moved (Telegram group → supergroup): resend this one there, re-target the
                // rest, carry the settings over, and retire the old id.
                await using var cmd = Command(connection, tx, """
                    INSERT INTO deliveries(alert_id, destination, next_attempt_utc, created_utc, kind)
                    SELECT alert_id, @to, @now, @now, kind FROM deliveries WHERE id = @id ON CONFLICT DO NOTHING;
                    UPDATE deliveries SET destination = @to
                    WHERE destination = (SELECT d.destination FROM deliveries d WHERE d.id = @id) AND status = 'pending'
                      AND NOT EXISTS (SELECT 1 FROM deliveries d2 WHERE d2.alert_id = deliveries.alert_id AND d2.destination = @to);
                    INSERT INTO destinations(key, status, reason, settings, updated_utc)
                    SELECT @to, 'active', NULL, settings, @now FROM destinations WHERE key = (SELECT destination FROM deliveries WHERE id = @id)
                    ON CONFLICT(key) DO UPDATE SET settings = COALESCE(destinations.settings, excluded.settings), updated_utc = excluded.updated_utc;
                    INSERT INTO destinations(key, status, reason, updated_utc) VALUES ((SELECT destination FROM deliveries WHERE id = @id), 'disabled', 'moved to ' || @to, @now)
                    ON CONFLICT(key) DO UPDATE SET status = 'disabled', reason = excluded.reason, updated_utc = excluded.updated_utc;
                    """);
                cmd.Add("@id", deliveryId);
                cmd.Add("@to", moved.Key);
                cmd.Add("@now", now.ToUnixTimeMilliseconds());
                await cmd.ExecuteNonQueryAsync(cancellationToken);
            }
            if (result.DestinationState is { } state and not DestinationStatus.Active)
            {
                await using var cmd = Command(connection, tx, """
                    INSERT INTO destinations(key, status, reason, updated_utc) VALUES ((SELECT destination FROM deliveries WHERE id = @id), @status, @reason, @now)
                    ON CONFLICT(key) DO UPDATE SET status = excluded.status, reason = excluded.reason, updated_utc = excluded.updated_utc;
                    """);
                cmd.Add("@id", deliveryId);
                cmd.Add("@status", state == DestinationStatus.Paused ? "paused" : "disabled");
                cmd.Add("@reason", (object?)result.Error ?? DBNull.Value);
                cmd.Add("@now", now.ToUnixTimeMilliseconds());
                await cmd.ExecuteNonQueryAsync(cancellationToken);
            }
            await tx.CommitAsync(cancellationToken);
            return true;
        }
        finally { ReleaseWrite(); }
    }

    public async Task<int> CountPendingDeliveriesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return (int)Convert.ToInt64(await ScalarAsync(connection, null, "SELECT COUNT(*) FROM deliveries WHERE status = 'pending';", cancellationToken), CultureInfo.InvariantCulture);
    }

    public async Task EnqueueAsync(string alertId, IReadOnlyList<RoutedDelivery> deliveries, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await WaitWriteAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            await InsertDeliveriesAsync(connection, tx, alertId, deliveries, now.ToUnixTimeMilliseconds(), cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
        finally { ReleaseWrite(); }
    }

    // ---- key-values ----

    public async Task<string?> GetValueAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = Command(connection, null, "SELECT value FROM kv WHERE key = @key;");
        cmd.Add("@key", key);
        return (string?)await cmd.ExecuteScalarAsync(cancellationToken);
    }

    public Task SetValueAsync(string key, string value, CancellationToken cancellationToken) =>
        WriteAsync("INSERT INTO kv(key, value) VALUES (@key, @value) ON CONFLICT(key) DO UPDATE SET value = excluded.value;",
            cancellationToken, ("@key", key), ("@value", value));

    // ---- destinations ----

    public async Task<DestinationRecord?> GetDestinationAsync(Destination destination, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = Command(connection, null, "SELECT key, status, reason, settings, updated_utc FROM destinations WHERE key = @key;");
        cmd.Add("@key", destination.Key);
        var list = await ReadDestinationsAsync(cmd, cancellationToken);
        return list.Count > 0 ? list[0] : null;
    }

    public async Task<IReadOnlyList<DestinationRecord>> GetDestinationsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = Command(connection, null, "SELECT key, status, reason, settings, updated_utc FROM destinations ORDER BY key;");
        return await ReadDestinationsAsync(cmd, cancellationToken);
    }

    public Task SetDestinationStatusAsync(Destination destination, DestinationStatus status, string? reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync("""
            INSERT INTO destinations(key, status, reason, updated_utc) VALUES (@key, @status, @reason, @now)
            ON CONFLICT(key) DO UPDATE SET status = excluded.status, reason = excluded.reason, updated_utc = excluded.updated_utc;
            """, cancellationToken, ("@key", destination.Key), ("@status", status.ToString().ToLowerInvariant()), ("@reason", reason), ("@now", now.ToUnixTimeMilliseconds()));

    public Task SaveChannelSettingsAsync(Destination destination, ChannelSettings settings, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync("""
            INSERT INTO destinations(key, status, settings, updated_utc) VALUES (@key, 'active', @settings, @now)
            ON CONFLICT(key) DO UPDATE SET settings = excluded.settings, updated_utc = excluded.updated_utc;
            """, cancellationToken, ("@key", destination.Key), ("@settings", StoreJson.Serialize(settings)), ("@now", now.ToUnixTimeMilliseconds()));

    public Task MoveDestinationAsync(Destination from, Destination to, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync("""
            INSERT INTO destinations(key, status, settings, updated_utc) SELECT @to, 'active', settings, @now FROM destinations WHERE key = @from
            ON CONFLICT(key) DO UPDATE SET settings = COALESCE(destinations.settings, excluded.settings), updated_utc = excluded.updated_utc;
            INSERT INTO destinations(key, status, reason, updated_utc) VALUES (@from, 'disabled', 'moved to ' || @to, @now)
            ON CONFLICT(key) DO UPDATE SET status = 'disabled', reason = excluded.reason, updated_utc = excluded.updated_utc;
            UPDATE deliveries SET destination = @to WHERE destination = @from AND status = 'pending'
              AND NOT EXISTS (SELECT 1 FROM deliveries d2 WHERE d2.alert_id = deliveries.alert_id AND d2.destination = @to);
            """, cancellationToken, ("@from", from.Key), ("@to", to.Key), ("@now", now.ToUnixTimeMilliseconds()));

    private static async Task<IReadOnlyList<DestinationRecord>> ReadDestinationsAsync(DbCommand cmd, CancellationToken ct)
    {
        var list = new List<DestinationRecord>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var status = reader.GetString(1) switch { "paused" => DestinationStatus.Paused, "disabled" => DestinationStatus.Disabled, _ => DestinationStatus.Active };
            list.Add(new DestinationRecord(new Destination(reader.GetString(0)), status, NullableString(reader, 2),
                reader.IsDBNull(3) ? null : StoreJson.Deserialize<ChannelSettings>(reader.GetString(3)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4))));
        }
        return list;
    }

    // ---- subscriptions ----

    public async Task<bool> AddSubscriptionAsync(Subscription s, CancellationToken cancellationToken) =>
        await WriteAsync("""
            INSERT INTO subscriptions(platform, user_id, destination, keyword, match_key, place_id, min_severity, created_utc)
            VALUES (@platform, @user, @dest, @keyword, @key, @place, @min, @now) ON CONFLICT DO NOTHING;
            """, cancellationToken, ("@platform", s.Platform), ("@user", s.UserId), ("@dest", s.Destination.Key), ("@keyword", s.Keyword),
            ("@key", s.MatchKey), ("@place", s.PlaceId), ("@min", s.MinSeverity), ("@now", s.CreatedUtc.ToUnixTimeMilliseconds())) > 0;

    public Task<int> RemoveSubscriptionsAsync(string platform, string userId, string? matchKey, CancellationToken cancellationToken) =>
        matchKey is null
            ? WriteAsync("DELETE FROM subscriptions WHERE platform = @platform AND user_id = @user;", cancellationToken, ("@platform", platform), ("@user", userId))
            : WriteAsync("DELETE FROM subscriptions WHERE platform = @platform AND user_id = @user AND match_key = @key;", cancellationToken, ("@platform", platform), ("@user", userId), ("@key", matchKey));

    public async Task<IReadOnlyList<Subscription>> GetSubscriptionsAsync(string platform, string userId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = Command(connection, null, $"SELECT {SubscriptionColumns} FROM subscriptions WHERE platform = @platform AND user_id = @user ORDER BY id;");
        cmd.Add("@platform", platform);
        cmd.Add("@user", userId);
        return await ReadSubscriptionsAsync(cmd, cancellationToken);
    }

    public async Task<IReadOnlyList<Subscription>> GetAllSubscriptionsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = Command(connection, null, $"SELECT {SubscriptionColumns} FROM subscriptions ORDER BY id;");
        return await ReadSubscriptionsAsync(cmd, cancellationToken);
    }

    private const string SubscriptionColumns = "id, platform, user_id, destination, keyword, match_key, place_id, min_severity, created_utc";

    private static async Task<IReadOnlyList<Subscription>> ReadSubscriptionsAsync(DbCommand cmd, CancellationToken ct)
    {
        var list = new List<Subscription>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            list.Add(new Subscription
            {
                Id = reader.GetInt64(0),
                Platform = reader.GetString(1),
                UserId = reader.GetString(2),
                Destination = new Destination(reader.GetString(3)),
                Keyword = reader.GetString(4),
                MatchKey = reader.GetString(5),
                PlaceId = NullableString(reader, 6),
                MinSeverity = (int)reader.GetInt64(7),
                CreatedUtc = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
            });
        return list;
    }

    private async Task<int> WriteAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await WaitWriteAsync(ct);
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var cmd = Command(connection, null, sql);
            foreach (var (name, value) in parameters) cmd.Add(name, value ?? DBNull.Value);
            return await cmd.ExecuteNonQueryAsync(ct);
        }
        finally { ReleaseWrite(); }
    }

    // ---- helpers ----

    private static DbCommand Command(DbConnection connection, DbTransaction? tx, string sql)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        return cmd;
    }

    private static async Task ExecAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = Command(connection, tx, sql);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = Command(connection, tx, sql);
        return await cmd.ExecuteScalarAsync(ct);
    }

    private static string? NullableString(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
    private static DateTimeOffset? NullableTime(DbDataReader r, int i) => r.IsDBNull(i) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(i));
}
