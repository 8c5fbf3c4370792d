using BorderAlertBot.Configuration;
using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Delivery;
using Microsoft.Extensions.Options;

namespace BorderAlertBot.Sinks;

/// <summary>Alerts to standard output: a readable block, or one JSON object per line (jsonl).</summary>
public sealed class ConsoleAlertSink(ConsoleOutput output, IOptions<ConsoleOptions> options) : IChatSink
{
    public string Platform => Destination.Console.Platform;

    public Task<DeliveryResult> SendAsync(DeliveryRequest request, CancellationToken cancellationToken)
    {
        output.Write(options.Value.Format == "jsonl"
            ? AlertJson.ToLine(request.Alert) + "\n"
            : AlertText.Format(request.Alert) + "\n");
        return Task.FromResult(DeliveryResult.Sent(null));
    }

    public Task<DeliveryResult> SendNoticeAsync(Destination destination, string text, CancellationToken cancellationToken)
    {
        output.Write(options.Value.Format == "jsonl"
            ? System.Text.Json.JsonSerializer.Serialize(new { notice = text }) + "\n"
            : $"== NOTICE: {text}\n\n");
        return Task.FromResult(DeliveryResult.Sent(null));
    }
}
