namespace BorderAlertBot.Core.Detection;

public sealed partial class BorderDetector
{
    /// <summary>Adds up the matches: sides, places by tier, border words, distractors, and topic terms (composites once complete).</summary>
    private DetectionTally Tally(Scratch s)
    {
        var t = new DetectionTally { LocalLanguage = s.LocalLanguage, OutletRegion = s.Region };
        var placeSeen = new HashSet<int>();
        var actorSeen = new HashSet<int>();
        var countedTerms = new HashSet<(int, int)>();
        foreach (var m in s.Matches)
        {
            if (m.Dropped) continue;
            var f = m.Feature;
            switch (f.Kind)
            {
                case FeatureKind.Country:
                    if (f.Ref == _kg) t.KgHits++; else if (f.Ref == _tj) t.TjHits++;
                    AddEvidence(s, t.Evidence, m, "country", _gazetteer.Countries[f.Ref].Id);
                    break;
                case FeatureKind.Pair:
                    t.PairHits++;
                    if (Field(s, m) == 0) t.BorderInTitle = true;
                    AddEvidence(s, t.Evidence, m, "pair", "KG-TJ");
                    break;
                case FeatureKind.BorderContext:
                    t.BorderWords++;
                    if (Field(s, m) == 0) t.BorderInTitle = true;
                    if (f.Local) t.LocalLanguage = true;
                    AddEvidence(s, t.Evidence, m, "border", "border");
                    break;
                case FeatureKind.Place:
                {
                    var p = _gazetteer.Places[f.Ref];
                    if (p.Tier == "core") t.CorePlaces++; else if (p.Tier == "weak") t.WeakPlaces++; else t.AreaPlaces++;
                    if (p.Tier is "core" or "weak" && Field(s, m) == 0) t.BorderInTitle = true;
                    if (p.Side == "KG") t.KgHits++; else if (p.Side == "TJ") t.TjHits++;
                    // One entry per name: a place may be listed twice (phrases in one entry, bare forms of a
                    // common-word name in a weaker one).
                    if (placeSeen.Add(f.Ref) && !t.Places.Exists(x => x.Name == p.Name)) t.Places.Add(new PlaceRef(p.Id, p.Name, p.Side, p.Type, p.Lat, p.Lon));
                    AddEvidence(s, t.Evidence, m, "place", p.Name);
                    break;
                }
                case FeatureKind.Actor:
                {
                    var a = _gazetteer.Actors[f.Ref];
                    if (a.Side == "KG") t.KgHits++; else if (a.Side == "TJ") t.TjHits++;
                    if (a.BorderSpecific) t.BorderActor = true;
                    if (actorSeen.Add(f.Ref)) t.Actors.Add(a.Name);
                    AddEvidence(s, t.Evidence, m, "actor", a.Name);
                    break;
                }
                case FeatureKind.Distractor:
                {
                    var d = _gazetteer.Distractors[f.Ref];
                    t.DistractorHits++;
                    if (!t.DistractorNames.Contains(d.Id)) t.DistractorNames.Add(d.Id);
                    AddEvidence(s, t.Evidence, m, "distractor", d.Id);
                    break;
                }
                case FeatureKind.Term:
                    CountTerm(s, t, countedTerms, f.Ref, m);
                    break;
                case FeatureKind.TermPart:
                    s.CompositeSlots.Add((f.Ref, f.Slot, m));
                    break;
            }
        }
        CountComposites(s, t, countedTerms);
        return t;
    }

