using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Reports;

namespace BorderAlertBot.Core.Commands.Handlers;

/// <summary>/trend [days]: a PNG chart of incidents per day, stacked by severity (default 30 days).</summary>
public sealed class TrendCommand(IAlertStore alerts, IIncidentPictures pictures, TimeProvider time) : ICommandHandler
{
    public CommandInfo Info { get; } = new("trend", "A chart of border incidents per day by severity", [PictureReply.DaysOption]);

    public Task<CommandReply> HandleAsync(CommandRequest request, CancellationToken cancellationToken) =>
        PictureReply.BuildAsync(request, alerts, time, "Border incidents per day by severity", pictures.Trend, cancellationToken);
}
