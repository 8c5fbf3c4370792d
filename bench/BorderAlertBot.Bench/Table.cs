namespace BorderAlertBot.Bench;

/// <summary>Prints a plain text table with columns padded to their widest cell.</summary>
public static class Table
{
    public static void Print(IReadOnlyList<string> header, IReadOnlyList<string[]> rows)
    {
        int columns = header.Count;
        var widths = new int[columns];
        for (int c = 0; c < columns; c++)
            widths[c] = Math.Max(header[c].Length, rows.Count == 0 ? 0 : rows.Max(r => c < r.Length ? r[c].Length : 0));
        void Line(IReadOnlyList<string> cells) =>
            Console.WriteLine("| " + string.Join(" | ", Enumerable.Range(0, columns).Select(c => (c < cells.Count ? cells[c] : "").PadRight(widths[c]))) + " |");
        Line(header);
        Console.WriteLine("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
        foreach (var row in rows) Line(row);
    }
}
