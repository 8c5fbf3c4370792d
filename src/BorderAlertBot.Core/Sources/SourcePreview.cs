using System.Text;
using BorderAlertBot.Core.Detection;
using BorderAlertBot.Core.Text;

namespace BorderAlertBot.Core.Sources;

/// <summary>How a vetted feed is shown to a person: one line per item with the detector's verdict.</summary>
public static class SourcePreview
{
    public static string Verdict(Detection.Detection d) =>
        d.Relevant ? $"RELEVANT severity {d.Severity} {d.Category.ToWire()}" : "not relevant";

    /// <summary>"Title — N items, K relevant" and the latest <paramref name="max"/> items with their verdicts.</summary>
    public static string Describe(SourceVetting vetting, int max)
    {
        var sb = new StringBuilder();
        int relevant = vetting.Items.Count(i => i.Verdict.Relevant);
        sb.Append(vetting.Title.Length > 0 ? vetting.Title : vetting.Url.Host).Append(" — ").Append(Plural.Of(vetting.Items.Count, "item"))
            .Append(", ").Append(relevant).Append(" relevant to the border today");
        var latest = vetting.Items.OrderByDescending(i => i.Item.PublishedUtc ?? DateTimeOffset.MinValue).Take(max);
        foreach (var (item, verdict) in latest)
            sb.Append("\n• [").Append(Verdict(verdict)).Append("] ").Append(item.Title);
        return sb.ToString();
    }
}
