using BorderAlertBot.Core.Stories;

namespace BorderAlertBot.Storage.Sql;

/// <summary>The database-wide story lock: each dialect takes it its own way (an advisory lock, a lock file).</summary>
public sealed class SqlStoryLock(SqlDatabase db) : IStoryLock
{
    public Task<IAsyncDisposable> AcquireStoryLockAsync(CancellationToken cancellationToken) => db.Dialect.AcquireStoryLockAsync(cancellationToken);
}
