using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Reports;

namespace BorderAlertBot.Core.Commands.Handlers;

/// <summary>/map [days]: a PNG map of the Batken–Sughd border area with the window's incidents (default 30 days).</summary>
public sealed class MapCommand(IAlertStore alerts, IIncidentPictures pictures, TimeProvider time) : ICommandHandler
{
    public CommandInfo Info { get; } = new("map", "A map of recent border incidents by place and category", [PictureReply.DaysOption]);

    public Task<CommandReply> HandleAsync(CommandRequest request, CancellationToken cancellationToken) =>
        PictureReply.BuildAsync(request, alerts, time, "Border incidents on the map", pictures.Map, cancellationToken);
}
