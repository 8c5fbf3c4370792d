using System.Globalization;
using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Core.Reports;

namespace BorderAlertBot.Core.Commands.Handlers;

/// <summary>What /trend and /map share: the optional days argument, the report of that window, and a picture reply (or words when there is nothing to draw).</summary>
internal static class PictureReply
{
    public const int DefaultDays = 30;

    public static CommandOption DaysOption { get; } = new("days",
        string.Create(CultureInfo.InvariantCulture, $"How many days back (1-{IncidentReport.MaxDays}, default {DefaultDays})"), CommandOptionType.Integer, false, 1, IncidentReport.MaxDays);

    public static async Task<CommandReply> BuildAsync(CommandRequest request, IAlertStore alerts, TimeProvider time,
        string title, Func<IncidentReport, Attachment> draw, CancellationToken cancellationToken)
    {
        string name = request.Command.Name;
        int days = DefaultDays;
        if (request.Arguments.Count > 1)
            return CommandReply.Error($"/{name} takes one number of days at most, e.g. /{name} 30.");
        if (request.Arguments.Count == 1)
        {
            string typed = request.Arguments[0];
            if (!ReplyFormat.TryNumber(typed, out days))
                return CommandReply.Error($"“{typed}” is not a number of days: /{name} takes a whole number from 1 to {IncidentReport.MaxDays}, e.g. /{name} 30.");
            if (days is < 1 or > IncidentReport.MaxDays)
                return CommandReply.Error($"/{name} looks back 1 to {IncidentReport.MaxDays} days, not {typed}.");
        }
        var report = await IncidentReport.LoadAsync(alerts, time.GetUtcNow(), days, cancellationToken);
        if (report.Incidents.Count == 0)
            return CommandReply.Text($"No border incidents in the last {ReplyFormat.Count(days, "day")}, so there is nothing to draw.");
        var picture = draw(report);
        string caption = string.Create(CultureInfo.InvariantCulture, $"{title}, last {ReplyFormat.Count(days, "day")}.\n") + string.Join("\n", IncidentSummary.Lines(report));
        return new CommandReply([caption], [], Ephemeral: false) { Attachments = [picture] };
    }
}
