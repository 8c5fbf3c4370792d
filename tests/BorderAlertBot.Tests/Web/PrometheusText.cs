using System.Globalization;
using System.Text.RegularExpressions;
using Xunit;

namespace BorderAlertBot.Tests.Web;

/// <summary>
/// A strict reader of the Prometheus text exposition format (0.0.4): every line is a # HELP, # TYPE,
/// comment or sample line; sample values are numbers; each metric family's TYPE comes before its samples
/// and is declared once. Fails the test on anything else.
/// </summary>
public static partial class PrometheusText
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})?\s+(?<value>\S+)(\s+-?\d+)?$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""^# (HELP|TYPE) (?<name>[a-zA-Z_:][a-zA-Z0-9_:]*) ?(?<rest>.*)$""")]
    private static partial Regex MetaLine();

    [GeneratedRegex("""(?<k>[a-zA-Z_][a-zA-Z0-9_]*)="(?<v>(\\.|[^"\\])*)",?""")]
    private static partial Regex Label();

    public static IReadOnlyList<Sample> Parse(string text)
    {
        var samples = new List<Sample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (line.Length == 0) continue;
            if (line.StartsWith('#'))
            {
                var meta = MetaLine().Match(line);
                if (meta.Success && line.StartsWith("# TYPE", StringComparison.Ordinal))
                {
                    Assert.Contains(meta.Groups["rest"].Value, new[] { "counter", "gauge", "histogram", "summary", "untyped" });
                    Assert.True(types.TryAdd(meta.Groups["name"].Value, meta.Groups["rest"].Value), $"TYPE declared twice: {line}");
                }
                continue;
            }
            var m = SampleLine().Match(line);
            Assert.True(m.Success, $"not a Prometheus sample line: {line}");
            string v = m.Groups["value"].Value;
            double value = v switch { "+Inf" => double.PositiveInfinity, "-Inf" => double.NegativeInfinity, "NaN" => double.NaN, _ => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture) };
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            string labelText = m.Groups["labels"].Value;
            int consumed = 0;
            foreach (Match l in Label().Matches(labelText))
            {
                labels[l.Groups["k"].Value] = l.Groups["v"].Value;
                consumed += l.Length;
            }
            Assert.True(consumed == labelText.Length, $"bad labels: {line}");
            string name = m.Groups["name"].Value;
            string family = types.Keys.FirstOrDefault(t => name == t || name == t + "_bucket" || name == t + "_sum" || name == t + "_count") ?? "";
            Assert.True(family.Length > 0, $"sample before its TYPE: {line}");
            samples.Add(new Sample(name, labels, value));
        }
        return samples;
    }

    /// <summary>The sum of the samples named <paramref name="name"/> whose labels include <paramref name="labels"/> (0 when none).</summary>
    public static double Sum(IReadOnlyList<Sample> samples, string name, params (string Key, string Value)[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Sum(s => s.Value);
}
