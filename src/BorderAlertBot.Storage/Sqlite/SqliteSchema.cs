namespace BorderAlertBot.Storage.Sqlite;

/// <summary>
/// The schema as numbered migrations, applied in order in one transaction each; the applied version
/// is kept in PRAGMA user_version. Times are Unix milliseconds (UTC).
/// </summary>
internal static class SqliteSchema
{
    public static readonly string[] Migrations =
    [
        // 1: feeds, seen items, stories, alerts, outbox, key-values.
        """
        CREATE TABLE feeds(
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            url TEXT NOT NULL,
            language TEXT NOT NULL DEFAULT '',
            interval_seconds INTEGER NOT NULL,
            configured INTEGER NOT NULL DEFAULT 1,
            active INTEGER NOT NULL DEFAULT 1,
            deactivated_reason TEXT,
            etag TEXT,
            last_modified TEXT,
            first_polled_utc INTEGER,
            last_poll_utc INTEGER,
            last_success_utc INTEGER,
            last_error_utc INTEGER,
            last_error TEXT,
            consecutive_failures INTEGER NOT NULL DEFAULT 0,
            failing_since_utc INTEGER,
            backoff_until_utc INTEGER,
            next_poll_utc INTEGER NOT NULL,
            last_new_item_utc INTEGER,
            stale INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX ix_feeds_due ON feeds(next_poll_utc) WHERE active = 1;
        CREATE TABLE seen_items(
            feed_id TEXT NOT NULL,
            item_key TEXT NOT NULL,
            link_key TEXT NOT NULL,
            title_key TEXT NOT NULL,
            seen_utc INTEGER NOT NULL,
            PRIMARY KEY(feed_id, item_key)) WITHOUT ROWID;
        CREATE INDEX ix_seen_link ON seen_items(feed_id, link_key) WHERE link_key <> '';
        CREATE INDEX ix_seen_title ON seen_items(feed_id, title_key, seen_utc) WHERE title_key <> '';
        CREATE TABLE stories(
            id TEXT PRIMARY KEY,
            last_report_utc INTEGER NOT NULL,
            payload TEXT NOT NULL);
        CREATE INDEX ix_stories_recent ON stories(last_report_utc);
        CREATE TABLE alerts(
            id TEXT PRIMARY KEY,
            story_id TEXT NOT NULL,
            created_utc INTEGER NOT NULL,
            severity INTEGER NOT NULL,
            payload TEXT NOT NULL);
        CREATE INDEX ix_alerts_created ON alerts(created_utc);
        CREATE INDEX ix_alerts_story ON alerts(story_id);
        CREATE TABLE deliveries(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            alert_id TEXT NOT NULL REFERENCES alerts(id),
            destination TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending',
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_utc INTEGER NOT NULL,
            lease_owner TEXT,
            lease_until_utc INTEGER,
            last_error TEXT,
            message_id TEXT,
            created_utc INTEGER NOT NULL,
            completed_utc INTEGER,
            UNIQUE(alert_id, destination));
        CREATE INDEX ix_deliveries_due ON deliveries(next_attempt_utc) WHERE status = 'pending';
        CREATE INDEX ix_deliveries_destination ON deliveries(destination, status);
        CREATE TABLE kv(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """,
        // 2: destinations (state and channel settings), subscriptions, digest deliveries.
        """
        CREATE TABLE destinations(
            key TEXT PRIMARY KEY,
            status TEXT NOT NULL DEFAULT 'active',
            reason TEXT,
            settings TEXT,
            updated_utc INTEGER NOT NULL);
        CREATE TABLE subscriptions(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            platform TEXT NOT NULL,
            user_id TEXT NOT NULL,
            destination TEXT NOT NULL,
            keyword TEXT NOT NULL,
            match_key TEXT NOT NULL,
            place_id TEXT,
            min_severity INTEGER NOT NULL DEFAULT 1,
            created_utc INTEGER NOT NULL,
            UNIQUE(platform, user_id, match_key));
        ALTER TABLE deliveries ADD COLUMN kind TEXT NOT NULL DEFAULT 'alert';
        """,
        // 3: retention.
        """
        CREATE INDEX ix_seen_time ON seen_items(seen_utc);
        CREATE INDEX ix_deliveries_completed ON deliveries(completed_utc) WHERE status <> 'pending';
        """,
        // 4: where each feed came from (a feeds file by path, chat, an import), who added it, who removed it.
        """
        ALTER TABLE feeds ADD COLUMN origin TEXT NOT NULL DEFAULT '';
        ALTER TABLE feeds ADD COLUMN added_by TEXT;
        ALTER TABLE feeds ADD COLUMN removed_by TEXT;
        """,
        // 5: instances with heartbeats, fencing versions on delivery claims, feed claim owners, named leases.
        """
        CREATE TABLE instances(
            id TEXT PRIMARY KEY,
            host TEXT NOT NULL,
            pid INTEGER NOT NULL,
            started_utc INTEGER NOT NULL,
            heartbeat_utc INTEGER NOT NULL,
            expires_utc INTEGER NOT NULL);
        ALTER TABLE deliveries ADD COLUMN lease_version INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX ix_deliveries_owner ON deliveries(lease_owner) WHERE lease_owner IS NOT NULL;
        ALTER TABLE feeds ADD COLUMN lease_owner TEXT;
        CREATE TABLE leases(
            name TEXT PRIMARY KEY,
            owner TEXT NOT NULL,
            version INTEGER NOT NULL,
            expires_utc INTEGER NOT NULL);
        """,
        // 6: bounded storage. Each seen item's last-listed time (renewed while its feed lists it; existing rows
        // count as listed now, so an upgrade forgets nothing early) and each feed's latest fetch; pruning walks
        // last-listed times, so that index replaces the one on first-seen times.
        """
        ALTER TABLE seen_items ADD COLUMN listed_utc INTEGER NOT NULL DEFAULT 0;
        UPDATE seen_items SET listed_utc = CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER);
        DROP INDEX IF EXISTS ix_seen_time;
        CREATE INDEX ix_seen_listed ON seen_items(listed_utc);
        ALTER TABLE feeds ADD COLUMN window_utc INTEGER;
        """,
        // 7: the region of a regional outlet (a gazetteer area id; the detector reads its "on the border" in it).
        """
        ALTER TABLE feeds ADD COLUMN region TEXT;
        """,
    ];
}
