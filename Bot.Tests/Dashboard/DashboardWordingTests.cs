using System.Text.Json.Nodes;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Dashboard;

/// <summary>The tab's own words (Bot/Dashboard/web/strings.en.json and strings.fr.json): the same keys in both languages, French typography.</summary>
public sealed class DashboardWordingTests
{
    private static JsonObject Strings(string language) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "Bot", "Dashboard", "web", $"strings.{language}.json")))!.AsObject();

    /// <summary>Every text of a table, as "path = text" (plural forms and label groups are objects).</summary>
    private static IEnumerable<(string Path, string Text)> Texts(JsonObject table, string prefix = "") =>
        table.SelectMany(entry => entry.Value is JsonObject group
            ? Texts(group, prefix + entry.Key + ".")
            : [(prefix + entry.Key, entry.Value!.GetValue<string>())]);

    [Fact]
    public void BothLanguagesHaveTheSameKeys() =>
        Assert.Equal(Texts(Strings("en")).Select(t => t.Path).Order(), Texts(Strings("fr")).Select(t => t.Path).Order());

    [Fact]
    public void FrenchUsesTheTypographicApostropheAndANoBreakSpaceBeforeDoublePunctuation()
    {
        var french = Texts(Strings("fr")).ToList();
        Assert.NotEmpty(french);
        Assert.All(french, t => Assert.DoesNotContain("'", t.Text, StringComparison.Ordinal));
        Assert.All(french, t => Assert.DoesNotMatch(@" [:;?!]", t.Text));
        Assert.Equal("Taux de présence face à l’objectif", Strings("fr")["regionsTitle"]!.GetValue<string>());
    }
}
