using BorderAlertBot.Core.Text;

namespace BorderAlertBot.Core.Detection;

/// <summary>
/// Decides whether an item is Kyrgyz–Tajik border news, how serious it is, where and why.
///
/// One pass: the title, summary and content are folded (<see cref="TextFolder"/>) and scanned once by an
/// Aho-Corasick automaton holding every gazetteer and lexicon pattern. The hits are then read by rules:
///
/// <b>1. The pair is tied</b> when any of: a core border place (Vorukh, Tort-Kocho, Golovnoy…); the pair
///    named together ("Kyrgyz-Tajik", "кыргызско-таджикской", "both countries"); both sides present (a
///    Kyrgyz and a Tajik country name, capital, sided actor or place); a frontier village whose name is
///    also used elsewhere (Kok-Tash, Ak-Sai…) with a border word, a border topic, an incident or local
///    border vocabulary; a border district (Batken, Isfara, Leilek…) with a border word, border service,
///    clash or casualty word; one side with a border word; in Kyrgyz- and Tajik-language text (their
///    own letters or words for the border), "the border" with a clash, casualties or delimitation; or, in an
///    item from a regional outlet (<see cref="DetectionInput.Region"/>: Batken, Sughd…), "the border" with no
///    other border named.
/// <b>2. A border topic is present</b> when a strong term appears (exchange of fire, mortar, delimitation,
///    ceasefire, checkpoint…), or a general one (killed, talks, water, road, detained) next to a border
///    word; next to a border place when it describes an incident or is local border vocabulary
///    (resettlement, canal, pasture, handover); with both sides and a clash, water, land or crossing
///    word; or in a border district with clash or casualty words.
/// <b>3. Not about something else</b>: another border or conflict (Afghanistan, Uzbekistan/Sokh,
///    Kazakhstan, Armenia–Azerbaijan, Badakhshan, the KG–TJ–UZ tripoint…) mentioned more often than the
///    weaker side of the pair, with no core place, makes it not relevant; so does a natural disaster with
///    no clash, or a sport or economy story with no incident (unless it is a crossing at a frontier place).
/// <b>4. The border is the news, not background</b>: when the title names no border word, frontier place
///    or the pair, and every topic word comes after the lead and speaks only of talks, treaties or calm,
///    the border is mentioned in passing.
/// Relevant = 1 ∧ 2 ∧ 3 ∧ 4. Each rule is one method of <see cref="DecisionRules"/> reading the item's
/// <see cref="DetectionTally"/> (filled in BorderDetector.Tally.cs); each rule that fires is written into
/// <see cref="Detection.Reasons"/>.
///
/// <b>Severity</b> is the highest severity of the topic terms in the title and summary (terms in the body
/// text count up to 3, since long articles recall past wars): 5 deaths, heavy weapons or mass evacuation;
/// 4 exchange of fire, shooting or wounded; 3 incident without weapons; 2 talks, treaty, crossings;
/// 1 background. <b>Category</b> is the category with the largest weight of matched terms (title ×2, lead ×1,
/// later text ×0.5) after the rubric's definitions move the votes that cannot stand (see
/// <see cref="DecisionRules.ChooseCategory"/> and docs/RUBRIC.md), ties broken in <see cref="Rubric.TieOrder"/>.
/// </summary>
public sealed partial class BorderDetector
{
    private const int CompositeWindowWords = 5;
    private const int MaxCyrillicSuffix = 7;
    // Short names (folded length under 5: "Сох", "Арка") take only short case endings ("Сохе"), so they
    // do not swallow longer words that merely start with them.
    private const int ShortName = 5;
    private const int MaxShortNameSuffix = 2;
    // Lexicon words shorter than this ("ок", "тир") take no Kyrgyz or Tajik endings: too many words start with them.
    private const int ShortWord = 4;

    private readonly Gazetteer _gazetteer;
    private readonly Lexicon _lexicon;
    private readonly CompiledPatterns _patterns;
    private readonly int _kg, _tj;
    private readonly Category[] _termCategory;
    private readonly Marker[] _termMarker;
    private readonly HashSet<string> _corePlaceIds;
    private readonly Dictionary<string, string> _regionNames;

    [ThreadStatic] private static Scratch? t_scratch;

    /// <summary>The places with their coordinates (the map draws them).</summary>
    public Gazetteer Gazetteer => _gazetteer;

