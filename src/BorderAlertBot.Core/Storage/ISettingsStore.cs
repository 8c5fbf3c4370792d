namespace BorderAlertBot.Core.Storage;

/// <summary>Small named values that outlive a process (names in <see cref="StoredKeys"/> and the adapters' own).</summary>
public interface ISettingsStore
{
    Task<string?> GetValueAsync(string key, CancellationToken cancellationToken);
    Task SetValueAsync(string key, string value, CancellationToken cancellationToken);
}
