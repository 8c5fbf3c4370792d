using System.Text;
using System.Text.Json;

namespace BorderAlertBot.Bench;

/// <summary>One generated news item, as plain text (what the detector sees after parsing).</summary>
public sealed record BenchItem(string Lang, string Title, string Summary, string Content, bool FromCorpus, bool CorpusRelevant)
{
    public int Utf8Bytes { get; } = Encoding.UTF8.GetByteCount(Title) + Encoding.UTF8.GetByteCount(Summary) + Encoding.UTF8.GetByteCount(Content);
}

/// <summary>
/// Realistic item text for the benchmarks. Real feeds are mostly not about the border: most items are
/// everyday news (economy, city, weather, culture, sport, health) written here in the four languages;
/// a small share starts from a labelled corpus sentence (border items and near-misses: other borders,
/// floods, football) and is padded with the same everyday text, as articles are.
/// </summary>
public sealed class NewsText
{
    private static readonly string[] Langs = ["en", "ru", "ky", "tj"];

    private static readonly Dictionary<string, string[]> Titles = new()
    {
        ["en"] =
        [
            "Bishkek city hall approves new bus routes for the autumn season",
            "National Bank keeps the policy rate unchanged at its quarterly meeting",
            "Dushanbe hosts regional conference on renewable energy",
            "Wheat harvest expected to exceed last year's figure, ministry says",
            "New cardiology centre opens in Osh after two years of construction",
            "Tajik cotton exports grow by 12 percent in the first half of the year",
            "Parliament passes amendments to the tax code in the second reading",
            "Air quality in the capital worsens as heating season begins",
            "Central Asian film festival announces its programme",
            "Remittances from Russia rise despite the weaker rouble",
            "Mobile operators agree to lower roaming prices across the region",
            "University entrance exams to move online next year",
        ],
        ["ru"] =
        [
            "Мэрия Бишкека утвердила новые автобусные маршруты",
            "Нацбанк сохранил учетную ставку на прежнем уровне",
            "В Душанбе прошла региональная конференция по возобновляемой энергетике",
            "Урожай пшеницы превысит прошлогодний показатель, сообщили в министерстве",
            "В Оше открылся новый кардиологический центр",
            "Экспорт хлопка из Таджикистана вырос на 12 процентов",
            "Парламент принял поправки в Налоговый кодекс во втором чтении",
            "Качество воздуха в столице ухудшилось с началом отопительного сезона",
            "Объявлена программа кинофестиваля стран Центральной Азии",
            "Денежные переводы из России выросли, несмотря на ослабление рубля",
            "Мобильные операторы снизят цены на роуминг",
            "Вступительные экзамены в вузы со следующего года пройдут онлайн",
        ],
        ["ky"] =
        [
            "Бишкек мэриясы жаңы автобус каттамдарын бекитти",
            "Улуттук банк эсептик ченди өзгөртпөй калтырды",
            "Ош шаарында жаңы кардиология борбору ачылды",
            "Буудай түшүмү былтыркыдан ашат деп күтүлүүдө",
            "Жогорку Кеңеш Салык кодексине өзгөртүүлөрдү экинчи окууда кабыл алды",
            "Борбор калаада жылытуу мезгили башталып, аба сапаты начарлады",
            "Борбор Азия кинофестивалынын программасы жарыяланды",
            "Орусиядан келген акча которуулар көбөйдү",
            "Мобилдик операторлор роуминг баасын арзандатат",
            "Жогорку окуу жайларга кирүү сынактары онлайн өтөт",
        ],
        ["tj"] =
        [
            "Мақомоти шаҳри Душанбе хатсайрҳои нави автобусро тасдиқ кард",
            "Бонки миллӣ меъёри бозтамвилро бетағйир гузошт",
            "Дар Душанбе конфронси минтақавӣ оид ба энергияи барқароршаванда баргузор шуд",
            "Ҳосили гандум аз соли гузашта зиёд хоҳад буд",
            "Содироти пахтаи Тоҷикистон 12 фоиз афзоиш ёфт",
            "Парлумон ба Кодекси андоз тағйирот ворид кард",
            "Сифати ҳаво дар пойтахт бо оғози мавсими гармидиҳӣ бад шуд",
            "Барномаи ҷашнвораи филмҳои Осиёи Марказӣ эълон шуд",
            "Ҳаҷми интиқоли пул аз Русия афзоиш ёфт",
            "Имтиҳонҳои дохилшавӣ ба донишгоҳҳо онлайн мегузаранд",
        ],
    };

