using BorderAlertBot.Core.Retention;
using BorderAlertBot.Feeds.Polling;
using Microsoft.Extensions.Configuration;

namespace BorderAlertBot.Configuration;

/// <summary>
/// Round 1 kept its retention under BorderAlert:Polling (SeenRetention, DeliveryRetention); a configuration
/// that still sets them keeps its meaning unless the BorderAlert:Retention key that replaced each is set.
/// </summary>
public static class LegacyRetentionKeys
{
    public static void Apply(RetentionOptions options, IConfiguration configuration)
    {
        var polling = configuration.GetSection(PollingOptions.Section);
        var retention = configuration.GetSection(RetentionOptions.Section);
        if (retention[nameof(RetentionOptions.ItemHorizon)] is null && polling.GetValue<TimeSpan?>(nameof(PollingOptions.SeenRetention)) is { } seen)
            options.ItemHorizon = seen;
        if (retention[nameof(RetentionOptions.Deliveries)] is null && polling.GetValue<TimeSpan?>(nameof(PollingOptions.DeliveryRetention)) is { } delivered)
            options.Deliveries = delivered;
    }
}
