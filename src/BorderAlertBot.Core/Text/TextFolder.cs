using System.Globalization;
using System.Text;

namespace BorderAlertBot.Core.Text;

/// <summary>
/// Folds text in any of our four languages to one Latin matching key, so that spellings of one name
/// in Latin, Russian, Kyrgyz and Tajik Cyrillic meet ("Ворух", "Vorukh", "Voruh" → "voruh").
/// Steps: NFKC (only when the text needs it), lower case, ё→е, Kyrgyz ң ө ү and Tajik ҷ ҳ қ ғ ӣ ӯ to the
/// plain letters people type instead, Cyrillic→Latin, then Latin digraph folding (kh→h, zh/dzh/dj→j,
/// gh→g, x→h, y→i, w→v, q→k) and doubled letters collapsed. Apostrophes vanish ("Qal'acha" = "Qalacha");
/// every other non-letter becomes one space. The output starts with a space and words are separated by
/// exactly one space, so a pattern " voruh" can only match at a word start.
/// </summary>
public static class TextFolder
{
    // Per source char: the Latin letters it folds to ("" drops it, " " breaks a word).
    private static readonly string[] Table = BuildTable();

    /// <summary>Folds a string (used for patterns and short keys). Allocates; hot paths use <see cref="Fold(ReadOnlySpan{char}, FoldBuffer)"/>.</summary>
    public static string Fold(string text)
    {
        var buffer = new FoldBuffer();
        Fold(text, buffer);
        return new string(buffer.Chars, 0, buffer.Length).Trim();
    }

    /// <summary>Appends the folded form of <paramref name="text"/> to <paramref name="buffer"/>; positions map back to <paramref name="text"/> offsets plus <paramref name="offset"/>.</summary>
    public static void Fold(ReadOnlySpan<char> text, FoldBuffer buffer, int offset = 0)
    {
        if (buffer.Length == 0) buffer.Append(' ', offset);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            string mapped;
            if (c < Table.Length) mapped = Table[c];
            else if (char.IsHighSurrogate(c) || char.IsLowSurrogate(c)) mapped = "~";
            else if (c >= 0x2000 && c <= 0x206F) mapped = c is '\u2019' or '\u2018' or '\u201B' or '\u2032' ? "" : " ";
            else if (char.IsLetterOrDigit(c)) mapped = "~"; // a word char that no pattern contains
            else mapped = " ";
            for (int k = 0; k < mapped.Length; k++) buffer.Append(mapped[k], offset + i);
        }
    }

    /// <summary>True when a string holds combining marks or compatibility characters that only NFKC resolves.</summary>
    public static bool NeedsNormalization(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (c < 0x0300) continue;
            if (c <= 0x036F || (c >= 0x0483 && c <= 0x0489)) return true;   // combining marks
            if (c >= 0x2070) return true;                                     // ligatures, full-width, super/subscripts…
        }
        return false;
    }

    public static string NormalizeIfNeeded(string text) =>
        NeedsNormalization(text) ? text.Normalize(NormalizationForm.FormKC) : text;

    private static string[] BuildTable()
    {
        var table = new string[0x0500];
        for (int i = 0; i < table.Length; i++)
        {
            char c = (char)i;
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9') table[i] = c.ToString();
            else if (c is >= 'A' and <= 'Z') table[i] = char.ToLowerInvariant(c).ToString();
            else if (char.IsLetterOrDigit(c)) table[i] = FoldLetter(c);
            else table[i] = " ";
        }
        foreach (char apostrophe in "'`´ʹʻʼʽˈ") table[apostrophe] = "";
        return table;
    }

    private static string FoldLetter(char c)
    {
        char lower = char.ToLowerInvariant(c);
        string? cyr = Cyrillic(lower);
        if (cyr is not null) return cyr;
        switch (lower)
        {
            case 'ß': return "ss";
            case 'æ': return "ae";
            case 'ø': return "o";
            case 'ı': return "i";
            case 'đ': return "d";
            case 'ł': return "l";
            case 'ŋ': return "n";
            case 'ə': return "a";
        }
        string decomposed = lower.ToString().Normalize(NormalizationForm.FormD);
        char basic = decomposed[0];
        if (basic is >= 'a' and <= 'z') return basic.ToString();
        if (char.IsDigit(c)) return CharUnicodeInfo.GetDecimalDigitValue(c) is var d and >= 0 ? d.ToString(CultureInfo.InvariantCulture) : "~";
        return "~";
    }

    private static string? Cyrillic(char c) => c switch
    {
        'а' => "a", 'б' => "b", 'в' => "v", 'г' => "g", 'д' => "d", 'е' => "e", 'ё' => "e", 'ж' => "zh",
        'з' => "z", 'и' => "i", 'й' => "y", 'к' => "k", 'л' => "l", 'м' => "m", 'н' => "n", 'о' => "o",
        'п' => "p", 'р' => "r", 'с' => "s", 'т' => "t", 'у' => "u", 'ф' => "f", 'х' => "kh", 'ц' => "ts",
        'ч' => "ch", 'ш' => "sh", 'щ' => "sh", 'ъ' => "", 'ы' => "y", 'ь' => "", 'э' => "e", 'ю' => "yu",
        'я' => "ya",
        // Kyrgyz: people type Н/О/У for Ң/Ө/Ү, so fold to those.
        'ң' => "n", 'ө' => "o", 'ү' => "u",
        // Tajik: people type Ч/Х/К/Г/И/У without the diacritics; ҷ is usually replaced by ч.
        'ҷ' => "ch", 'ҳ' => "kh", 'қ' => "k", 'ғ' => "g", 'ӣ' => "i", 'ӯ' => "u",
        // Kazakh, Uzbek, Ukrainian, Belarusian letters that appear in regional names.
        'ә' => "a", 'һ' => "kh", 'ұ' => "u", 'ў' => "u", 'і' => "i", 'ї' => "i", 'є' => "e", 'ґ' => "g",
        'ҝ' => "g", 'ӯ' or 'ӱ' => "u", 'ӧ' => "o",
        _ => null,
    };
}