    /// <summary>"A ~ B [~ C]" terms: every part within a few words of the first, in the same field; one count per composite and field.</summary>
    private void CountComposites(Scratch s, DetectionTally t, HashSet<(int, int)> countedTerms)
    {
        var slots = s.CompositeSlots;
        var countedComposites = new HashSet<(int, int)>();
        for (int i = 0; i < slots.Count; i++)
        {
            var (composite, slot, first) = slots[i];
            if (slot != 0) continue;
            int parts = _patterns.CompositeParts[composite];
            var span = first;
            bool complete = true;
            for (int part = 1; part < parts && complete; part++)
            {
                complete = false;
                foreach (var (other, otherSlot, o) in slots)
                {
                    if (other != composite || otherSlot != part || Math.Abs(o.Word - first.Word) > CompositeWindowWords || Field(s, o) != Field(s, first)) continue;
                    span = span with { Start = Math.Min(span.Start, o.Start), End = Math.Max(span.End, o.End) };
                    complete = true;
                    break;
                }
            }
            if (!complete || !countedComposites.Add((composite, Field(s, first)))) continue;
            CountTerm(s, t, countedTerms, _patterns.CompositeTerm[composite], span);
        }
    }

    private void CountTerm(Scratch s, DetectionTally t, HashSet<(int, int)> countedTerms, int termIndex, Match m)
    {
        var term = _lexicon.Terms[termIndex];
        var marker = _termMarker[termIndex];
        if (marker != Marker.None)
        {
            t.Markers |= marker;
            if (marker == Marker.Forces) { t.ForcesFields |= 1 << Field(s, m); return; } // who fights, not what happened
            AddEvidence(s, t.Evidence, m, term.Category, term.Id);
            return;
        }
        var category = _termCategory[termIndex];
        int field = Field(s, m);
        bool lead = InLead(s, m);
        if (term.Strong) t.StrongTopic = true;
        else { t.WeakTopic = true; t.WeakSeverity = Math.Max(t.WeakSeverity, term.Severity); }
        if (category is Category.Humanitarian && term.Severity >= 4) t.CasualtyTerms++;
        if (category is Category.ArmedClash or Category.Incident) t.ArmedOrIncident = true;
        if (category is Category.ArmedClash || term.Conflict) t.ArmedTerms++;
        if (category is Category.WaterLand) t.LandTerms++;
        if (category is Category.Crossing) t.CrossingTerms++;
        if (term.Local) t.LocalTerms++;
        t.FireSeen |= term.Fire;
        if (term.Conflict) t.ConflictFields |= 1 << field;
        if (lead)
        {
            t.LeadTopic = true;
            t.LeadTopicSeverity = Math.Max(t.LeadTopicSeverity, term.Severity);
            if (field == 0) { t.DeescalationInTitle |= term.Deescalation; t.FireInTitle |= term.Fire; t.ConfrontationInTitle |= term.Confrontation; }
            else { t.DeescalationInLead |= term.Deescalation; t.FireInLead |= term.Fire; }
        }
        else t.LaterTopicSeverity = Math.Max(t.LaterTopicSeverity, term.Severity);
        // A term's weight counts once per field, however many of its spellings matched: twice in the title,
        // once in the lead, half after it (later sentences recall the past: "three years after the war").
        // Casualty words (killed, wounded) say how bad, not what kind: they vote only when nothing else does.
        bool casualty = category is Category.Humanitarian && term.Severity >= 4 && term.Id is "killed" or "wounded";
        if (countedTerms.Add((termIndex, field)))
        {
            double weight = term.Weight * (field == 0 ? 2 : lead ? 1 : 0.5);
            if (casualty) t.CasualtyWeight += term.Weight;
            else t.CategoryWeight[(int)category] += weight;
            if (term.Conflict) t.ConflictWeight += weight;
            if (term.Confrontation) t.ConfrontationWeight += weight;
            if (term.Confrontation && category == Category.Incident) t.IncidentActWeight += weight;
        }
        if (field == 2) t.BodySeverity = Math.Max(t.BodySeverity, Math.Min(term.Severity, 3));
        else t.LeadSeverity = Math.Max(t.LeadSeverity, term.Severity);
        AddEvidence(s, t.Evidence, m, "term:" + term.Category, term.Id);
    }
}
