using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Feeds;
using BorderAlertBot.Core.Pipeline;
using BorderAlertBot.Core.Retention;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Core.Stories;
using static BorderAlertBot.Storage.Sql.SqlDatabase;

namespace BorderAlertBot.Storage.Sql;

/// <summary>
/// The store over ADO.NET, one implementation for both databases: the SQL is portable (ON CONFLICT DO
/// NOTHING, RETURNING, partial indexes) and <see cref="StoreDialect"/> supplies what differs (schema,
/// connection set-up, row locking, JSON update). One class per port, all on one <see cref="SqlDatabase"/>.
/// Every write is idempotent by its natural key and claims are leases, so several processes on one
/// database never alert twice.
/// </summary>
public abstract class SqlStorage : IStorage, IDisposable
{
    private readonly SqlDatabase _db;

    protected SqlStorage(StoreDialect dialect)
    {
        _db = new SqlDatabase(dialect);
        Feeds = new SqlFeedStore(_db);
        Items = new SqlItemStore(_db);
        Stories = new SqlStoryStore(_db);
        Alerts = new SqlAlertStore(_db);
        Outbox = new SqlOutbox(_db);
        Destinations = new SqlDestinationStore(_db);
        Subscriptions = new SqlSubscriptionStore(_db);
        Settings = new SqlSettingsStore(_db);
        Instances = new SqlInstanceStore(_db);
        StoryLock = new SqlStoryLock(_db);
        Retention = new SqlRetentionStore(_db);
    }

    public IFeedStore Feeds { get; }
    public IItemStore Items { get; }
    public IStoryStore Stories { get; }
    public IAlertStore Alerts { get; }
    public IOutbox Outbox { get; }
    public IDestinationStore Destinations { get; }
    public ISubscriptionStore Subscriptions { get; }
    public ISettingsStore Settings { get; }
    public IInstanceStore Instances { get; }
    public IStoryLock StoryLock { get; }
    public IRetentionStore Retention { get; }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var dialect = _db.Dialect;
        await dialect.PrepareAsync(cancellationToken);
        await using var connection = await _db.OpenAsync(cancellationToken);
        await dialect.BeforeMigrationsAsync(connection, cancellationToken);
        var migrations = dialect.Migrations;
        for (int v = 0; v < migrations.Count; v++)
        {
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            // Read the version inside the write transaction: another process may be migrating too.
            long current = await dialect.GetVersionAsync(connection, tx, cancellationToken);
            if (current > migrations.Count)
                throw new InvalidOperationException($"The database has schema version {current}, newer than this build knows ({migrations.Count}).");
            if (current > v) { await tx.RollbackAsync(cancellationToken); continue; }
            await ExecAsync(connection, tx, migrations[v], cancellationToken);
            await dialect.SetVersionAsync(connection, tx, v + 1, cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        _db.Dispose();
        GC.SuppressFinalize(this);
    }
}
