using System.Globalization;
using System.Text.RegularExpressions;
using BorderAlertBot.Core.Alerts;

namespace BorderAlertBot.Core.Summaries;

/// <summary>Pulls killed / wounded / evacuated counts out of text in the four languages ("59 killed", "погибли 36 человек", "41 киши каза болду", "19 нафар кушта шуд").</summary>
public static partial class FigureExtractor
{
    private const string Num = @"(?<n>\d{1,3}(?:[ ,.\u00A0]\d{3})+|\d+)";
    private const string Gap = @"(?:\s+[\p{L}\-]+){0,3}?\s+";

    [GeneratedRegex(Num + Gap + @"(?:people |persons |civilians |servicemen |soldiers )?(?:were |was |have been |has been |are |is )?(?:killed|dead|died|deaths|fatalities|погиб\w*|убит\w*|погибш\w*|жертв\w*|каза бол\w*|курман бол\w*|өлүм\w*|кушта\w*|ҳалок\w*|фавт\w*)", RegexOptions.IgnoreCase)]
    private static partial Regex KilledAfter();
    [GeneratedRegex(@"(?:killed|death toll (?:rises |rose |climbs |climbed )?(?:to|at)|погибли|погибло|погиб|убиты|число погибших(?: [\p{L}\-]+){0,5}? (?:возросло |выросло )?до|курман болгондордун саны|кушта шуданд|ҳалок шуданд)" + @"\s+(?:at least |не менее |по меньшей мере |более |свыше |)?" + Num, RegexOptions.IgnoreCase)]
    private static partial Regex KilledBefore();
    [GeneratedRegex(Num + Gap + @"(?:people |persons |civilians |soldiers )?(?:were |have been )?(?:wounded|injured|hurt|ранен\w*|пострадав\w*|пострадал\w*|жарадар\w*|жараат\w*|захмӣ\w*|захми\w*|маҷрӯҳ\w*|мачрух\w*)", RegexOptions.IgnoreCase)]
    private static partial Regex WoundedAfter();
    [GeneratedRegex(@"(?:wounded|injured|ранены|пострадали|ранения получили|жарадар болду|захмӣ шуданд)\s+(?:at least |не менее |более |)?" + Num, RegexOptions.IgnoreCase)]
    private static partial Regex WoundedBefore();
    [GeneratedRegex(Num + Gap + @"(?:people |residents |civilians )?(?:were |have been )?(?:evacuated|эвакуир\w*|эвакуац\w*|көчүрүл\w*|эвакуацияланды\w*|кӯчонида\w*|кучонида\w*|эвакуатсия\w*)", RegexOptions.IgnoreCase)]
    private static partial Regex EvacuatedAfter();
    [GeneratedRegex(@"(?:evacuated|эвакуированы|эвакуировано|эвакуировали)\s+(?:more than |over |about |более |свыше |около |)?" + Num, RegexOptions.IgnoreCase)]
    private static partial Regex EvacuatedBefore();

    // Small numbers are written as words ("one border guard was killed", "ранены двое", "эки адам", "ду нафар").
    [GeneratedRegex(@"(?<![\p{L}\d])(?<!\bno |\bни )(?:one|two|three|four|five|six|seven|eight|nine|ten|один|одна|одного|два|две|двое|двух|троих|трое|трех|трёх|три|четверо|четыре|пятеро|пять|бир|эки|үч|төрт|беш|як|ду|се|чор|панҷ)(?![\p{L}\d])", RegexOptions.IgnoreCase)]
    private static partial Regex NumberWord();

    private static string Digits(Match m) => m.Value.ToLowerInvariant() switch
    {
        "one" or "один" or "одна" or "одного" or "бир" or "як" => "1",
        "two" or "два" or "две" or "двое" or "двух" or "эки" or "ду" => "2",
        "three" or "троих" or "трое" or "трех" or "трёх" or "три" or "үч" or "се" => "3",
        "four" or "четверо" or "четыре" or "төрт" or "чор" => "4",
        "five" or "пятеро" or "пять" or "беш" or "панҷ" => "5",
        "six" => "6", "seven" => "7", "eight" => "8", "nine" => "9",
        _ => "10",
    };

    public static Casualties Extract(string text)
    {
        if (string.IsNullOrEmpty(text)) return Casualties.None;
        text = NumberWord().Replace(text, Digits);
        return new Casualties(
            Max(text, KilledAfter(), KilledBefore()),
            Max(text, WoundedAfter(), WoundedBefore()),
            Max(text, EvacuatedAfter(), EvacuatedBefore()));
    }

    private static int? Max(string text, Regex after, Regex before)
    {
        int? best = null;
        foreach (var regex in new[] { after, before })
            foreach (Match m in regex.Matches(text))
            {
                string digits = new(m.Groups["n"].Value.Where(char.IsDigit).ToArray());
                if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 && n < 1_000_000 && !(n >= 1900 && n <= 2100))
                    best = Math.Max(best ?? 0, n);
            }
        return best;
    }
}
