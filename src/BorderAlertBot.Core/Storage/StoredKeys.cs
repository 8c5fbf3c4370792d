namespace BorderAlertBot.Core.Storage;

/// <summary>The names of the values Core keeps in <see cref="ISettingsStore"/>; adapters name their own.</summary>
public static class StoredKeys
{
    /// <summary>When the last poll pass ended (ISO 8601): /status and the health verb read it.</summary>
    public const string LastPollUtc = "last_poll_utc";

    /// <summary>When the store was last pruned (ISO 8601), for /status and the logs.</summary>
    public const string LastPruneUtc = "last_prune_utc";
}