    public BorderDetector(Gazetteer gazetteer, Lexicon lexicon)
    {
        _gazetteer = gazetteer;
        _lexicon = lexicon;
        _patterns = CompiledPatterns.Build(gazetteer, lexicon);
        PlaceGraph = new PlaceGraph(gazetteer);
        _corePlaceIds = gazetteer.Places.Where(p => p.Tier == "core").Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        _regionNames = gazetteer.Places.Where(p => p.Tier == "area").GroupBy(p => p.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal);
        Regions = [.. _regionNames.Keys.Order(StringComparer.Ordinal)];
        _kg = IndexOf(gazetteer.Countries, "KG");
        _tj = IndexOf(gazetteer.Countries, "TJ");
        _termCategory = lexicon.Terms.Select(t => Categories.TryParse(t.Category, out var c) ? c : Category.None).ToArray();
        _termMarker = lexicon.Terms.Select(t => t.Category switch
        {
            "disaster" => Marker.Disaster,
            "sport" => Marker.Sport,
            "economy" => Marker.Economy,
            "forces" => Marker.Forces,
            _ => Marker.None,
        }).ToArray();

        static int IndexOf(IReadOnlyList<CountryEntry> countries, string id)
        {
            for (int i = 0; i < countries.Count; i++) if (countries[i].Id == id) return i;
            throw new DetectorDataException($"gazetteer: country {id} is missing");
        }
    }

    public int PatternCount => _patterns.Matcher.PatternCount;

    /// <summary>The ids a regional outlet's region may take (<see cref="DetectionInput.Region"/>): the gazetteer's areas.</summary>
    public IReadOnlyList<string> Regions { get; }

    public bool IsRegion(string id) => _regionNames.ContainsKey(id);

    /// <summary>Where the gazetteer's places lie relative to each other (for story identity).</summary>
    public PlaceGraph PlaceGraph { get; }

    public Detection Detect(DetectionInput input)
    {
        var s = t_scratch ??= new Scratch();
        s.Reset();
        string title = Prepare(input.Title);
        string summary = Prepare(input.Summary);
        string content = Prepare(input.Content);
        s.Fields[0] = title; s.Fields[1] = summary; s.Fields[2] = content;

        // Fold the three fields into one buffer; Map holds field * FieldStride + offset.
        for (int f = 0; f < 3; f++)
        {
            if (s.Fields[f].Length == 0) continue;
            TextFolder.Fold(s.Fields[f], s.Buffer, f * FieldStride);
            s.Buffer.Append(' ', f * FieldStride + s.Fields[f].Length);
        }
        if (s.Buffer.Length == 0) return NotRelevant("the item has no text");

        s.LocalLanguage = HasLocalLetters(title) || HasLocalLetters(summary) || HasLocalLetters(content);
        s.Region = input.Region is { } region && _regionNames.TryGetValue(region, out var regionName) ? regionName : null;
        ReadOnlySpan<char> folded = s.Buffer.Chars.AsSpan(0, s.Buffer.Length);
        _patterns.Matcher.Scan(folded, s.Hits);
        Collect(s, folded);
        return Decide(s);
    }

    /// <summary>The gazetteer places named in a short text (a /search query, a subscription keyword).</summary>
    public IReadOnlyList<PlaceRef> FindPlaces(string text)
    {
        var d = Detect(new DetectionInput(text));
        return d.Places;
    }

    /// <summary>The folded matching key of a keyword, as the detector sees text.</summary>
    public static string Key(string text) => TextFolder.Fold(TextFolder.NormalizeIfNeeded(HtmlText.ToPlainText(text)));

    private const int FieldStride = 1 << 28;
    private static readonly string[] FieldNames = ["title", "summary", "content"];

    private static string Prepare(string? text)
    {
        if (string.IsNullOrEmpty(text)) return string.Empty;
        string plain = text.AsSpan().IndexOfAny('<', '&') >= 0 ? HtmlText.ToPlainText(text) : text;
        return TextFolder.NormalizeIfNeeded(plain);
    }

    private void Collect(Scratch s, ReadOnlySpan<char> folded)
    {
        // Hits are reported in end order; entity names fully inside a longer entity name are dropped
        // ("Dostuk" inside "Dostuk-Avtodorozhny"), so homonyms do not double count.
        foreach (var hit in s.Hits)
        {
            int start = hit.Start + 1; // skip the leading space every pattern carries
            int end = hit.End;
            var features = _patterns.Features[hit.PatternId];
            bool atWordEnd = end >= folded.Length || folded[end] == ' ';
            int suffix = 0;
            if (!atWordEnd) while (end + suffix < folded.Length && folded[end + suffix] != ' ') suffix++;
            int lastSource = s.Buffer.Map[end - 1];
            bool cyrillic = IsCyrillic(SourceChar(s, lastSource));
            bool latinPlural = !cyrillic && suffix == 1 && folded[end] == 's';
            int word = CountWords(s, folded, start);

            foreach (var feature in features)
            {
                bool accepted = atWordEnd || feature.Stem || latinPlural
                    || (feature.Inflects && cyrillic && suffix <= (end - start >= ShortName ? MaxCyrillicSuffix : MaxShortNameSuffix))
                    || TakesLocalEnding(feature, cyrillic, end - start, folded.Slice(end, suffix));
                if (!accepted) continue;
                int wordEnd = atWordEnd || feature.Stem ? end : end + suffix;
                s.Matches.Add(new Match(feature, start, feature.Stem ? end + suffix : wordEnd, word));
            }
        }
        DropNestedNames(s, _patterns.CompositeTerm, _termMarker);
    }

