namespace BorderAlertBot.Core.Delivery;

/// <summary>Personal subscriptions, by the platform user who made them.</summary>
public interface ISubscriptionStore
{
    /// <summary>False when the user already has a subscription with that key.</summary>
    Task<bool> AddSubscriptionAsync(Subscription subscription, CancellationToken cancellationToken);
    Task<int> RemoveSubscriptionsAsync(string platform, string userId, string? matchKey, CancellationToken cancellationToken);
    Task<IReadOnlyList<Subscription>> GetSubscriptionsAsync(string platform, string userId, CancellationToken cancellationToken);
    Task<IReadOnlyList<Subscription>> GetAllSubscriptionsAsync(CancellationToken cancellationToken);
}
