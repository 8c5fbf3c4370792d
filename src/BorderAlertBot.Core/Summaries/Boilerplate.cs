using System.Text.RegularExpressions;

namespace BorderAlertBot.Core.Summaries;

/// <summary>Sentences that are about the outlet, not the news: subscription pleas, "Read more", share widgets.</summary>
public static partial class Boilerplate
{
    [GeneratedRegex(
        @"(appeared first on|появил\w* сначала на|first appeared on|support (us|the moscow times|independent)|small favou?r to ask|please support|subscribe|donat(e|ion)|read more|read also|continue reading|remind me later|not ready to support|paiment methods|payment methods|share (this|on)|follow us|our telegram|click here|sign up|newsletter|all rights reserved|©|" +
        @"подпис(ывайтесь|аться|ка)|читайте (также|далее|полностью)|поддерж(ите|ать) (нас|редакцию)|наш телеграм|присоединяйтесь|поделиться|реклама|" +
        @"жазылыңыз|жазылуу|окуңуз|бөлүшүү|биздин телеграм|" +
        @"обуна шавед|ба мо обуна|бештар хонед|мо дар телеграм|моро дастгирӣ)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Plea();

    public static bool IsBoilerplate(string sentence)
    {
        if (sentence.Length < 3) return true;
        return Plea().IsMatch(sentence);
    }
}
