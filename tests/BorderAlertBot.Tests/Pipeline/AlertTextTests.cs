using BorderAlertBot.Core.Alerts;
using BorderAlertBot.Sinks;
using BorderAlertBot.Tests.Fakes;
using Xunit;

namespace BorderAlertBot.Tests.Pipeline;

public class AlertTextTests
{
    [Fact]
    public void An_article_carried_by_two_feeds_is_listed_once()
    {
        var alert = TestStore.Alert("a-1", "Exchange of fire near Vorukh") with
        {
            Sources = [new AlertSource("24.kg", "https://24.kg/1", "kg24-en", null), new AlertSource("24.kg", "https://24.kg/1", "kg24-ru", null), new AlertSource("Kloop", "https://kloop.kg/2", "kloop", null)],
        };
        string text = AlertText.Format(alert);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "https://24.kg/1"));
        Assert.Contains("Kloop https://kloop.kg/2", text, StringComparison.Ordinal);
    }
}
