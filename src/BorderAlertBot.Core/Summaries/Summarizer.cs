using System.Text;
using BorderAlertBot.Core.Detection;
using BorderAlertBot.Core.Text;

namespace BorderAlertBot.Core.Summaries;

/// <summary>
/// Extractive summary in the item's own language: up to three sentences chosen for the places, actors
/// and incident terms the detector finds in them (the lead sentence gets a bonus), kept in their
/// original order, boilerplate dropped, at most <see cref="MaxLength"/> characters.
/// </summary>
public sealed class Summarizer(BorderDetector detector)
{
    public const int MaxLength = 400;

    public string Summarize(string title, string text)
    {
        string plain = HtmlText.ToPlainText(text);
        var sentences = SplitSentences(plain)
            .Where(s => !Boilerplate.IsBoilerplate(s))
            .Where(s => !string.Equals(s.TrimEnd('.', ' '), title.TrimEnd('.', ' '), StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (sentences.Count == 0) return Trim(Boilerplate.IsBoilerplate(title) ? "" : title, MaxLength);

        var scored = sentences.Select((s, i) => (Sentence: s, Index: i, Score: Score(s, i))).ToList();
        var chosen = scored.OrderByDescending(x => x.Score).ThenBy(x => x.Index).Take(3).ToList();
        // Keep adding in score order while it fits; always keep at least the best one.
        var picked = new List<(string Sentence, int Index)>();
        int length = 0;
        foreach (var c in chosen)
        {
            if (c.Score <= 0 && picked.Count > 0) break;
            int add = c.Sentence.Length + (picked.Count > 0 ? 1 : 0);
            if (picked.Count > 0 && length + add > MaxLength) continue;
            picked.Add((c.Sentence, c.Index));
            length += add;
        }
        string summary = string.Join(" ", picked.OrderBy(p => p.Index).Select(p => p.Sentence));
        return Trim(summary, MaxLength);
    }

    private double Score(string sentence, int index)
    {
        var d = detector.Detect(new DetectionInput(sentence));
        double score = 0;
        foreach (var e in d.Evidence)
            score += e.Kind switch
            {
                "place" => 2,
                "actor" => 1,
                "pair" or "country" => 1,
                "border" => 0.5,
                _ when e.Kind.StartsWith("term:", StringComparison.Ordinal) => 1.5,
                _ => 0,
            };
        if (index == 0) score += 1.5;
        if (sentence.Length < 25) score -= 1;
        return score;
    }

    public static IEnumerable<string> SplitSentences(string text)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\n')
            {
                if (sb.Length > 0) { yield return sb.ToString().Trim(); sb.Clear(); }
                continue;
            }
            sb.Append(c);
            bool end = c is '.' or '!' or '?' or '…';
            if (end && (i + 1 == text.Length || (char.IsWhiteSpace(text[i + 1]) && NextStartsSentence(text, i + 1))) && !IsAbbreviation(sb))
            {
                string s = sb.ToString().Trim();
                if (s.Length > 0) yield return s;
                sb.Clear();
            }
        }
        if (sb.ToString().Trim() is { Length: > 0 } last) yield return last;
    }

    private static bool NextStartsSentence(string text, int from)
    {
        for (int i = from; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i])) continue;
            return char.IsUpper(text[i]) || char.IsDigit(text[i]) || text[i] is '"' or '«' or '“' or '(' or '—' or '-';
        }
        return true;
    }

    private static bool IsAbbreviation(StringBuilder sb)
    {
        // "U.S.", "г.", "ул.", "Mr.", initials like "К." — a short token before the dot.
        int end = sb.Length - 1, start = end;
        while (start > 0 && !char.IsWhiteSpace(sb[start - 1])) start--;
        int tokenLength = end - start;
        return tokenLength is > 0 and <= 2 || (tokenLength <= 4 && sb.ToString(start, tokenLength).Contains('.'));
    }

    public static string Trim(string text, int max)
    {
        if (text.Length <= max) return text;
        int cut = text.LastIndexOf(' ', max - 1);
        if (cut < max / 2) cut = max - 1;
        return text[..cut].TrimEnd(',', ';', ':', ' ', '—', '-') + "…";
    }
}
