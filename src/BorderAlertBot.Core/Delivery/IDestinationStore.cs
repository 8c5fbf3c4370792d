namespace BorderAlertBot.Core.Delivery;

/// <summary>Destinations: paused or disabled ones, and channels registered or tuned with /settings.</summary>
public interface IDestinationStore
{
    Task<DestinationRecord?> GetDestinationAsync(Destination destination, CancellationToken cancellationToken);
    Task SetDestinationStatusAsync(Destination destination, DestinationStatus status, string? reason, DateTimeOffset now, CancellationToken cancellationToken);
    Task SaveChannelSettingsAsync(Destination destination, ChannelSettings settings, DateTimeOffset now, CancellationToken cancellationToken);
    /// <summary>Every destination that has a state or settings.</summary>
    Task<IReadOnlyList<DestinationRecord>> GetDestinationsAsync(CancellationToken cancellationToken);
    /// <summary>A chat changed id (group → supergroup): settings move, pending deliveries are re-targeted.</summary>
    Task MoveDestinationAsync(Destination from, Destination to, DateTimeOffset now, CancellationToken cancellationToken);
}
