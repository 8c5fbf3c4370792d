using BorderAlertBot.Core.Detection;
using BorderAlertBot.Core.Text;
using Xunit;

namespace BorderAlertBot.Tests.Detection;

/// <summary>
/// Kyrgyz and Tajik inflection is the matcher's job, not the lexicon's: case and possessive endings, Kyrgyz
/// typed without Ң/Ө/Ү, Tajik without Ӣ/Ӯ/Ҳ/Қ/Ғ/Ҷ, Latin typing, all meet the one gazetteer id, and a lexicon
/// word listed once ("дрон", "чек ара") is found with its endings.
/// </summary>
public class InflectionTests
{
    [Theory]
    [InlineData("kok-tash", "Кок-Таш", "Кок-Таше", "Көк-Таштагы", "Кок-Таштагы", "Koktash", "Kok-Tashda", "Кўктош", "Кӯктош", "Куктош", "Кӯктошро")]
    [InlineData("vorukh", "Ворух", "Ворухе", "Воруҳ", "Воруҳро", "Ворухдагы", "Vorukh", "Vorukhda")]
    [InlineData("batken", "Баткен", "Баткендеги", "Баткенда", "Баткенге", "Ботканд", "Боткандро")]
    [InlineData("khoja-alo", "Хоҷаи Аъло", "Хочаи Аьло", "Хоҷаи Аълоро", "Хоҷаи Аълодан", "Хожа-Аъло")]
    public void Every_form_of_a_place_is_the_same_gazetteer_place(string id, params string[] forms)
    {
        foreach (string form in forms)
        {
            var places = TestPaths.Detector.FindPlaces(form);
            Assert.True(places.Any(p => p.Id == id), $"{form}: {string.Join(", ", places.Select(p => p.Id))}");
        }
    }

    [Theory]
    [InlineData("Arkan")]           // a Latin name takes no one-letter ending ("Arka" + "n")
    [InlineData("Vorukhbek")]        // "bek" is no ending
    public void A_longer_word_that_only_starts_like_a_place_is_not_it(string word)
    {
        Assert.Empty(TestPaths.Detector.FindPlaces(word));
    }

    [Theory]
    [InlineData("Тажик дрону Көк-Таштын үстүнөн учуп өттү", "drones")]          // "дрон" listed once; Kyrgyz possessive -у
    [InlineData("Тажик дрондору Көк-Таштын үстүнөн учуп өттү", "drones")]       // plural + possessive
    [InlineData("Дронҳои қирғиз бар фарози Ворух парвоз карданд", "drones")]         // Tajik plural + izafet
    [InlineData("Баткендеги согуштан кийин Ак-Сайда мектеп ачылды", "war")]         // "согуш" + ablative
    public void A_lexicon_word_listed_once_is_found_with_its_endings(string text, string reference)
    {
        var d = TestPaths.Detector.Detect(new DetectionInput(text));
        Assert.Contains(d.Evidence, e => e.Ref == reference);
    }

    [Theory]
    [InlineData("degi", true)]
    [InlineData("dagi", true)]
    [InlineData("ndan", true)]
    [InlineData("laridan", true)]    // -лары-дан: plural, possessive, ablative
    [InlineData("laridanga", false)] // four endings, nine letters: beyond what one word form carries
    [InlineData("bon", false)]       // марзбон (a border guard) is a word of its own, not марз + an ending
    [InlineData("bek", false)]
    [InlineData("", false)]
    public void Endings_are_one_to_three_known_kyrgyz_or_tajik_suffixes(string rest, bool expected)
    {
        Assert.Equal(expected, KyrgyzTajikEndings.IsEndingChain(rest));
    }

    [Fact]
    public void Latin_names_take_only_endings_of_two_letters_or_more()
    {
        Assert.True(KyrgyzTajikEndings.IsEndingChain("da", minFirst: 2));
        Assert.False(KyrgyzTajikEndings.IsEndingChain("n", minFirst: 2));
    }
}
