using System.Text;
using System.Text.RegularExpressions;
using BorderAlertBot.Core.Detection;

namespace BorderAlertBot.Bench;

/// <summary>
/// The naive way to do what the detector does: one compiled <see cref="Regex"/> per lexicon and gazetteer
/// pattern, every one run over every item. "mortar*" becomes \bmortar\w*\b, "A ~ B" two regexes, a
/// name's "=" marker is dropped; IgnoreCase | CultureInvariant. It finds every occurrence (Count), as the
/// detector's scan does, on the raw text (no folding, so it is more lenient on work than the detector:
/// it does not match transliterations, case endings of names or spelling variants).
/// </summary>
public sealed class RegexBaseline
{
    private readonly Regex[] _regexes;

    public RegexBaseline(Gazetteer gazetteer, Lexicon lexicon)
    {
        var sources = new HashSet<string>(StringComparer.Ordinal);
        void Add(string pattern)
        {
            foreach (string part in pattern.Split('~', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                string raw = part.TrimEnd('=').Trim();
                bool stem = raw.EndsWith('*');
                raw = raw.TrimEnd('*').TrimEnd();
                if (raw.Length == 0) continue;
                var sb = new StringBuilder(@"\b");
                sb.Append(Regex.Escape(raw).Replace(@"\ ", @"\s+", StringComparison.Ordinal));
                if (stem) sb.Append(@"\w*");
                sb.Append(@"\b");
                sources.Add(sb.ToString());
            }
        }

        foreach (var c in gazetteer.Countries) foreach (var a in c.Aliases) Add(a);
        foreach (var a in gazetteer.PairTerms) Add(a);
        foreach (var a in gazetteer.BorderContext) Add(a);
        foreach (var p in gazetteer.Places) { Add(p.Name); foreach (var a in p.Aliases) Add(a); }
        foreach (var x in gazetteer.Actors) foreach (var a in x.Aliases) Add(a);
        foreach (var d in gazetteer.Distractors) foreach (var a in d.Aliases) Add(a);
        foreach (var t in lexicon.Terms) foreach (var p in t.Patterns) Add(p);

        _regexes = sources.Select(s => new Regex(s, RegexOptions.Compiled | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)).ToArray();
    }

    public int Count => _regexes.Length;

    /// <summary>Runs every regex over the item; returns the number of matches.</summary>
    public int Scan(BenchItem item)
    {
        int hits = 0;
        foreach (var regex in _regexes)
        {
            hits += regex.Count(item.Title);
            if (item.Summary.Length > 0) hits += regex.Count(item.Summary);
            if (item.Content.Length > 0) hits += regex.Count(item.Content);
        }
        return hits;
    }
}
