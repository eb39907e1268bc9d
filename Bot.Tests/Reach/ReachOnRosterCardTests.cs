using CoachBot.Localization;
using CoachBot.Tests.Infrastructure;
using CoachBot.Tests.Roster;
using CoachBot.Tests.Teams;

namespace CoachBot.Tests.Reach;

public sealed class ReachOnRosterCardTests
{
    [Fact]
    public async Task TheRosterCardSaysUnderEachPersonWhetherTheBotCanReachThem()
    {
        await using var bot = await RosterTestBed.StartAsync(Azurite.NewPrefix());
        (await bot.Http.PostAsync(TeamsActivities.InstallationAdd(TestRoster.Director, bot.Connector.ServiceUrl))).EnsureSuccessStatusCode();

        await bot.Http.PostAsync(TeamsActivities.Message(TestRoster.Director, bot.Connector.ServiceUrl, "effectif"));

        var card = (await bot.Connector.WaitForAsync(a => a.ConversationId == TestRoster.Director.ConversationId && a.Card?.ToString().Contains("Effectif") == true)).Card!;
        var texts = InstallationTests.AllTexts(card).ToList();
        var words = new Texts();
        Assert.Contains(words.Format("fr", "reach_line_reachable", TestRoster.Director.Name), texts);
        Assert.Contains(words.Format("fr", "reach_line_never", TestRoster.Rep.Name), texts);
    }
}
