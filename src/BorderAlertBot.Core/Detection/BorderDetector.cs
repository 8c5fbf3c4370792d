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
///    clash or casualty word; one side with a border word; or, in Kyrgyz- and Tajik-language text (their
///    own letters or words for the border), "the border" with a clash, casualties or delimitation.
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
/// Relevant = 1 ∧ 2 ∧ 3 ∧ 4. Each rule that fires is written into <see cref="Detection.Reasons"/>.
///
/// <b>Severity</b> is the highest severity of the topic terms in the title and summary (terms in the body
/// text count up to 3, since long articles recall past wars): 5 deaths, heavy weapons or mass evacuation;
/// 4 exchange of fire, shooting or wounded; 3 incident without weapons; 2 talks, treaty, crossings;
/// 1 background. <b>Category</b> is the category with the largest weight of matched terms (title ×2),
/// ties broken in the order armed_clash, incident, humanitarian, water_land, crossing, diplomacy.
/// </summary>
public sealed class BorderDetector
{
    private const int CompositeWindowWords = 5;
    private const int MaxCyrillicSuffix = 7;
    // Short names (folded length under 5: "Сох", "Арка") take only short case endings ("Сохе"), so they
    // do not swallow longer words that merely start with them.
    private const int ShortName = 5;
    private const int MaxShortNameSuffix = 2;
    private static readonly Category[] TieOrder =
        [Category.ArmedClash, Category.Incident, Category.Humanitarian, Category.WaterLand, Category.Crossing, Category.Diplomacy];

    private readonly Gazetteer _gazetteer;
    private readonly Lexicon _lexicon;
    private readonly CompiledPatterns _patterns;
    private readonly int _kg, _tj;
    private readonly Category[] _termCategory;
    private readonly Marker[] _termMarker;
    private readonly HashSet<string> _corePlaceIds;

    [ThreadStatic] private static Scratch? t_scratch;

    /// <summary>The places with their coordinates (the map draws them).</summary>
    public Gazetteer Gazetteer => _gazetteer;

    public BorderDetector(Gazetteer gazetteer, Lexicon lexicon)
    {
        _gazetteer = gazetteer;
        _lexicon = lexicon;
        _patterns = CompiledPatterns.Build(gazetteer, lexicon);
        _corePlaceIds = gazetteer.Places.Where(p => p.Tier == "core").Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        _kg = IndexOf(gazetteer.Countries, "KG");
        _tj = IndexOf(gazetteer.Countries, "TJ");
        _termCategory = lexicon.Terms.Select(t => Categories.TryParse(t.Category, out var c) ? c : Category.None).ToArray();
        _termMarker = lexicon.Terms.Select(t => t.Category switch
        {
            "disaster" => Marker.Disaster,
            "sport" => Marker.Sport,
            "economy" => Marker.Economy,
            _ => Marker.None,
        }).ToArray();

        static int IndexOf(IReadOnlyList<CountryEntry> countries, string id)
        {
            for (int i = 0; i < countries.Count; i++) if (countries[i].Id == id) return i;
            throw new DetectorDataException($"gazetteer: country {id} is missing");
        }
    }

