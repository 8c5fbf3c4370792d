namespace BorderAlertBot.Core.Storage;

/// <summary>Small named values that outlive a process (names in <see cref="StoredKeys"/> and the adapters' own).</summary>
public interface ISettingsStore
{
    Task<string?> GetValueAsync(string key, CancellationToken cancellationToken);
    Task SetValueAsync(string key, string value, CancellationToken cancellationToken);

    /// <summary>
    /// Sets <paramref name="key"/> to <paramref name="value"/> only when it is absent or holds a value that
    /// sorts before it (ordinal), in one statement: true when this call set it. Two processes advancing one
    /// key to the same value at once: exactly one gets true (a claim, e.g. of a week's digest).
    /// </summary>
    Task<bool> TryAdvanceValueAsync(string key, string value, CancellationToken cancellationToken);
}
