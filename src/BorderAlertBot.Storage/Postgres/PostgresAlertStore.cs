using System.Data.Common;
using System.Globalization;
using BorderAlertBot.Storage.Sql;
using Npgsql;

namespace BorderAlertBot.Storage.Postgres;

/// <summary>
/// The store on PostgreSQL, for several instances sharing one database: claims of due feeds and
/// deliveries take rows with FOR UPDATE SKIP LOCKED, so instances never wait on or take each other's work.
/// </summary>
public sealed class PostgresAlertStore(string connectionString) : SqlAlertStore(new PostgresDialect(connectionString));

internal sealed class PostgresDialect(string connectionString) : StoreDialect
{
    // One data source (connection pool) for the store's lifetime.
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public override IReadOnlyList<string> Migrations => PostgresSchema.Migrations;
    public override bool SerializeWrites => false;
    public override string SkipLocked => "FOR UPDATE SKIP LOCKED";

    public override string SetJsonSources(string column, string parameter) =>
        $"jsonb_set({column}::jsonb, '{{sources}}', CAST({parameter} AS jsonb))::text";

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    public override async Task<long> GetVersionAsync(DbConnection connection, DbTransaction tx, CancellationToken cancellationToken)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        // The advisory lock serialises migrations across instances until this transaction ends.
        cmd.CommandText = "SELECT pg_advisory_xact_lock(7301442); CREATE TABLE IF NOT EXISTS schema_version(version BIGINT NOT NULL);";
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        cmd.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version;";
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public override async Task SetVersionAsync(DbConnection connection, DbTransaction tx, long version, CancellationToken cancellationToken)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = string.Create(CultureInfo.InvariantCulture, $"DELETE FROM schema_version; INSERT INTO schema_version(version) VALUES ({version});");
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// A transaction-scoped advisory lock on a connection of its own, held until disposed: every instance
    /// waits for it in turn, and a crashed holder's lock ends with its connection.
    /// </summary>
    public override async Task<IAsyncDisposable> AcquireStoryLockAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var tx = await connection.BeginTransactionAsync(cancellationToken);
            await using (var cmd = connection.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = $"SELECT pg_advisory_xact_lock({StoryLockKey});";
                await cmd.ExecuteNonQueryAsync(cancellationToken);
            }
            return new HeldLock(connection, tx);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private const long StoryLockKey = 7301443;

    private sealed class HeldLock(NpgsqlConnection connection, NpgsqlTransaction tx) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try { await tx.CommitAsync(); }
            finally
            {
                await tx.DisposeAsync();
                await connection.DisposeAsync();
            }
        }
    }

    public override void Dispose()
    {
        _dataSource.Dispose();
        base.Dispose();
    }
}