    public int PatternCount => _patterns.Matcher.PatternCount;

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
                    || (feature.Inflects && cyrillic && suffix <= (end - start >= ShortName ? MaxCyrillicSuffix : MaxShortNameSuffix));
                if (!accepted) continue;
                int wordEnd = atWordEnd || feature.Stem ? end : end + suffix;
                s.Matches.Add(new Match(feature, start, feature.Stem ? end + suffix : wordEnd, word));
            }
        }
        DropNestedNames(s.Matches);
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

    private static void DropNestedNames(List<Match> matches)
    {
        for (int i = 0; i < matches.Count; i++)
        {
            var m = matches[i];
            if (m.Feature.Kind is not (FeatureKind.Place or FeatureKind.Distractor or FeatureKind.Country or FeatureKind.Actor)) continue;
            for (int j = 0; j < matches.Count; j++)
            {
                var o = matches[j];
                if (j == i || o.Feature.Kind is not (FeatureKind.Place or FeatureKind.Distractor or FeatureKind.Actor)) continue;
                bool inside = o.Start <= m.Start && o.End >= m.End && (o.End - o.Start) > (m.End - m.Start);
                if (inside && !(o.Feature.Kind == FeatureKind.Actor && m.Feature.Kind == FeatureKind.Country))
                {
                    matches[i] = m with { Dropped = true };
                    break;
                }
            }
        }
    }

    private Detection Decide(Scratch s)
    {
        var places = new List<PlaceRef>();
        var placeSeen = new HashSet<int>();
        var actors = new List<string>();
        var actorSeen = new HashSet<int>();
        var evidence = new List<Evidence>();
        var reasons = new List<string>();
        int kgHits = 0, tjHits = 0, pairHits = 0, borderWords = 0, distractorHits = 0, corePlaces = 0, areaPlaces = 0, weakPlaces = 0, armedTerms = 0, casualtyTerms = 0, landTerms = 0, crossingTerms = 0, localTerms = 0, weakSeverity = 0, leadTopicSeverity = 0, laterTopicSeverity = 0;
        bool leadTopic = false;
        bool borderInTitle = false; // a border word, a frontier place or the pair in the title
        bool borderActor = false;
        bool strongTopic = false, weakTopic = false;
        var categoryWeight = new double[TieOrder.Length + 1];
        int leadSeverity = 0, bodySeverity = 0;
        int markers = 0;
        bool armedOrIncident = false;
        var distractorNames = new List<string>();
        var compositeSlots = s.CompositeSlots;
        var countedTerms = new HashSet<(int, int)>();
        double casualtyWeight = 0, conflictWeight = 0;

        foreach (var m in s.Matches)
        {
            if (m.Dropped) continue;
            var f = m.Feature;
            switch (f.Kind)
            {
                case FeatureKind.Country:
                    if (f.Ref == _kg) kgHits++; else if (f.Ref == _tj) tjHits++;
                    AddEvidence(s, evidence, m, "country", _gazetteer.Countries[f.Ref].Id);
                    break;
                case FeatureKind.Pair:
                    pairHits++;
                    if (Field(s, m) == 0) borderInTitle = true;
                    AddEvidence(s, evidence, m, "pair", "KG-TJ");
                    break;
                case FeatureKind.BorderContext:
                    borderWords++;
                    if (Field(s, m) == 0) borderInTitle = true;
                    if (f.Local) s.LocalLanguage = true;
                    AddEvidence(s, evidence, m, "border", "border");
                    break;
                case FeatureKind.Place:
                {
                    var p = _gazetteer.Places[f.Ref];
                    if (p.Tier == "core") corePlaces++; else if (p.Tier == "weak") weakPlaces++; else areaPlaces++;
                    if (p.Tier is "core" or "weak" && Field(s, m) == 0) borderInTitle = true;
                    if (p.Side == "KG") kgHits++; else if (p.Side == "TJ") tjHits++;
                    // One entry per name: a place may be listed twice (phrases in one entry, bare forms of a
                    // common-word name in a weaker one).
                    if (placeSeen.Add(f.Ref) && !places.Exists(x => x.Name == p.Name)) places.Add(new PlaceRef(p.Id, p.Name, p.Side, p.Type, p.Lat, p.Lon));
                    AddEvidence(s, evidence, m, "place", p.Name);
                    break;
                }
                case FeatureKind.Actor:
                {
                    var a = _gazetteer.Actors[f.Ref];
                    if (a.Side == "KG") kgHits++; else if (a.Side == "TJ") tjHits++;
                    if (a.BorderSpecific) borderActor = true;
                    if (actorSeen.Add(f.Ref)) actors.Add(a.Name);
                    AddEvidence(s, evidence, m, "actor", a.Name);
                    break;
                }
                case FeatureKind.Distractor:
                {
                    var d = _gazetteer.Distractors[f.Ref];
                    distractorHits++;
                    if (!distractorNames.Contains(d.Id)) distractorNames.Add(d.Id);
                    AddEvidence(s, evidence, m, "distractor", d.Id);
                    break;
                }
                case FeatureKind.Term:
                    CountTerm(f.Ref, m);
                    break;
                case FeatureKind.TermPart:
                    compositeSlots.Add((f.Ref, f.Slot, m));
                    break;
            }
        }

        var countedComposites = new HashSet<(int, int)>();
        // "A ~ B [~ C]" terms: every part within a few words of the first, in the same field.
        for (int i = 0; i < compositeSlots.Count; i++)
        {
            var (composite, slot, first) = compositeSlots[i];
            if (slot != 0) continue;
            int parts = _patterns.CompositeParts[composite];
            var span = first;
            bool complete = true;
            for (int part = 1; part < parts && complete; part++)
            {
                complete = false;
                foreach (var (other, otherSlot, o) in compositeSlots)
                {
                    if (other != composite || otherSlot != part || Math.Abs(o.Word - first.Word) > CompositeWindowWords || Field(s, o) != Field(s, first)) continue;
                    span = span with { Start = Math.Min(span.Start, o.Start), End = Math.Max(span.End, o.End) };
                    complete = true;
                    break;
                }
            }
            // One count per composite and field is enough.
            if (!complete || !countedComposites.Add((composite, Field(s, first)))) continue;
            CountTerm(_patterns.CompositeTerm[composite], span);
        }

        void CountTerm(int termIndex, Match m)
        {
            var term = _lexicon.Terms[termIndex];
            var marker = _termMarker[termIndex];
            if (marker != Marker.None)
            {
                markers |= (int)marker;
                AddEvidence(s, evidence, m, term.Category, term.Id);
                return;
            }
            var category = _termCategory[termIndex];
            int field = Field(s, m);
            if (term.Strong) strongTopic = true;
            else { weakTopic = true; weakSeverity = Math.Max(weakSeverity, term.Severity); }
            if (category is Category.Humanitarian && term.Severity >= 4) casualtyTerms++;
            if (category is Category.ArmedClash or Category.Incident) armedOrIncident = true;
            if (category is Category.ArmedClash || term.Conflict) armedTerms++;
            if (category is Category.WaterLand) landTerms++;
            if (category is Category.Crossing) crossingTerms++;
            if (term.Local) localTerms++;
            if (InLead(s, m)) { leadTopic = true; leadTopicSeverity = Math.Max(leadTopicSeverity, term.Severity); }
            else laterTopicSeverity = Math.Max(laterTopicSeverity, term.Severity);
            // A term's weight counts once per field, however many of its spellings matched. Casualty words
            // (killed, wounded) say how bad, not what kind: they vote only when nothing else does.
            bool casualty = category is Category.Humanitarian && term.Severity >= 4 && term.Id is "killed" or "wounded";
            if (countedTerms.Add((termIndex, field)))
            {
                double weight = term.Weight * (field == 0 ? 2 : 1);
                if (casualty) casualtyWeight += term.Weight;
                else categoryWeight[(int)category] += weight;
                if (term.Conflict) conflictWeight += weight;
            }
            if (field == 2) bodySeverity = Math.Max(bodySeverity, Math.Min(term.Severity, 3));
            else leadSeverity = Math.Max(leadSeverity, term.Severity);
            AddEvidence(s, evidence, m, "term:" + term.Category, term.Id);
        }

        bool bothSides = pairHits > 0 || (kgHits > 0 && tjHits > 0);
        bool oneSide = kgHits > 0 || tjHits > 0;
        bool frame = borderWords > 0 || borderActor;

        // 1. Is the Kyrgyz–Tajik pair tied to the item?
        var ties = new List<string>();
        if (corePlaces > 0) ties.Add($"names a border place ({string.Join(", ", places.Where(p => IsCorePlace(p.Id)).Select(p => p.Name))})");
        if (pairHits > 0) ties.Add("names Kyrgyzstan and Tajikistan together");
        else if (bothSides) ties.Add("mentions both Kyrgyz and Tajik sides");
        if (weakPlaces > 0 && (strongTopic || frame || weakSeverity >= 3 || localTerms > 0)) ties.Add("a frontier village with a border word, a border topic, an incident or local border vocabulary");
        bool areaTie = areaPlaces > 0 && (frame || armedTerms > 0 || casualtyTerms > 0);
        if (areaTie) ties.Add("a border district with a border word, border service, armed-clash or casualty term");
        if (oneSide && borderWords > 0) ties.Add("one side of the pair with a border word");
        // Kyrgyz- and Tajik-language outlets write "the border" for their own border: there, a border word
        // with a clash, casualties or delimitation, and no other country named, is this border.
        if (!oneSide && borderWords > 0 && distractorHits == 0 && s.LocalLanguage && (armedTerms > 0 || casualtyTerms > 0 || strongTopic))
            ties.Add("a Kyrgyz or Tajik text about \"the border\" with a clash, casualties or delimitation");
        bool tied = ties.Count > 0;
        reasons.AddRange(ties);

        // 2. Is there a border topic? General words count next to a border word; next to a border place
        // when they describe an incident (severity 3+) or are "local" border vocabulary (resettlement, canal,
        // pasture, handover: "Vorukh gets drinking water" is not border news, "Dostuk families get new
        // houses" is); with both sides and an armed-clash, water, land, crossing or local word; or in a
        // border district with clash or casualty words.
        bool placeFrame = (corePlaces > 0 || weakPlaces > 0) && (weakSeverity >= 3 || localTerms > 0);
        bool topic = strongTopic || (weakTopic && (frame || placeFrame || (bothSides && (armedTerms > 0 || landTerms > 0 || crossingTerms > 0 || localTerms > 0)) || areaTie));
        if (strongTopic) reasons.Add("a border topic term");
        else if (topic) reasons.Add("a general topic term next to a border place or border word");

        // 3. Is it about something else?
        bool distracted = false;
        if (distractorHits > 0 && corePlaces == 0 && distractorHits > Math.Min(kgHits, tjHits))
        {
            distracted = true;
            reasons.Add($"about another border or conflict ({string.Join(", ", distractorNames)})");
        }
        if ((markers & (int)Marker.Disaster) != 0 && armedTerms == 0)
        {
            distracted = true;
            reasons.Add("a natural-disaster story without a border incident");
        }
        bool frontierCrossing = (corePlaces > 0 || weakPlaces > 0) && (crossingTerms > 0 || localTerms > 0);
        if ((markers & (int)(Marker.Sport | Marker.Economy)) != 0 && !armedOrIncident && !frontierCrossing)
        {
            distracted = true;
            reasons.Add("a sport or economy story without a border incident");
        }

        // 4. Is the border the news, or background? When the title names no border word, frontier place or
        // the pair, and the topic words all come after the lead (title and first sentence) and speak only
        // of talks, treaties or calm (severity ≤ 2), the border is mentioned in passing: "Batken votes in
        // local polls … few candidates mentioned last year's border treaty." A clash or an incident later
        // in the text still counts.
        if (tied && topic && !distracted && !leadTopic && !borderInTitle && laterTopicSeverity <= 2 && s.Fields[1].Length > 0)
        {
            distracted = true;
            reasons.Add("the border is mentioned only in passing, after the lead");
        }

        bool relevant = tied && topic && !distracted;
        if (!tied) reasons.Add("does not tie the Kyrgyz–Tajik pair (no border place, no pair, no border word with a side)");
        if (!topic) reasons.Add("no border topic term");
        int tie = (corePlaces > 0 ? 3 : 0) + (bothSides ? 2 : 0) + (weakPlaces + areaPlaces > 0 ? 1 : 0) + (frame ? 1 : 0);

        double topicWeight = categoryWeight.Sum() + casualtyWeight;
        double strength = tie + topicWeight;
        double score = relevant
            ? 0.5 + 0.5 * (1 - Math.Exp(-strength / 4))
            : 0.49 * Math.Min(1, (tie + (topic ? 2 : 0)) / 6.0);

        var category = Category.None;
        if (relevant)
        {
            // A clash with deaths or wounded is an armed clash, not an incident.
            if (casualtyWeight > 0 && conflictWeight > 0)
            {
                categoryWeight[(int)Category.Incident] -= conflictWeight;
                categoryWeight[(int)Category.ArmedClash] += conflictWeight;
            }
            double best = 0;
            foreach (var c in TieOrder)
                if (categoryWeight[(int)c] > best) { best = categoryWeight[(int)c]; category = c; }
            if (category == Category.None) category = casualtyWeight > 0 ? Category.Humanitarian : Category.Diplomacy;
        }
        int severity = relevant ? Math.Clamp(Math.Max(leadSeverity, bodySeverity), 1, 5) : 0;
        if (relevant) reasons.Add($"severity {severity}: highest term severity in the title and summary (body terms count up to 3)");

        return new Detection
        {
            Relevant = relevant,
            Score = Math.Round(score, 3),
            Category = category,
            Severity = severity,
            Places = places,
            Actors = actors,
            Evidence = evidence,
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

    [Flags]
    private enum Marker { None = 0, Disaster = 1, Sport = 2, Economy = 4 }

    private readonly record struct Match(Feature Feature, int Start, int End, int Word, bool Dropped = false);

    private sealed class Scratch
    {
        public readonly FoldBuffer Buffer = new();
        public readonly List<PatternHit> Hits = new(64);
        public readonly List<Match> Matches = new(64);
        public readonly List<(int Composite, byte Slot, Match Match)> CompositeSlots = new(16);
        public readonly string[] Fields = ["", "", ""];
        public int WordPos, WordCount;
        /// <summary>The text has letters only Kyrgyz or Tajik use (ң ө ү ҳ қ ғ ҷ ӣ ӯ), or their own word for the border.</summary>
        public bool LocalLanguage;
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
            LeadEnd = -1;
        }
    }
}
