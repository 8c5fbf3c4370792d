namespace BorderAlertBot.Core.Text;

/// <summary>
/// Kyrgyz and Tajik inflection as the matcher sees it: case, possessive, plural and "the one in…" endings,
/// in folded form (<see cref="TextFolder"/>: ы/и → i, ө → o, ү → u, ң → n, ҳ → h), so "Баткендеги",
/// "чек арадагы", "дрону", "марзҳоро", "Воруҳро" are a listed word plus endings. A word counts as the listed
/// word when the rest of it is one to three such endings, at most <see cref="MaxLength"/> letters: this is
/// what lets a lexicon entry name a word once instead of every form of it. Russian and English inflection
/// is not here: their forms are listed, or written as stems ("обстрел*").
/// </summary>
public static class KyrgyzTajikEndings
{
    public const int MaxLength = 7;
    private const int MaxEndings = 3;

    // Kyrgyz (vowel-harmony variants folded): plural, genitive, dative, accusative, locative, ablative,
    // 3rd-person possessive, "the one in/of" (-дагы, -лык); Tajik: izafet -и, object -ро, plural -ҳо/-он,
    // possessive -ам/-ат/-аш/-амон/-атон/-ашон, indefinite -е.
    private static readonly string[] Endings =
    [
        "lar", "ler", "lor", "dar", "der", "dor", "tar", "ter", "tor",
        "nin", "nun", "din", "dun", "tin", "tun",
        "ga", "ge", "go", "ka", "ke", "ko", "na", "ne", "a", "e", "o",
        "ni", "nu", "di", "du", "ti", "tu", "n",
        "da", "de", "do", "ta", "te", "to", "nda", "nde", "ndo",
        "dan", "den", "don", "tan", "ten", "ton", "nan", "nen", "non", "ndan", "nden",
        "i", "u", "si", "su",
        "dagi", "degi", "dogu", "tagi", "tegi", "togu", "ndagi", "ndegi",
        "lik", "luk", "dik", "duk", "tik", "tuk",
        "ro", "ho", "on", "am", "at", "ash", "amon", "aton", "ashon",
    ];

    private static readonly string[][] ByFirstLetter = Index();

    /// <summary>True when <paramref name="rest"/> (folded letters after a listed word) is one to three endings.</summary>
    /// <param name="minFirst">The shortest first ending allowed (Latin-typed names take no one-letter ending: "Arka" + "n" is not "Arkan").</param>
    public static bool IsEndingChain(ReadOnlySpan<char> rest, int minFirst = 1) =>
        rest.Length is > 0 and <= MaxLength && Chain(rest, MaxEndings, minFirst);

    private static bool Chain(ReadOnlySpan<char> rest, int endingsLeft, int minLength)
    {
        if (rest.Length == 0) return true;
        if (endingsLeft == 0 || rest[0] is < 'a' or > 'z') return false;
        foreach (string ending in ByFirstLetter[rest[0] - 'a'])
            if (ending.Length >= minLength && rest.StartsWith(ending, StringComparison.Ordinal) && Chain(rest[ending.Length..], endingsLeft - 1, 1))
                return true;
        return false;
    }

    private static string[][] Index()
    {
        var index = new string[26][];
        for (int c = 0; c < 26; c++) index[c] = Endings.Where(e => e[0] == 'a' + c).OrderByDescending(e => e.Length).ToArray();
        return index;
    }
}
