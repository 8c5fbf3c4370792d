using BorderAlertBot.Core.Text;

namespace BorderAlertBot.Core.Detection;

internal enum FeatureKind : byte { Country, Pair, BorderContext, Place, Actor, Distractor, Term, TermPart }

/// <summary>What one folded pattern means; several features can share a pattern (homonyms).</summary>
/// <param name="Inflects">A name written in Cyrillic: it takes case endings in Cyrillic text ("Ворух" → "Ворухе").
/// Lexicon words and Latin-script names need an explicit stem ("mortar*").</param>
/// <param name="Local">A Kyrgyz or Tajik border word ("чек ара", "марз", "сарҳад"): Russian and English write other words.</param>
internal readonly record struct Feature(FeatureKind Kind, int Ref, bool Stem, bool Inflects, byte Slot = 0, bool Local = false);

/// <summary>Turns gazetteer and lexicon entries into one Aho-Corasick automaton plus a feature table.</summary>
internal sealed class CompiledPatterns
{
    public required PatternMatcher Matcher { get; init; }
    public required Feature[][] Features { get; init; }
    /// <summary>Composite "A ~ B [~ C]" lexicon patterns: index → term index.</summary>
    public required int[] CompositeTerm { get; init; }
    /// <summary>Composite index → how many parts it has.</summary>
    public required int[] CompositeParts { get; init; }

    public static CompiledPatterns Build(Gazetteer gazetteer, Lexicon lexicon)
    {
        var patternIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var features = new List<List<Feature>>();
        var compositeTerm = new List<int>();
        var compositeParts = new List<int>();

        void Add(string alias, FeatureKind kind, int reference, byte slot = 0)
        {
            string raw = alias.Trim();
            bool stem = raw.EndsWith('*');
            if (stem) raw = raw.TrimEnd('*').TrimEnd();
            bool exact = raw.EndsWith('=');   // "кыргыз=": this word form only, no case endings
            if (exact) raw = raw.TrimEnd('=').TrimEnd();
            if (raw.Contains('*')) throw new DetectorDataException($"pattern '{alias}': '*' may only end a pattern (write each word form, or 'A ~ B')");
            bool isName = kind is FeatureKind.Country or FeatureKind.Place or FeatureKind.Actor or FeatureKind.Distractor or FeatureKind.Pair;
            bool inflects = isName && !exact && raw.Any(c => c is >= '\u0400' and <= '\u04FF');
            foreach (string variant in Variants(raw))
            {
                string folded = TextFolder.Fold(variant);
                if (folded.Length == 0 || folded.Contains('~')) continue;
                string key = " " + folded;
                if (!patternIds.TryGetValue(key, out int id))
                {
                    id = patternIds.Count;
                    patternIds.Add(key, id);
                    features.Add([]);
                }
                bool local = kind == FeatureKind.BorderContext && LocalBorderWords.Any(w => folded.StartsWith(w, StringComparison.Ordinal));
                var feature = new Feature(kind, reference, stem, inflects, slot, local);
                if (!features[id].Contains(feature)) features[id].Add(feature);
            }
        }

        for (int i = 0; i < gazetteer.Countries.Count; i++)
            foreach (string a in gazetteer.Countries[i].Aliases) Add(a, FeatureKind.Country, i);
        foreach (string a in gazetteer.PairTerms) Add(a, FeatureKind.Pair, 0);
        foreach (string a in gazetteer.BorderContext) Add(a, FeatureKind.BorderContext, 0);
        // Only the aliases match, not the canonical name: some names are common words ("Dostuk" is
        // "friendship" in Kyrgyz), and the gazetteer lists them only in unambiguous phrases.
        for (int i = 0; i < gazetteer.Places.Count; i++)
            foreach (string a in gazetteer.Places[i].Aliases) Add(a, FeatureKind.Place, i);
        for (int i = 0; i < gazetteer.Actors.Count; i++)
            foreach (string a in gazetteer.Actors[i].Aliases) Add(a, FeatureKind.Actor, i);
        for (int i = 0; i < gazetteer.Distractors.Count; i++)
            foreach (string a in gazetteer.Distractors[i].Aliases) Add(a, FeatureKind.Distractor, i);
        for (int t = 0; t < lexicon.Terms.Count; t++)
        {
            foreach (string pattern in lexicon.Terms[t].Patterns)
            {
                string[] parts = pattern.Split('~', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 1) { Add(parts[0], FeatureKind.Term, t); continue; }
                if (parts.Length > 4) throw new DetectorDataException($"lexicon term '{lexicon.Terms[t].Id}': pattern '{pattern}' has more than four '~' parts");
                int composite = compositeTerm.Count;
                compositeTerm.Add(t);
                compositeParts.Add(parts.Length);
                for (int part = 0; part < parts.Length; part++) Add(parts[part], FeatureKind.TermPart, composite, (byte)part);
            }
        }

        var patterns = new string[patternIds.Count];
        foreach (var (key, id) in patternIds) patterns[id] = key;
        return new CompiledPatterns
        {
            Matcher = PatternMatcher.Build(patterns),
            Features = features.Select(f => f.ToArray()).ToArray(),
            CompositeTerm = [.. compositeTerm],
            CompositeParts = [.. compositeParts],
        };
    }

    private static readonly string[] LocalBorderWords = ["chek ar", "chegar", "marz", "sarhad"];

    // "Kok-Tash" is also written "Koktash": hyphenated names match both ways. Tajik ҷ folds to "ch" (people
    // type ч for it), but Russian and Latin write the same sound дж/j: a ҷ name matches both ways too.
    private static IEnumerable<string> Variants(string alias)
    {
        var forms = new List<string> { alias };
        if (alias.Contains('ҷ', StringComparison.OrdinalIgnoreCase)) forms.Add(alias.Replace("ҷ", "дж", StringComparison.Ordinal).Replace("Ҷ", "Дж", StringComparison.Ordinal));
        foreach (string form in forms)
        {
            yield return form;
            if (form.Contains('-') && !form.Contains(' ')) yield return form.Replace("-", "", StringComparison.Ordinal);
        }
    }
}
