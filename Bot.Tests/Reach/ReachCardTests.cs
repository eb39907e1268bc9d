using System.Text.Json.Nodes;
using CoachBot.Localization;
using CoachBot.Reach;
using CoachBot.Roster;
using CoachBot.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace CoachBot.Tests.Reach;

/// <summary>The <c>reach</c> card in every state and language, against the Adaptive Cards parser.</summary>
public sealed class ReachCardTests
{
    private static readonly Organization Organization = new(Options.Create(
        new ConfigurationBuilder().AddInMemoryCollection(TestRoster.Settings()).Build().GetSection("Organization").Get<OrganizationOptions>()!));

    private static readonly DateTimeOffset Tried = new(2026, 11, 27, 7, 30, 0, TimeSpan.Zero);

    /// <summary>Every reach state and outcome once, with and without a team, in both languages, with and without installs.</summary>
    public static Dictionary<string, JsonObject> EveryCard()
    {
        var members = Organization.Members;
        var everyone = new List<MemberReach>
        {
            new(members[0], ReachState.Reachable, null),
            new(members[1], ReachState.NeverInstalled, new InstallAttempt(InstallOutcome.Installed, Tried, null, members[1].AadObjectId)),
            new(members[2], ReachState.InstallFailed, new InstallAttempt(InstallOutcome.RefusedByPolicy, Tried, "Forbidden", members[2].AadObjectId)),
            new(members[3], ReachState.Removed, null),
            new(members[4], ReachState.NeverInstalled, new InstallAttempt(InstallOutcome.AlreadyInstalled, Tried, "Conflict", members[4].AadObjectId)),
            new(members[5], ReachState.InstallFailed, new InstallAttempt(InstallOutcome.NoSuchUser, Tried, ReachInstallRun.NoUserWithThisEmail, null)),
        };
        var team = new TeamComparison(true, [new TeamMember("33333333-0000-0000-0000-000000000001", "Eve Outsider", null, null)], [members[1]]);
        var cards = new Dictionary<string, JsonObject>();
        foreach (var installs in (bool[])[true, false])
        {
            var reachCards = new ReachCards(new Texts(), Organization, Options.Create(new ReachOptions { TeamsAppId = installs ? "catalog-app" : null }));
            foreach (var language in Languages.All)
            {
                cards[$"Reach/Cards/reach.json {language} installs={installs} team"] = reachCards.Card(everyone, team, language);
                cards[$"Reach/Cards/reach.json {language} installs={installs} no team"] = reachCards.Card(everyone, new TeamComparison(false, [], []), language);
                cards[$"Reach/Cards/reach.json {language} installs={installs} all reachable"] = reachCards.Card(
                    everyone.Select(r => r with { State = ReachState.Reachable }).ToList(), new TeamComparison(true, [], []), language);
            }
        }
        return cards;
    }

    [Fact]
    public async Task TheReachCardParsesCleanlyInEveryStateAndLanguage()
    {
        var results = await CardValidator.ValidateAsync(EveryCard());

        Assert.All(results, r => Assert.Empty(r.Value));
    }

    [Fact]
    public void EveryStateHasItsOwnSentence()
    {
        var reachCards = new ReachCards(new Texts(), Organization, Options.Create(new ReachOptions()));
        var card = CardText.Joined(EveryCard()["Reach/Cards/reach.json en installs=True team"]);

        Assert.Contains("- " + BotTestBed.Text("en", "reach_line_requested", "Marc Delorme", "27 November 2026"), card);
        Assert.Contains("- " + BotTestBed.Text("en", "reach_line_removed", "Amina Haddad"), card);
        Assert.Contains("- " + BotTestBed.Text("en", "reach_line_failed", "Priya Nair", BotTestBed.Text("en", "reach_why_no_email"), "27 November 2026", "4 December 2026"), card);
        Assert.Contains("1 person is in the team but not on the roster: | - Eve Outsider", card);
        Assert.Equal(BotTestBed.Text("en", "reach_line_reachable", "Claire Fontaine"), reachCards.Line(new MemberReach(Organization.Members[0], ReachState.Reachable, null), "en"));
    }
}
