using System.Data.Common;

namespace BorderAlertBot.Storage.Sql;

/// <summary>What differs between the databases the store runs on; everything else is shared SQL.</summary>
public abstract class StoreDialect : IDisposable
{
    /// <summary>Numbered migrations, applied in order, each in one transaction.</summary>
    public abstract IReadOnlyList<string> Migrations { get; }

    /// <summary>True when one writer at a time is best (SQLite).</summary>
    public abstract bool SerializeWrites { get; }

    /// <summary>Appended to the sub-select of a claim, so concurrent claimers skip each other's rows.</summary>
    public abstract string SkipLocked { get; }

    /// <summary>An expression replacing the "sources" member of a JSON text column with a JSON text parameter.</summary>
    public abstract string SetJsonSources(string column, string parameter);

    /// <summary>Anything to do before the first connection (create the SQLite file's directory).</summary>
    public virtual Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Database-level settings checked on every start, before the migrations (SQLite's auto-vacuum mode).</summary>
    public virtual Task BeforeMigrationsAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>After a prune: give the freed pages back where the database does not do it itself (PostgreSQL's autovacuum does).</summary>
    public virtual Task CompactAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    public abstract Task<long> GetVersionAsync(DbConnection connection, DbTransaction tx, CancellationToken cancellationToken);

    public abstract Task SetVersionAsync(DbConnection connection, DbTransaction tx, long version, CancellationToken cancellationToken);

    /// <summary>Takes the database-wide story lock (see <see cref="Core.Storage.IStoryLock"/>); disposing releases it.</summary>
    public abstract Task<IAsyncDisposable> AcquireStoryLockAsync(CancellationToken cancellationToken);

    public virtual void Dispose() => GC.SuppressFinalize(this);
}
