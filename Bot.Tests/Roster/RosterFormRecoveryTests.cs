using System.Text.Json.Nodes;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Roster;

/// <summary>
/// A refused form comes back with each input's own choices and every element of the blank form in the same place (an
/// error is shown or hidden, never added): renderers that match a replaced card's elements by position, as the Agents
/// Playground does, gave the Region list the BUs after a refused Save.
/// </summary>
public sealed class RosterFormRecoveryTests
{
    private static readonly TeamsUserAccount Claire = TestRoster.Director with { Locale = "en-US" };

    [Fact]
    public async Task ARefusedPersonFormKeepsEachListsOwnChoicesInTheSamePlacesAsTheBlankForm()
    {
        await using var bot = await RosterTestBed.StartAsync(Azurite.NewPrefix());
        var blank = await RosterCardTests.ActAsync(bot, Claire, "roster.add", []);

        // A rep with no region and a bad e-mail: two errors, one of them after the Role list.
        var refused = await RosterCardTests.ActAsync(bot, Claire, "roster.save", new JsonObject
        {
            ["name"] = "Omar Said", ["email"] = "omar", ["role"] = "rep", ["region"] = "none", ["businessUnit"] = "none", ["language"] = "none", ["version"] = "1",
        });

        Assert.Equal(Shape(blank), Shape(refused));
        Assert.Equal(["—", "Middle East & Africa", "Asia-Pacific"], Choices(refused, "region"));
        Assert.Equal(["—", "Pumps & Valves"], Choices(refused, "businessUnit"));
        Assert.Equal(["Rep", "BU lead", "Sponsor", "Director", "Roster admin"], Choices(refused, "role"));
        Assert.Equal(Choices(blank, "language"), Choices(refused, "language"));
        Assert.Equal("rep", Element(refused, "role")["value"]!.GetValue<string>());
        Assert.True(Element(refused, "regionError")["isVisible"]!.GetValue<bool>());
        Assert.Equal(BotTestBed.Text("en", "roster_error_region"), Element(refused, "regionError")["text"]!.GetValue<string>());
        Assert.False(Element(refused, "businessUnitError")["isVisible"]!.GetValue<bool>());
        Assert.False(Element(blank, "regionError")["isVisible"]!.GetValue<bool>());
        Assert.True(Element(refused, "refusal")["isVisible"]!.GetValue<bool>());
        Assert.False(Element(blank, "refusal")["isVisible"]!.GetValue<bool>());
        Assert.Empty((await CardValidator.ValidateAsync(new Dictionary<string, JsonObject> { ["blank"] = blank, ["refused"] = refused })).SelectMany(r => r.Value));
    }

    [Fact]
    public async Task ARefusedRegionOrBusinessUnitFormKeepsTheBlankFormsElementsInPlace()
    {
        await using var bot = await RosterTestBed.StartAsync(Azurite.NewPrefix());
        var blank = await RosterCardTests.ActAsync(bot, Claire, "roster.place", new JsonObject { ["kind"] = "unit", ["placeId"] = "" });

        var refused = await RosterCardTests.ActAsync(bot, Claire, "roster.place.save",
            new JsonObject { ["kind"] = "unit", ["placeId"] = "", ["id"] = "", ["timeZone"] = "Nowhere", ["objective"] = "-1", ["currency"] = "euro", ["version"] = "1" });

        Assert.Equal(Shape(blank), Shape(refused));
        Assert.True(Element(refused, "timeZoneError")["isVisible"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ARefusedSupportRequestFormKeepsTheBusinessUnitsAndNeedsInTheirOwnLists()
    {
        await using var bot = await RosterTestBed.StartAsync(Azurite.NewPrefix());
        var amina = TestRoster.Rep with { Locale = "en-US" };
        var blank = await RosterCardTests.ActAsync(bot, amina, "request.form", []);
        var formId = blank["actions"]!.AsArray().OfType<JsonObject>().First(a => (string?)a["verb"] == "request.open")["data"]!["formId"]!.GetValue<string>();

        var refused = await RosterCardTests.ActAsync(bot, amina, "request.open", new JsonObject
        {
            ["formId"] = formId, ["businessUnit"] = "pumps", ["customer"] = "", ["country"] = "Morocco", ["need"] = "quotation", ["description"] = "",
            ["dueDate"] = "2000-01-01", ["dealSize"] = "", ["currency"] = "EUR",
        });

        Assert.Equal(Shape(blank), Shape(refused));
        Assert.Equal(Choices(blank, "businessUnit"), Choices(refused, "businessUnit"));
        Assert.Equal(Choices(blank, "need"), Choices(refused, "need"));
        Assert.True(Element(refused, "customerError")["isVisible"]!.GetValue<bool>());
    }

    /// <summary>Every element of the card body, in order, by type and id (inputs, error lines, containers).</summary>
    internal static List<string> Shape(JsonObject card) =>
        card["body"]!.AsArray().OfType<JsonObject>().Select(e => $"{e["type"]} {e["id"]}").ToList();

    internal static JsonObject Element(JsonObject card, string id) =>
        card["body"]!.AsArray().OfType<JsonObject>().Single(e => (string?)e["id"] == id);

    internal static List<string> Choices(JsonObject card, string id) =>
        Element(card, id)["choices"]!.AsArray().Select(c => c!["title"]!.GetValue<string>()).ToList();
}