    private static readonly Dictionary<string, string[]> Sentences = new()
    {
        ["en"] =
        [
            "The city transport department said the new routes would connect the southern residential districts with the central market and the railway station.",
            "According to the statistics committee, consumer prices rose by 0.8 percent in the past month, driven mainly by food and fuel.",
            "Officials said the project was financed by a loan from the Asian Development Bank and would be completed by the end of next year.",
            "Farmers in the Chui valley reported that the harvest had started two weeks earlier than usual because of the warm spring.",
            "The ministry of health urged residents to get vaccinated against seasonal influenza before the start of the winter.",
            "Analysts expect the exchange rate to remain stable until the end of the quarter, supported by remittances and gold exports.",
            "The festival will screen more than forty films from Kazakhstan, Uzbekistan, Kyrgyzstan, Tajikistan and Turkmenistan.",
            "Teachers' salaries will be raised by 15 percent from January, the finance ministry said in a statement on Tuesday.",
            "The new terminal at the international airport is designed to handle two million passengers a year.",
            "Local residents complained about frequent power cuts and asked the electricity distribution company to repair the substation.",
            "The national football team will play two friendly matches in Antalya as part of its preparation for the qualifiers.",
            "The government plans to digitise all land registration records within three years, the deputy minister told reporters.",
            "Prices for apartments in the capital have doubled over the last five years, according to real estate agencies.",
            "The weather service forecasts rain in the north of the country and snow in the mountains at the weekend.",
            "A delegation of investors from the United Arab Emirates visited the hydropower plant and discussed a possible expansion.",
            "The mayor's office said that more than three hundred trees would be planted along the main avenue this autumn.",
        ],
        ["ru"] =
        [
            "В департаменте транспорта пояснили, что новые маршруты свяжут южные жилмассивы с центральным рынком и железнодорожным вокзалом.",
            "По данным Нацстаткома, потребительские цены за месяц выросли на 0,8 процента, в основном за счет продуктов питания и топлива.",
            "Проект финансируется за счет кредита Азиатского банка развития и должен быть завершен до конца следующего года.",
            "Фермеры Чуйской долины сообщили, что уборка урожая началась на две недели раньше обычного из-за теплой весны.",
            "Минздрав призвал граждан пройти вакцинацию против сезонного гриппа до начала зимы.",
            "Аналитики ожидают, что курс сома останется стабильным до конца квартала благодаря переводам мигрантов и экспорту золота.",
            "На фестивале покажут более сорока фильмов из Казахстана, Узбекистана, Кыргызстана, Таджикистана и Туркменистана.",
            "Зарплаты учителей с января повысят на 15 процентов, сообщили во вторник в министерстве финансов.",
            "Новый терминал международного аэропорта рассчитан на два миллиона пассажиров в год.",
            "Жители жалуются на частые отключения электроэнергии и просят распределительную компанию отремонтировать подстанцию.",
            "Национальная сборная по футболу проведет два товарищеских матча в Анталье в рамках подготовки к отборочному турниру.",
            "Правительство планирует за три года перевести в цифровой формат все записи о регистрации недвижимости.",
            "Цены на квартиры в столице за последние пять лет выросли вдвое, по данным агентств недвижимости.",
            "Синоптики прогнозируют дожди на севере страны и снег в горах в выходные дни.",
            "Делегация инвесторов из ОАЭ посетила гидроэлектростанцию и обсудила возможное расширение мощностей.",
            "В мэрии сообщили, что этой осенью вдоль главного проспекта высадят более трехсот деревьев.",
        ],
        ["ky"] =
        [
            "Транспорт департаментинин маалыматына караганда, жаңы каттамдар түштүк конуштарды борбордук базар жана темир жол вокзалы менен байланыштырат.",
            "Улуттук статистика комитетинин маалыматы боюнча, керектөө баалары бир айда 0,8 пайызга өстү.",
            "Долбоор Азия өнүктүрүү банкынын насыясынын эсебинен каржыланып, кийинки жылдын аягына чейин бүтөт.",
            "Чүй өрөөнүнүн дыйкандары жылуу жаздын айынан түшүм жыйноо эки жума эрте башталганын билдиришти.",
            "Саламаттыкты сактоо министрлиги жарандарды кыш башталганга чейин сасык тумоого каршы эмдөөдөн өтүүгө чакырды.",
            "Фестивалда Казакстан, Өзбекстан, Кыргызстан, Тажикстан жана Түркмөнстандан кырктан ашык тасма көрсөтүлөт.",
            "Мугалимдердин айлыгы январдан тартып 15 пайызга көтөрүлөт, деп билдирди финансы министрлиги.",
            "Эл аралык аэропорттун жаңы терминалы жылына эки миллион жүргүнчүнү тейлөөгө ылайыкталган.",
            "Тургундар электр жарыгы көп өчүп жатканына нааразы болуп, подстанцияны оңдоону суранышты.",
            "Улуттук курама команда тандоо оюндарына даярдыктын алкагында Анталияда эки жолдоштук беттеш өткөрөт.",
            "Өкмөт үч жылдын ичинде кыймылсыз мүлктү каттоо маалыматтарын толугу менен санариптештирүүнү пландап жатат.",
            "Синоптиктер дем алыш күндөрү өлкөнүн түндүгүндө жаан, тоолордо кар жаай турганын айтышты.",
        ],
        ["tj"] =
        [
            "Ба гуфтаи раёсати нақлиёт, хатсайрҳои нав маҳаллаҳои ҷанубиро бо бозори марказӣ ва истгоҳи роҳи оҳан пайваст мекунанд.",
            "Тибқи маълумоти Агентии омор, нархи маҳсулоти истеъмолӣ дар як моҳ 0,8 фоиз боло рафт.",
            "Лоиҳа аз ҳисоби қарзи Бонки Осиёии Рушд маблағгузорӣ мешавад ва то охири соли оянда анҷом меёбад.",
            "Деҳқонони водии Ҳисор гуфтанд, ки ҷамъоварии ҳосил ба сабаби баҳори гарм ду ҳафта пештар оғоз шуд.",
            "Вазорати тандурустӣ аҳолиро даъват кард, ки то фарорасии зимистон бар зидди зуком эм гиранд.",
            "Дар ҷашнвора беш аз чил филм аз Қазоқистон, Ӯзбекистон, Қирғизистон, Тоҷикистон ва Туркманистон намоиш дода мешавад.",
            "Маоши омӯзгорон аз моҳи январ 15 фоиз зиёд мешавад, гуфта шудааст дар изҳороти Вазорати молия.",
            "Терминали нави фурудгоҳи байналмилалӣ барои хизматрасонӣ ба ду миллион мусофир дар як сол пешбинӣ шудааст.",
            "Сокинон аз қатъшавии зуд-зуди барқ шикоят карда, таъмири зеристгоҳро талаб карданд.",
            "Тими мунтахаби футбол дар доираи омодагӣ ба бозиҳои интихобӣ дар Анталия ду бозии рафиқона мегузаронад.",
            "Ҳукумат ният дорад дар се сол ҳамаи сабтҳои бақайдгирии амволи ғайриманқулро рақамӣ кунад.",
            "Синоптикҳо дар рӯзҳои истироҳат дар шимоли кишвар борон ва дар кӯҳҳо барф пешгӯӣ мекунанд.",
        ],
    };

