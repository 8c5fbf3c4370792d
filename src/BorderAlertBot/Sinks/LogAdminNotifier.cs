using BorderAlertBot.Core.Delivery;
using Microsoft.Extensions.Logging;

namespace BorderAlertBot.Sinks;

/// <summary>Admin notices on standard error (through the log), the default admin destination.</summary>
public sealed partial class LogAdminNotifier(ILogger<LogAdminNotifier> logger) : IAdminNotifier
{
    public Task NotifyAsync(string message, CancellationToken cancellationToken)
    {
        LogNotice(logger, message);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "ADMIN: {Message}")]
    private static partial void LogNotice(ILogger logger, string message);
}
