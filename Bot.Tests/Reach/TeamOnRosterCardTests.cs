using System.Text.Json.Nodes;
using CoachBot.Reach;
using CoachBot.Tests.Infrastructure;
using CoachBot.Tests.Roster;
using CoachBot.Tests.Teams;

namespace CoachBot.Tests.Reach;

/// <summary>The team the app is in, against the roster, on the <c>roster</c> card: who to add (with a button), who is missing from the team.</summary>
public sealed class TeamOnRosterCardTests
{
    private const string TeamId = "19:export-team@thread.tacv2";
    private const string Omar = "44444444-0000-0000-0000-000000000001";
    private static readonly TeamsUserAccount Claire = TestRoster.Director with { Locale = "en-US" };

    private static Task KeepTeamAsync(BotApp bot) => bot.Service<TeamMemberStore>().ReplaceAsync(TeamId,
    [
        new TeamMember(TestRoster.Director.AadObjectId!, TestRoster.Director.Name, null, null),
        new TeamMember(TestRoster.Rep.AadObjectId!, TestRoster.Rep.Name, null, null),
        new TeamMember(Omar, "Omar Said", "omar.said@example.com", "omar.said@example.com"),
    ], pages: 1, CancellationToken.None);

    [Fact]
    public async Task TheRosterCardNamesWhoIsInTheTeamButNotOnTheRosterAndWhoIsOnTheRosterButNotInTheTeam()
    {
        await using var bot = await RosterTestBed.StartAsync(Azurite.NewPrefix());
        await KeepTeamAsync(bot);

        var card = await RosterCardTests.ActAsync(bot, Claire, "roster.show", new JsonObject { ["search"] = "" });

        var texts = InstallationTests.AllTexts(card);
        Assert.Contains(BotTestBed.Text("en", "reach_not_on_roster_one"), texts);
        Assert.Contains("omar.said@example.com", texts);
        Assert.Contains(BotTestBed.Text("en", "reach_not_in_team_other", "4"), texts);
        Assert.Contains("Marc Delorme, Hugo Bernard, Wei Lin, Priya Nair", texts);
        var french = InstallationTests.AllTexts(await RosterCardTests.ActAsync(bot, TestRoster.Director, "roster.show", new JsonObject { ["search"] = "" }));
        Assert.Contains(BotTestBed.Text("fr", "reach_not_on_roster_one"), french);
        Assert.Contains("Ajouter", french);
        var results = await CardValidator.ValidateAsync(new Dictionary<string, JsonObject> { ["Roster/Cards/roster.json with a team"] = card });
        Assert.Empty(results.SelectMany(r => r.Value));
    }

    [Fact]
    public async Task TheAddButtonOfATeamMemberOpensThePersonFormFilledWithTheirNameEmailAndObjectId()
    {
        await using var bot = await RosterTestBed.StartAsync(Azurite.NewPrefix());
        await KeepTeamAsync(bot);
        var card = await RosterCardTests.ActAsync(bot, Claire, "roster.show", new JsonObject { ["search"] = "" });
        var add = Actions(card).Single(a => (string?)a["verb"] == "roster.add" && (string?)a["data"]?["aadObjectId"] == Omar);

        var form = await RosterCardTests.ActAsync(bot, Claire, "roster.add", add["data"]!.DeepClone().AsObject());

        Assert.Equal("Omar Said", Input(form, "name"));
        Assert.Equal("omar.said@example.com", Input(form, "email"));
        Assert.Equal(Omar, Input(form, "aadObjectId"));
    }

    [Fact]
    public async Task WithoutATeamTheRosterCardSaysNothingAboutTeams()
    {
        await using var bot = await RosterTestBed.StartAsync(Azurite.NewPrefix());

        var card = await RosterCardTests.ActAsync(bot, Claire, "roster.show", new JsonObject { ["search"] = "" });

        Assert.DoesNotContain("The team", InstallationTests.AllTexts(card));
        Assert.DoesNotContain(Actions(card), a => (string?)a["verb"] == "roster.add" && a["data"]?["aadObjectId"] is not null);
    }

    private static IEnumerable<JsonObject> Actions(JsonNode? node) => node switch
    {
        JsonObject o when (string?)o["type"] == "Action.Execute" => [o],
        JsonObject o => o.SelectMany(p => Actions(p.Value)),
        JsonArray a => a.SelectMany(Actions),
        _ => [],
    };

    private static string? Input(JsonObject card, string id) =>
        (string?)Elements(card).Single(e => (string?)e["id"] == id)["value"];

    private static IEnumerable<JsonObject> Elements(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(p => Elements(p.Value))),
        JsonArray a => a.SelectMany(Elements),
        _ => [],
    };
}
