using System.Data.Common;
using System.Globalization;
using BorderAlertBot.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace BorderAlertBot.Storage.Sqlite;

internal sealed class SqliteDialect : StoreDialect
{
    private readonly string _connectionString;
    private readonly string _dataSource;

    public SqliteDialect(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = true, ForeignKeys = false, DefaultTimeout = 30 };
        if (builder.DataSource.Length == 0) throw new ArgumentException("The SQLite connection string has no Data Source.");
        _connectionString = builder.ToString();
        _dataSource = builder.DataSource;
    }

    public override IReadOnlyList<string> Migrations => SqliteSchema.Migrations;
    public override bool SerializeWrites => true;
    public override string SkipLocked => "";   // SQLite has one writer: a claim is already exclusive.

    public override string SetJsonSources(string column, string parameter) => $"json_set({column}, '$.sources', json({parameter}))";

    public override Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (!_dataSource.Equals(":memory:", StringComparison.Ordinal) && !_dataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            string? dir = Path.GetDirectoryName(Path.GetFullPath(_dataSource));
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        }
        return Task.CompletedTask;
    }

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    /// <summary>
    /// Incremental auto-vacuum, so pruning can shrink the file: a file created without it (a new one, or one
    /// made by an earlier release) is switched by one VACUUM, done here once, at the start after the upgrade
    /// (it rewrites the file; the busy timeout lets other processes wait for it).
    /// </summary>
    public override async Task BeforeMigrationsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA auto_vacuum;";
        if (Convert.ToInt64(await cmd.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == IncrementalVacuum) return;
        // In WAL mode even an empty file needs the VACUUM for the mode to hold (on an empty file it is instant).
        cmd.CommandText = "PRAGMA auto_vacuum = INCREMENTAL; VACUUM;";
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    private const long IncrementalVacuum = 2;

    /// <summary>Frees the pages pruning emptied, then checkpoints the WAL into the file and truncates both.</summary>
    public override async Task CompactAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA incremental_vacuum;";
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        cmd.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// SQLite's own write lock cannot span the story reads and the commit (they run on other connections,
    /// which would then wait on it), so the processes of this one host take an exclusive lock on a file
    /// beside the database instead; the operating system releases it when its holder dies.
    /// </summary>
    public override async Task<IAsyncDisposable> AcquireStoryLockAsync(CancellationToken cancellationToken)
    {
        await _storyLock.WaitAsync(cancellationToken);
        if (_dataSource.Equals(":memory:", StringComparison.Ordinal) || _dataSource.StartsWith("file:", StringComparison.Ordinal))
            return new HeldLock(_storyLock, null);
        try
        {
            string path = Path.GetFullPath(_dataSource) + ".stories.lock";
            while (true)
            {
                try
                {
                    return new HeldLock(_storyLock, new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
                }
                catch (IOException)
                {
                    await Task.Delay(20, cancellationToken); // another process holds it: its commit takes milliseconds
                }
            }
        }
        catch
        {
            _storyLock.Release();
            throw;
        }
    }

    private readonly SemaphoreSlim _storyLock = new(1, 1);

    private sealed class HeldLock(SemaphoreSlim local, FileStream? file) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (file is not null) await file.DisposeAsync();
            local.Release();
        }
    }

    public override async Task<long> GetVersionAsync(DbConnection connection, DbTransaction tx, CancellationToken cancellationToken)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "PRAGMA user_version;";
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public override async Task SetVersionAsync(DbConnection connection, DbTransaction tx, long version, CancellationToken cancellationToken)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"PRAGMA user_version = {version};";
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _storyLock.Dispose();
        base.Dispose();
    }
}
