namespace BorderAlertBot.Core.Text;

/// <summary>A pattern occurrence in folded text: [Start, End) in folded positions.</summary>
public readonly record struct PatternHit(int PatternId, int Start, int End);

/// <summary>
/// Aho-Corasick automaton over the folded alphabet (space, a–z, 0–9, '~'), compiled to a dense DFA so a
/// scan is one table lookup per character however many patterns there are. Built once at start from the
/// gazetteer and lexicon; immutable and thread-safe afterwards.
/// </summary>
public sealed class PatternMatcher
{
    private const int AlphabetSize = 38;
    private static readonly sbyte[] Symbols = BuildSymbols();

    private readonly int[] _next;         // state * AlphabetSize + symbol → state
    private readonly int[] _outputStart;  // state → first index into _outputs (length = states + 1)
    private readonly int[] _outputs;      // pattern ids, every pattern that ends in a state, suffixes included
    private readonly int[] _lengths;      // pattern id → folded length

    public int PatternCount => _lengths.Length;

    private PatternMatcher(int[] next, int[] outputStart, int[] outputs, int[] lengths)
    {
        _next = next;
        _outputStart = outputStart;
        _outputs = outputs;
        _lengths = lengths;
    }

    /// <summary>Builds the automaton; pattern i must already be folded (see <see cref="TextFolder"/>).</summary>
    public static PatternMatcher Build(IReadOnlyList<string> patterns)
    {
        var goto_ = new List<int[]> { NewRow() };
        var own = new List<List<int>?> { null };
        var lengths = new int[patterns.Count];
        for (int p = 0; p < patterns.Count; p++)
        {
            string pattern = patterns[p];
            if (pattern.Length == 0) throw new ArgumentException($"Pattern {p} is empty after folding.");
            int state = 0;
            foreach (char c in pattern)
            {
                int sym = Symbol(c);
                if (sym < 0) throw new ArgumentException($"Pattern '{pattern}' holds '{c}', which is not folded text.");
                if (goto_[state][sym] <= 0)
                {
                    goto_[state][sym] = goto_.Count;
                    goto_.Add(NewRow());
                    own.Add(null);
                }
                state = goto_[state][sym];
            }
            (own[state] ??= []).Add(p);
            lengths[p] = pattern.Length;
        }

        int states = goto_.Count;
        var fail = new int[states];
        var order = new List<int>(states);
        var queue = new Queue<int>();
        for (int s = 0; s < AlphabetSize; s++)
        {
            int child = goto_[0][s];
            if (child > 0) { fail[child] = 0; queue.Enqueue(child); }
            else goto_[0][s] = 0;
        }
        while (queue.Count > 0)
        {
            int state = queue.Dequeue();
            order.Add(state);
            for (int s = 0; s < AlphabetSize; s++)
            {
                int child = goto_[state][s];
                if (child > 0)
                {
                    fail[child] = goto_[fail[state]][s];
                    queue.Enqueue(child);
                }
                else goto_[state][s] = goto_[fail[state]][s];
            }
        }

        // Flatten outputs in BFS order so a state's fail target is complete before it.
        var all = new List<int>[states];
        all[0] = own[0] ?? [];
        foreach (int state in order)
        {
            var list = new List<int>(own[state] ?? []);
            list.AddRange(all[fail[state]]);
            all[state] = list;
        }
        var outputStart = new int[states + 1];
        var outputs = new List<int>();
        var next = new int[states * AlphabetSize];
        for (int state = 0; state < states; state++)
        {
            outputStart[state] = outputs.Count;
            outputs.AddRange(all[state]);
            Array.Copy(goto_[state], 0, next, state * AlphabetSize, AlphabetSize);
        }
        outputStart[states] = outputs.Count;
        return new PatternMatcher(next, outputStart, [.. outputs], lengths);

        static int[] NewRow() => new int[AlphabetSize];
    }

    /// <summary>Scans folded text once and adds every pattern occurrence to <paramref name="hits"/>.</summary>
    public void Scan(ReadOnlySpan<char> folded, List<PatternHit> hits)
    {
        int state = 0;
        int[] next = _next, outputStart = _outputStart, outputs = _outputs;
        for (int i = 0; i < folded.Length; i++)
        {
            char c = folded[i];
            int sym = c < 128 ? Symbols[c] : -1;
            if (sym < 0) sym = AlphabetSize - 1;
            state = next[state * AlphabetSize + sym];
            int from = outputStart[state], to = outputStart[state + 1];
            for (int k = from; k < to; k++)
            {
                int id = outputs[k];
                hits.Add(new PatternHit(id, i + 1 - _lengths[id], i + 1));
            }
        }
    }

    private static int Symbol(char c) => c < 128 ? Symbols[c] : -1;

    private static sbyte[] BuildSymbols()
    {
        var symbols = new sbyte[128];
        Array.Fill(symbols, (sbyte)-1);
        symbols[' '] = 0;
        for (char c = 'a'; c <= 'z'; c++) symbols[c] = (sbyte)(1 + c - 'a');
        for (char c = '0'; c <= '9'; c++) symbols[c] = (sbyte)(27 + c - '0');
        symbols['~'] = AlphabetSize - 1;
        return symbols;
    }
}