    /// <summary>
    /// Kyrgyz and Tajik endings on a listed word ("дрону", "чек арадагы", "Аркадан", "Vorukhda"): lexicon words
    /// and border words written in Cyrillic (at least <see cref="ShortWord"/> letters, so "ок" does not take
    /// "тор"), names that take endings, and Latin-typed names with endings of two letters or more.
    /// </summary>
    private static bool TakesLocalEnding(Feature feature, bool cyrillic, int length, ReadOnlySpan<char> rest)
    {
        if (rest.Length == 0 || rest.Length > KyrgyzTajikEndings.MaxLength) return false;
        bool word = feature.Kind is FeatureKind.Term or FeatureKind.TermPart or FeatureKind.BorderContext;
        bool name = feature.Kind is FeatureKind.Place or FeatureKind.Distractor or FeatureKind.Actor;
        if (cyrillic) return ((word && length >= ShortWord) || feature.Inflects) && KyrgyzTajikEndings.IsEndingChain(rest);
        return name && KyrgyzTajikEndings.IsEndingChain(rest, minFirst: 2);
    }

    private static int CountWords(Scratch s, ReadOnlySpan<char> folded, int upTo)
    {
        // Word index of a position, counted incrementally: hits arrive in ascending end order, so starts
        // are nearly ascending; restart the count when one goes back.
        if (upTo < s.WordPos) { s.WordPos = 0; s.WordCount = 0; }
        for (int i = s.WordPos; i < upTo; i++) if (folded[i] == ' ') s.WordCount++;
        s.WordPos = upTo;
        return s.WordCount;
    }

    private static void DropNestedNames(Scratch s, int[] compositeTerm, Marker[] termMarker)
    {
        // Only names (places, distractors, actors) swallow names, and only topic terms swallow terms: collect
        // those once, so each match is compared with the few that can contain it, not with every match.
        var matches = s.Matches;
        var names = s.NameContainers;
        var terms = s.TermContainers;
        names.Clear();
        terms.Clear();
        for (int j = 0; j < matches.Count; j++)
        {
            var f = matches[j].Feature;
            if (f.Kind is FeatureKind.Place or FeatureKind.Distractor or FeatureKind.Actor) names.Add(j);
            else if (f.Kind == FeatureKind.Term && termMarker[f.Ref] == Marker.None) terms.Add(j);
        }
        for (int i = 0; i < matches.Count; i++)
        {
            var m = matches[i];
            bool name = m.Feature.Kind is FeatureKind.Place or FeatureKind.Distractor or FeatureKind.Country or FeatureKind.Actor;
            if (!name && m.Feature.Kind is not (FeatureKind.Term or FeatureKind.TermPart)) continue;
            // A term, or a part of an "A ~ B" term, inside a longer term is part of it ("атышуу" in
            // "ок атышууну токтотуу", a ceasefire; "fired" in "no shots fired"). Markers (who fights) swallow nothing.
            int term = m.Feature.Kind == FeatureKind.TermPart ? compositeTerm[m.Feature.Ref] : m.Feature.Ref;
            foreach (int j in name ? names : terms)
            {
                if (j == i) continue;
                var o = matches[j];
                bool inside = o.Start <= m.Start && o.End >= m.End && (o.End - o.Start) > (m.End - m.Start);
                if (!inside) continue;
                bool drop = name
                    ? !(o.Feature.Kind == FeatureKind.Actor && m.Feature.Kind == FeatureKind.Country)
                    : o.Feature.Ref != term;
                if (drop)
                {
                    matches[i] = m with { Dropped = true };
                    break;
                }
            }
        }
    }