/// <summary>
/// A reusable output buffer for <see cref="TextFolder"/>: folded characters plus, for each, the index of
/// the source character it came from. Digraph folding runs as characters arrive, so the buffer is
/// always in final form.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1051", Justification = "The matcher's hot loop reads these arrays directly; properties would cost a copy or a call per character.")]
public sealed class FoldBuffer
{
    public char[] Chars = new char[1024];
    public int[] Map = new int[1024];
    public int Length;

    public void Clear() => Length = 0;

    public void Append(char c, int source)
    {
        if (c == ' ')
        {
            if (Length > 0 && Chars[Length - 1] == ' ') return; // collapse runs of spaces
            Put(c, source);
            return;
        }
        char prev = Length > 0 ? Chars[Length - 1] : ' ';
        switch (c)
        {
            case 'x': c = 'h'; goto default;   // Uzbek/Tajik Latin x = kh
            case 'y': c = 'i'; goto default;
            case 'w': c = 'v'; goto default;
            case 'q': c = 'k'; goto default;
            case 'h' when prev is 'k' or 'g':   // kh→h, gh→g
                if (prev == 'k') Chars[Length - 1] = 'h';
                return;
            case 'h' when prev == 'z':          // zh→j, and dzh→j
            {
                int src = Map[--Length];
                if (Length > 0 && Chars[Length - 1] == 'd') src = Map[--Length];
                Put('j', src);
                return;
            }
            case 'j' when prev == 'd':          // dj→j
            {
                int src = Map[--Length];
                Put('j', src);
                return;
            }
            default:
                if (Length > 0 && Chars[Length - 1] == c && c != '~') return; // doubled letters collapse
                Put(c, source);
                return;
        }
    }

    private void Put(char c, int source)
    {
        if (Length == Chars.Length)
        {
            Array.Resize(ref Chars, Chars.Length * 2);
            Array.Resize(ref Map, Map.Length * 2);
        }
        Chars[Length] = c;
        Map[Length] = source;
        Length++;
    }
}
