using System.Data.Common;
using System.Globalization;
using BorderAlertBot.Core.Feeds;
using static BorderAlertBot.Storage.Sql.SqlDatabase;

namespace BorderAlertBot.Storage.Sql;

/// <summary>Feeds and their polling state; a claim of due feeds is a lease on next_poll_utc.</summary>
public sealed class SqlFeedStore(SqlDatabase db) : IFeedStore
{
    public async Task SyncFeedsAsync(string origin, IReadOnlyList<FeedDefinition> feeds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var writeLock = await db.LockForWriteAsync(cancellationToken);
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var listed = new List<string>();
        foreach (var feed in feeds)
        {
            // A feed that had left the set (removed from its file, or stranded by an older version that
            // let any other feeds file switch it off) comes back active; one a person removed does not.
            // Paused and given-up feeds keep their state; a chat-added feed is not taken over by a file.
            await using var cmd = Command(connection, tx, """
                INSERT INTO feeds(id, name, url, language, interval_seconds, configured, active, next_poll_utc, origin, region)
                VALUES (@id, @name, @url, @lang, @interval, 1, 1, @now, @origin, @region)
                ON CONFLICT(id) DO UPDATE SET name = excluded.name, language = excluded.language, region = excluded.region,
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
            cmd.Add("@region", (object?)feed.Region ?? DBNull.Value);
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

    public async Task<bool> AddFeedAsync(FeedDefinition feed, string origin, string addedBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var writeLock = await db.LockForWriteAsync(cancellationToken);
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await using (var taken = Command(connection, tx, "SELECT COUNT(*) FROM feeds WHERE configured = 1 AND (id = @id OR url = @url);"))
        {
            taken.Add("@id", feed.Id);
            taken.Add("@url", feed.Url.AbsoluteUri);
            if (Convert.ToInt64(await taken.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0) return false;
        }
        // A feed removed earlier under this id comes back with its seen items (no re-alerting) and a clean health record.
        await using var cmd = Command(connection, tx, """
            INSERT INTO feeds(id, name, url, language, interval_seconds, configured, active, next_poll_utc, origin, added_by, region)
            VALUES (@id, @name, @url, @lang, @interval, 1, 1, @now, @origin, @addedBy, @region)
            ON CONFLICT(id) DO UPDATE SET name = excluded.name, url = excluded.url, language = excluded.language, region = excluded.region,
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
        cmd.Add("@region", (object?)feed.Region ?? DBNull.Value);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> RemoveFeedAsync(string id, string removedBy, CancellationToken cancellationToken) =>
        await db.WriteAsync("UPDATE feeds SET configured = 0, active = 0, removed_by = @by, deactivated_reason = @reason WHERE id = @id AND configured = 1;",
            cancellationToken, ("@id", id), ("@by", removedBy), ("@reason", "removed by " + removedBy)) > 0;

    private const string FeedColumns = """
        id, name, url, language, interval_seconds, active, deactivated_reason, etag, last_modified, first_polled_utc,
        last_poll_utc, last_success_utc, last_error_utc, last_error, consecutive_failures, failing_since_utc,
        backoff_until_utc, next_poll_utc, last_new_item_utc, stale, origin, added_by, region
        """;

    public async Task<IReadOnlyList<FeedState>> GetFeedsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var cmd = Command(connection, null, $"SELECT {FeedColumns} FROM feeds WHERE configured = 1 ORDER BY id;");
        return await ReadFeedsAsync(cmd, cancellationToken);
    }

    public async Task<FeedState?> GetFeedAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var cmd = Command(connection, null, $"SELECT {FeedColumns} FROM feeds WHERE id = @id;");
        cmd.Add("@id", id);
        var feeds = await ReadFeedsAsync(cmd, cancellationToken);
        return feeds.Count > 0 ? feeds[0] : null;
    }

    public async Task<IReadOnlyList<FeedState>> ClaimDueFeedsAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken)
    {
        using var writeLock = await db.LockForWriteAsync(cancellationToken);
        await using var connection = await db.OpenAsync(cancellationToken);
        // Due, or claimed by an instance whose heartbeat expired (its poll pass died with it).
        await using var cmd = Command(connection, null, $"""
            UPDATE feeds SET next_poll_utc = @lease, lease_owner = @owner
            WHERE id IN (SELECT id FROM feeds WHERE active = 1 AND configured = 1
                           AND (next_poll_utc <= @now OR lease_owner IN (SELECT i.id FROM instances i WHERE i.expires_utc < @now))
                         ORDER BY next_poll_utc LIMIT @limit {db.Dialect.SkipLocked})
            RETURNING {FeedColumns};
            """);
        cmd.Add("@now", now.ToUnixTimeMilliseconds());
        cmd.Add("@lease", leaseUntil.ToUnixTimeMilliseconds());
        cmd.Add("@owner", owner);
        cmd.Add("@limit", limit);
        return await ReadFeedsAsync(cmd, cancellationToken);
    }

    public Task<int> ExtendFeedLeasesAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        db.WriteAsync("UPDATE feeds SET next_poll_utc = @lease WHERE lease_owner = @owner AND next_poll_utc < @lease;",
            cancellationToken, ("@owner", owner), ("@lease", leaseUntil.ToUnixTimeMilliseconds()));

    public async Task RecordFetchAsync(FetchRecord record, CancellationToken cancellationToken)
    {
        var r = record;
        using var writeLock = await db.LockForWriteAsync(cancellationToken);
        await using var connection = await db.OpenAsync(cancellationToken);
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

    public Task MakeAllDueAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        db.WriteAsync("UPDATE feeds SET next_poll_utc = @now WHERE active = 1 AND next_poll_utc > @now;", cancellationToken, ("@now", now.ToUnixTimeMilliseconds()));

    public async Task<bool> SetFeedActiveAsync(string id, bool active, string? reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.WriteAsync(active
            ? "UPDATE feeds SET active = 1, deactivated_reason = NULL, consecutive_failures = 0, failing_since_utc = NULL, backoff_until_utc = NULL, stale = 0, next_poll_utc = @now WHERE id = @id AND configured = 1;"
            : "UPDATE feeds SET active = 0, deactivated_reason = @reason WHERE id = @id AND configured = 1;",
            cancellationToken, ("@id", id), ("@now", now.ToUnixTimeMilliseconds()), ("@reason", reason)) > 0;

    private static async Task<IReadOnlyList<FeedState>> ReadFeedsAsync(DbCommand cmd, CancellationToken cancellationToken)
    {
        var list = new List<FeedState>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
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
                Region = NullableString(reader, 22),
            });
        }
        return list;
    }
}