    private readonly List<CorpusEntry> _corpus;

    public NewsText(string corpusPath)
    {
        _corpus = [];
        foreach (string line in File.ReadLines(corpusPath))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            _corpus.Add(new CorpusEntry(
                r.GetProperty("lang").GetString() ?? "en",
                r.GetProperty("title").GetString() ?? "",
                r.TryGetProperty("summary", out var s) ? s.GetString() ?? "" : "",
                r.TryGetProperty("relevant", out var rel) && rel.GetBoolean()));
        }
        if (_corpus.Count == 0) throw new InvalidOperationException($"{corpusPath} holds no corpus lines");
    }

    public IReadOnlyList<CorpusEntry> Corpus => _corpus;

    /// <summary>
    /// An item of about <paramref name="targetBytes"/> UTF-8 bytes in <paramref name="lang"/> (any when null).
    /// With probability <paramref name="corpusShare"/> it starts from a corpus entry (border news or a
    /// near-miss); otherwise it is everyday news. Items of 2 KB and more carry a body (content) besides the
    /// lead (summary), as full-text feeds do. Even-numbered corpus entries only: the odd-numbered border
    /// entries are kept for <see cref="BorderItem"/>, so "new" border items are news to the store.
    /// </summary>
    public BenchItem Item(Random random, int targetBytes, double corpusShare, string? lang = null)
    {
        if (random.NextDouble() < corpusShare)
        {
            CorpusEntry c;
            int guard = 0;
            do c = _corpus[random.Next(_corpus.Count / 2) * 2]; while (lang is not null && c.Lang != lang && ++guard < 10_000);
            return Pad(random, c.Lang, c.Title, c.Summary, targetBytes, true, c.Relevant);
        }
        lang ??= Langs[random.Next(Langs.Length)];
        var titles = Titles[lang];
        var qualifiers = Qualifiers[lang];
        var prefixes = Prefixes[lang];
        string title = prefixes[random.Next(prefixes.Length)] + titles[random.Next(titles.Length)] + qualifiers[random.Next(qualifiers.Length)];
        return Pad(random, lang, title, "", targetBytes, false, false);
    }

    /// <summary>A border item from an odd-numbered relevant corpus entry (the new items that produce alerts).</summary>
    public BenchItem BorderItem(Random random, int targetBytes, string? lang = null)
    {
        CorpusEntry c;
        int guard = 0;
        do c = _corpus[Math.Min(_corpus.Count - 1, random.Next(_corpus.Count / 2) * 2 + 1)];
        while ((!c.Relevant || (lang is not null && c.Lang != lang)) && ++guard < 10_000);
        return Pad(random, c.Lang, c.Title, c.Summary, targetBytes, true, true);
    }

    private static readonly Dictionary<string, string[]> Prefixes = new()
    {
        ["en"] = ["", "", "", "Update: ", "Video: ", "Photo: ", "Analysis: ", "Opinion: ", "Breaking: ", "Explainer: "],
        ["ru"] = ["", "", "", "Обновлено: ", "Видео: ", "Фото: ", "Анализ: ", "Мнение: ", "Срочно: ", "Разбор: "],
        ["ky"] = ["", "", "", "Жаңыланды: ", "Видео: ", "Сүрөт: ", "Талдоо: ", "Пикир: ", "Шашылыш: ", "Түшүндүрмө: "],
        ["tj"] = ["", "", "", "Навсозӣ: ", "Видео: ", "Акс: ", "Таҳлил: ", "Андеша: ", "Фаврӣ: ", "Шарҳ: "],
    };

    private static readonly Dictionary<string, string[]> Qualifiers = new()
    {
        ["en"] = ["", ", officials say", ", report says", ", ministry says", " in Osh", " in Naryn", " in Khujand", " in Kulob", " this week", ": what we know", " — update", ", sources say", " in Jalal-Abad", " in Karakol"],
        ["ru"] = ["", ", сообщают чиновники", ": подробности", ", заявили в министерстве", " в Оше", " в Нарыне", " в Худжанде", " в Кулябе", " на этой неделе", ": что известно", " — обновлено", ", сообщают источники", " в Джалал-Абаде", " в Караколе"],
        ["ky"] = ["", ", дешет расмий өкүлдөр", ": толук маалымат", ", дейт министрлик", " Ошто", " Нарында", " Жалал-Абадда", " Караколдо", " ушул жумада", ": эмне белгилүү", " — жаңыланды", ", дешет булактар"],
        ["tj"] = ["", ", мегӯянд мақомот", ": тафсилот", ", гуфт вазорат", " дар Хуҷанд", " дар Кӯлоб", " дар Бохтар", " дар Хоруғ", " дар ин ҳафта", ": чӣ маълум аст", " — навсозӣ шуд", ", мегӯянд манбаъҳо"],
    };

    private static BenchItem Pad(Random random, string lang, string title, string lead, int targetBytes, bool fromCorpus, bool relevant)
    {
        var sentences = Sentences[lang];
        int titleBytes = Encoding.UTF8.GetByteCount(title);
        int leadTarget = targetBytes >= 2048 ? 600 : targetBytes - titleBytes;
        var summary = new StringBuilder(lead);
        int summaryBytes = Encoding.UTF8.GetByteCount(lead);
        while (summaryBytes < leadTarget - 60)
            summaryBytes += Append(summary, sentences[random.Next(sentences.Length)]);
        var content = new StringBuilder();
        if (targetBytes >= 2048)
        {
            // The body repeats the lead, as most full-text feeds do, then continues.
            content.Append(summary);
            int used = titleBytes + 2 * summaryBytes;
            while (used < targetBytes - 60)
            {
                used += Append(content, sentences[random.Next(sentences.Length)]);
                if (random.Next(5) == 0) { content.Append("\n\n"); used += 2; }
            }
        }
        return new BenchItem(lang, title, summary.ToString(), content.ToString(), fromCorpus, relevant);
    }

    /// <summary>Appends a sentence; returns the UTF-8 bytes added.</summary>
    private static int Append(StringBuilder sb, string sentence)
    {
        int added = Encoding.UTF8.GetByteCount(sentence);
        if (sb.Length > 0 && sb[^1] != '\n') { sb.Append(' '); added++; }
        sb.Append(sentence);
        return added;
    }

    public sealed record CorpusEntry(string Lang, string Title, string Summary, bool Relevant);
}
