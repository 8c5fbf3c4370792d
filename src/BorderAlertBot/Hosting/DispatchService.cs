using BorderAlertBot.Core.Delivery;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BorderAlertBot.Hosting;

/// <summary>Runs the outbox dispatcher in `run` mode: at once when signalled, and every few seconds for retries that came due.</summary>
public sealed partial class DispatchService(DeliveryDispatcher dispatcher, DispatchSignal signal, ILogger<DispatchService> logger) : BackgroundService
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await dispatcher.DispatchDueAsync(stoppingToken);
                await signal.WaitAsync(Idle, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogDispatchFailed(logger, ex);
                await Task.Delay(Idle, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The dispatcher failed; retrying shortly")]
    private static partial void LogDispatchFailed(ILogger logger, Exception ex);
}
