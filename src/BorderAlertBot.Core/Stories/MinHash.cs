using BorderAlertBot.Core.Text;

namespace BorderAlertBot.Core.Stories;

/// <summary>
/// MinHash signatures over folded word shingles (2-word, plus single words of 5+ letters so short
/// headlines still overlap). The fraction of equal slots estimates the Jaccard similarity of two texts.
/// Folding first means case, script and spelling variants do not separate two reports of one event.
/// </summary>
public static class MinHash
{
    public const int Size = 64;
    private static readonly (ulong A, ulong B)[] Seeds = BuildSeeds();

    public static uint[] Signature(string text)
    {
        var signature = new uint[Size];
        Array.Fill(signature, uint.MaxValue);
        string[] words = TextFolder.Fold(text).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.Length > 2 && !w.Contains('~')).ToArray();
        for (int i = 0; i < words.Length; i++)
        {
            if (words[i].Length >= 5) Add(signature, Fnv(words[i]));
            if (i + 1 < words.Length) Add(signature, Fnv(words[i] + " " + words[i + 1]));
        }
        return signature;
    }

    public static double Similarity(uint[] a, uint[] b)
    {
        if (a.Length != Size || b.Length != Size) return 0;
        int equal = 0, empty = 0;
        for (int i = 0; i < Size; i++)
        {
            if (a[i] == uint.MaxValue && b[i] == uint.MaxValue) empty++;
            else if (a[i] == b[i]) equal++;
        }
        return empty == Size ? 0 : (double)equal / (Size - empty);
    }

    public static string Encode(uint[] signature)
    {
        var bytes = new byte[signature.Length * 4];
        Buffer.BlockCopy(signature, 0, bytes, 0, bytes.Length);
        return Convert.ToBase64String(bytes);
    }

    public static uint[] Decode(string? encoded)
    {
        if (string.IsNullOrEmpty(encoded)) return [];
        var bytes = Convert.FromBase64String(encoded);
        var signature = new uint[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, signature, 0, signature.Length * 4);
        return signature;
    }

    private static void Add(uint[] signature, ulong hash)
    {
        for (int i = 0; i < Size; i++)
        {
            uint h = (uint)((Seeds[i].A * hash + Seeds[i].B) >> 32);
            if (h < signature[i]) signature[i] = h;
        }
    }

    private static ulong Fnv(string s)
    {
        ulong h = 14695981039346656037UL;
        foreach (char c in s) { h ^= c; h *= 1099511628211UL; }
        return h;
    }

    private static (ulong, ulong)[] BuildSeeds()
    {
        // Fixed seeds: signatures are persisted and compared across processes and versions.
        var seeds = new (ulong, ulong)[Size];
        ulong x = 0x9E3779B97F4A7C15UL;
        for (int i = 0; i < Size; i++)
        {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            ulong a = x | 1;
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            seeds[i] = (a, x);
        }
        return seeds;
    }
}