    private Detection Decide(Scratch s)
    {
        var t = Tally(s);
        var reasons = new List<string>();
        bool tied = DecisionRules.TiesThePair(t, t.Places.Where(p => IsCorePlace(p.Id)).Select(p => p.Name), reasons);
        bool topic = DecisionRules.HasBorderTopic(t, reasons);
        bool distracted = DecisionRules.IsAboutSomethingElse(t, reasons);
        if (tied && topic && !distracted && s.Fields[1].Length > 0) distracted = DecisionRules.IsBackground(t, reasons);
        bool relevant = tied && topic && !distracted;
        if (!tied) reasons.Add("does not tie the Kyrgyz–Tajik pair (no border place, no pair, no border word with a side)");
        if (!topic) reasons.Add("no border topic term");

        int severity = relevant ? DecisionRules.ChooseSeverity(t) : 0;
        if (relevant) reasons.Add(DecisionRules.IsDeescalation(t)
            ? $"severity {severity}: de-escalation (a ceasefire, withdrawal, delimitation, treaty or handover leads), at most {Rubric.DeescalationMaxSeverity} and never an armed clash"
            : $"severity {severity}: highest term severity in the title and summary (body terms count up to 3)");
        return new Detection
        {
            Relevant = relevant,
            Score = DecisionRules.Score(t, relevant, topic),
            Category = relevant ? DecisionRules.ChooseCategory(t) : Category.None,
            Severity = severity,
            Places = t.Places,
            Actors = t.Actors,
            Evidence = t.Evidence,
            Reasons = reasons,
        };
    }

    public bool IsCorePlace(string placeId) => _corePlaceIds.Contains(placeId);

    private static Detection NotRelevant(string reason) => new()
    {
        Relevant = false, Score = 0, Category = Category.None, Severity = 0,
        Places = [], Actors = [], Evidence = [], Reasons = [reason],
    };

    private static void AddEvidence(Scratch s, List<Evidence> evidence, Match m, string kind, string reference)
    {
        int from = s.Buffer.Map[m.Start];
        int lastFolded = Math.Min(m.End, s.Buffer.Length) - 1;
        int to = s.Buffer.Map[lastFolded];
        int field = from / FieldStride;
        string text = s.Fields[field];
        int start = from - field * FieldStride;
        int end = Math.Min(text.Length, to - field * FieldStride + 1);
        // Extend to the end of the word in the source (a folded char may stand for several source chars).
        while (end < text.Length && char.IsLetterOrDigit(text[end]) && end - start < 80) end++;
        if (end <= start) return;
        evidence.Add(new Evidence(text[start..end], FieldNames[field], start, end - start, kind, reference));
    }

    private static int Field(Scratch s, Match m) => s.Buffer.Map[m.Start] / FieldStride;

    /// <summary>In the title, or in the first sentence of the summary (an outlet tag like "Кабар." is not a sentence).</summary>
    private static bool InLead(Scratch s, Match m)
    {
        int source = s.Buffer.Map[m.Start];
        int field = source / FieldStride;
        if (field == 0) return true;
        if (field != 1) return false;
        if (s.LeadEnd < 0) s.LeadEnd = LeadEnd(s.Fields[1]);
        return source - FieldStride < s.LeadEnd;
    }

    private static int LeadEnd(string summary)
    {
        for (int i = 20; i < summary.Length - 1; i++)
            if (summary[i] is '.' or '!' or '?' && char.IsWhiteSpace(summary[i + 1])) return i + 1;
        return summary.Length;
    }

    private static char SourceChar(Scratch s, int source)
    {
        int field = source / FieldStride;
        int offset = source - field * FieldStride;
        string text = s.Fields[field];
        return offset < text.Length ? text[offset] : ' ';
    }

    private static bool IsCyrillic(char c) => c is >= '\u0400' and <= '\u04FF';

    private static readonly System.Buffers.SearchValues<char> LocalLetters = System.Buffers.SearchValues.Create("ңөүҳқғҷӣӯҢӨҮҲҚҒҶӢӮ");

    private static bool HasLocalLetters(string text) => text.AsSpan().IndexOfAny(LocalLetters) >= 0;

    private readonly record struct Match(Feature Feature, int Start, int End, int Word, bool Dropped = false);

    private sealed class Scratch
    {
        public readonly FoldBuffer Buffer = new();
        public readonly List<PatternHit> Hits = new(64);
        public readonly List<Match> Matches = new(64);
        public readonly List<int> NameContainers = new(16), TermContainers = new(32);
        public readonly List<(int Composite, byte Slot, Match Match)> CompositeSlots = new(16);
        public readonly string[] Fields = ["", "", ""];
        public int WordPos, WordCount;
        /// <summary>The text has letters only Kyrgyz or Tajik use (ң ө ү ҳ қ ғ ҷ ӣ ӯ), or their own word for the border.</summary>
        public bool LocalLanguage;
        /// <summary>The region of the regional outlet the item came from (its gazetteer name), or null.</summary>
        public string? Region;
        /// <summary>End of the summary's first sentence, computed when first needed (-1: not yet).</summary>
        public int LeadEnd = -1;

        public void Reset()
        {
            Buffer.Clear();
            Hits.Clear();
            Matches.Clear();
            CompositeSlots.Clear();
            Fields[0] = Fields[1] = Fields[2] = "";
            WordPos = WordCount = 0;
            LocalLanguage = false;
            Region = null;
            LeadEnd = -1;
        }
    }
}
