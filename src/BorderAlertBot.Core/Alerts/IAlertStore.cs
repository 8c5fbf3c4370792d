namespace BorderAlertBot.Core.Alerts;

/// <summary>The alerts sent, for the commands that read them back; they are written by the pipeline's commit.</summary>
public interface IAlertStore
{
    Task<Alert?> GetAlertAsync(string id, CancellationToken cancellationToken);
    Task<IReadOnlyList<Alert>> GetRecentAlertsAsync(DateTimeOffset since, int limit, CancellationToken cancellationToken);
    Task<IReadOnlyList<Alert>> GetStoryAlertsAsync(string storyId, CancellationToken cancellationToken);
    Task<int> CountAlertsSinceAsync(DateTimeOffset since, CancellationToken cancellationToken);
}
