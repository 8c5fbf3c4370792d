using System.Globalization;
using System.Text;
using BorderAlertBot.Core.Storage;
using BorderAlertBot.Core.Alerts;

namespace BorderAlertBot.Core.Commands.Handlers;

/// <summary>/why &lt;id&gt;: the detector's reasons and evidence for one alert.</summary>
public sealed class WhyCommand(IAlertStore alerts) : ICommandHandler
{
    public CommandInfo Info { get; } = new("why", "Why an alert matched: phrases, places, rules",
        [new("id", "Alert id, e.g. a-7k2m9xq4", CommandOptionType.String, true)]);

    public async Task<CommandReply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        string id = request.Arguments[0];
        var alert = await alerts.GetAlertAsync(id.Trim(), cancellationToken);
        if (alert is null) return CommandReply.Error($"No alert with id {id}.");
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Alert {alert.Id}: {alert.Headline}\n");
        sb.Append(CultureInfo.InvariantCulture, $"Relevant (score {alert.Score:0.00}), category {alert.Category}, severity {alert.Severity}.\n");
        sb.Append("Rules:");
        foreach (var r in alert.Reasons) sb.Append("\n• ").Append(r);
        sb.Append("\nMatched:");
        foreach (var group in alert.Evidence.GroupBy(e => e.Kind))
            sb.Append("\n• ").Append(group.Key).Append(": ").Append(string.Join(", ", group.Select(e => $"“{e.Phrase}” ({e.Field} @{e.Start})").Distinct()));
        if (alert.Places.Count > 0) sb.Append("\nPlaces: ").Append(string.Join(", ", alert.Places.Select(p => $"{p.Name} ({p.Side})")));
        return CommandReply.Text(sb.ToString());
    }
}
