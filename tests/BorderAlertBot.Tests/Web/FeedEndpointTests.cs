using System.Text.Json;
using System.Xml.Linq;
using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Feeds.Parsing;
using BorderAlertBot.Tests.Fakes;
using Xunit;

namespace BorderAlertBot.Tests.Web;

/// <summary>The bot's own Atom and JSON feeds and /api/alerts, read back by the project's own feed parser.</summary>
public class FeedEndpointTests
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private static Alert Seeded(string id, string headline, int severity, string category, DateTimeOffset at, string story, bool update = false, params (string Id, string Name)[] places) =>
        TestStore.Alert(id, headline, severity, category, at, summary: headline + ".", storyId: story, places: places) with { IsUpdate = update, Change = update ? "Death toll rises to 3" : null };

    [Fact]
    public async Task Feeds_carry_one_entry_per_story_and_an_update_moves_its_updated_time()
    {
        await using var rig = await WebRig.StartFeedsAsync();
        var now = DateTimeOffset.UtcNow;
        var first = now.AddDays(-2);
        await rig.SeedAsync(
            Seeded("a1", "Border guards exchange fire near Vorukh", 4, "armed_clash", first, "story-vorukh", places: ("vorukh", "Vorukh")),
            Seeded("a2", "Water dispute at Golovnoy intake", 2, "water_land", now.AddDays(-5), "story-water", places: ("golovnoy-water-intake", "Golovnoy water intake")),
            Seeded("a3", "An old clash outside the window", 5, "armed_clash", now.AddDays(-60), "story-old", places: ("kok-tash", "Kok-Tash")));
        await rig.StartAsync();

        var parser = new FeedParser(TimeProvider.System);
        byte[] atom = await rig.Client.GetByteArrayAsync("/alerts.atom");
        var parsed = parser.Parse(atom, "utf-8", new Uri(rig.Client.BaseAddress!, "alerts.atom"), "self", "BorderAlertBot", "en");
        Assert.Equal(2, parsed.Items.Count);
        Assert.Contains(parsed.Items, i => i.Title == "Border guards exchange fire near Vorukh" && i.Link == "https://24.kg/a1");
        Assert.DoesNotContain(parsed.Items, i => i.Title.Contains("old clash", StringComparison.Ordinal));
        var entry = XDocument.Parse(System.Text.Encoding.UTF8.GetString(atom)).Root!.Elements(Atom + "entry").Single(e => (string?)e.Element(Atom + "id") == "urn:borderalert:story:story-vorukh");
        var updatedBefore = DateTimeOffset.Parse((string)entry.Element(Atom + "updated")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(first.ToUnixTimeSeconds(), updatedBefore.ToUnixTimeSeconds());
        Assert.Contains("Severity 4/5", (string)entry.Element(Atom + "content")!);
        Assert.Contains("Vorukh (TJ)", (string)entry.Element(Atom + "content")!);
        Assert.Contains(entry.Elements(Atom + "category"), c => (string?)c.Attribute("term") == "severity-4");

        byte[] json = await rig.Client.GetByteArrayAsync("/alerts.json");
        var parsedJson = parser.Parse(json, "utf-8", new Uri(rig.Client.BaseAddress!, "alerts.json"), "self-json", "BorderAlertBot", "en");
        Assert.Equal(2, parsedJson.Items.Count);
        Assert.Contains(parsedJson.Items, i => i.Title == "Water dispute at Golovnoy intake");

        // The same story, told again an hour later: still one entry, with a later updated time.
        var later = first.AddHours(1);
        await rig.SeedAsync(Seeded("a1u", "Three dead after exchange of fire near Vorukh", 5, "armed_clash", later, "story-vorukh", update: true, places: ("vorukh", "Vorukh")));
        atom = await rig.Client.GetByteArrayAsync("/alerts.atom");
        var entries = XDocument.Parse(System.Text.Encoding.UTF8.GetString(atom)).Root!.Elements(Atom + "entry").ToList();
        Assert.Equal(2, entries.Count);
        entry = entries.Single(e => (string?)e.Element(Atom + "id") == "urn:borderalert:story:story-vorukh");
        var updatedAfter = DateTimeOffset.Parse((string)entry.Element(Atom + "updated")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(later.ToUnixTimeSeconds(), updatedAfter.ToUnixTimeSeconds());
        Assert.Equal("Three dead after exchange of fire near Vorukh", (string)entry.Element(Atom + "title")!);
        Assert.Equal(parsed.Items.Count, parser.Parse(atom, "utf-8", new Uri(rig.Client.BaseAddress!, "alerts.atom"), "self", "BorderAlertBot", "en").Items.Count);

        using var feed = JsonDocument.Parse(await rig.Client.GetByteArrayAsync("/alerts.json"));
        Assert.Equal("https://jsonfeed.org/version/1.1", feed.RootElement.GetProperty("version").GetString());
        var item = feed.RootElement.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetString() == "urn:borderalert:story:story-vorukh");
        Assert.Equal(later.ToUnixTimeSeconds(), item.GetProperty("date_modified").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.Equal(5, item.GetProperty("_border_alert").GetProperty("severity").GetInt32());
        Assert.Equal("Vorukh", item.GetProperty("_border_alert").GetProperty("places")[0].GetProperty("name").GetString());

        // Nothing personal: the delivery's chat id is in the store, never on the wire.
        foreach (var path in new[] { "/", "/alerts.atom", "/alerts.json", "/api/alerts" })
            Assert.DoesNotContain("9876543210", await rig.Client.GetStringAsync(path));
    }

    [Fact]
    public async Task Api_alerts_filters_by_days_severity_and_place_and_explains_bad_input()
    {
        await using var rig = await WebRig.StartFeedsAsync();
        var now = DateTimeOffset.UtcNow;
        await rig.SeedAsync(
            Seeded("b1", "Shots near Vorukh", 4, "armed_clash", now.AddDays(-1), "s-b1", places: ("vorukh", "Vorukh")),
            Seeded("b2", "Checkpoint at Kyzyl-Bel reopens", 1, "crossing", now.AddDays(-3), "s-b2", places: ("kyzyl-bel-checkpoint", "Kyzyl-Bel checkpoint")),
            Seeded("b3", "Talks on delimitation", 2, "diplomacy", now.AddDays(-20), "s-b3"));
        await rig.StartAsync();

        static async Task<List<string>> Ids(HttpClient client, string query)
        {
            using var doc = JsonDocument.Parse(await client.GetStringAsync("/api/alerts" + query));
            return doc.RootElement.GetProperty("incidents").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();
        }
        Assert.Equal(["s-b1", "s-b2", "s-b3"], await Ids(rig.Client, ""));
        Assert.Equal(["s-b1", "s-b2"], await Ids(rig.Client, "?days=7"));
        Assert.Equal(["s-b1"], await Ids(rig.Client, "?minSeverity=3"));
        Assert.Equal(["s-b2"], await Ids(rig.Client, "?place=kyzyl-bel%20checkpoint"));
        Assert.Equal(["s-b1"], await Ids(rig.Client, "?place=vorukh&minSeverity=4&days=2"));

        foreach (var (query, message) in new[] { ("?days=0", "days must be a whole number from 1 to 365"), ("?days=abc", "days must be"), ("?minSeverity=9", "minSeverity must be a whole number from 0 to 5") })
        {
            var response = await rig.Client.GetAsync("/api/alerts" + query);
            Assert.Equal(400, (int)response.StatusCode);
            Assert.Contains(message, await response.Content.ReadAsStringAsync());
        }
    }
}
