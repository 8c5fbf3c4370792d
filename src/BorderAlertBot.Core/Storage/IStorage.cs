using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Core.Feeds;
using BorderAlertBot.Core.Pipeline;
using BorderAlertBot.Core.Retention;
using BorderAlertBot.Core.Stories;

namespace BorderAlertBot.Core.Storage;

/// <summary>
/// The persisted truth as one database with one port per stage. Consumers take the narrow port they use
/// (registered by <see cref="StorageRegistration.AddStoragePorts"/>); only start-up and tools see the whole.
/// </summary>
public interface IStorage
{
    IFeedStore Feeds { get; }
    IItemStore Items { get; }
    IStoryStore Stories { get; }
    IAlertStore Alerts { get; }
    IOutbox Outbox { get; }
    IDestinationStore Destinations { get; }
    ISubscriptionStore Subscriptions { get; }
    ISettingsStore Settings { get; }
    IInstanceStore Instances { get; }
    IStoryLock StoryLock { get; }
    IRetentionStore Retention { get; }

    /// <summary>Creates or migrates the schema.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);
}
