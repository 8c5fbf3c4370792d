namespace BorderAlertBot.Core.Storage;

/// <summary>
/// Serialises story assignment across every process on the database: reading the recent stories,
/// joining items to them and committing the result happen under this lock, so two instances that
/// receive reports of one event at once make one story, not two.
/// </summary>
public interface IStoryLock
{
    /// <summary>Waits for the lock; disposing the result releases it (a crashed holder releases it too).</summary>
    Task<IAsyncDisposable> AcquireStoryLockAsync(CancellationToken cancellationToken);
}
