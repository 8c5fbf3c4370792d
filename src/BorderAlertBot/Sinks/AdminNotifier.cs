using BorderAlertBot.Core.Delivery;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BorderAlertBot.Sinks;

/// <summary>
/// Admin notices (a feed deactivated or stale) always go to the log on standard error, and also to the
/// configured admin destination through its chat sink. A failure to notify is logged, never thrown.
/// </summary>
public sealed partial class AdminNotifier(IEnumerable<IChatSink> sinks, IOptions<AdminOptions> options, ILogger<AdminNotifier> logger) : IAdminNotifier
{
    public async Task NotifyAsync(string message, CancellationToken cancellationToken)
    {
        LogNotice(logger, message);
        if (options.Value.Destination is not { Length: > 0 } key) return;
        var destination = new Destination(key);
        var sink = sinks.LastOrDefault(s => s.Platform == destination.Platform);
        if (sink is null)
        {
            LogNoSink(logger, key);
            return;
        }
        try
        {
            var result = await sink.SendNoticeAsync(destination, message, cancellationToken);
            if (result.Outcome != DeliveryOutcome.Sent) LogNotDelivered(logger, key, result.Error ?? "");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogNotDelivered(logger, key, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "ADMIN: {Message}")]
    private static partial void LogNotice(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Admin destination {Destination} has no configured chat platform")]
    private static partial void LogNoSink(ILogger logger, string destination);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Admin notice to {Destination} not delivered: {Reason}")]
    private static partial void LogNotDelivered(ILogger logger, string destination, string reason);
}
