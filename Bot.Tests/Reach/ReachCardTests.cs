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

    [Fact]
    public void WithHundredsUnreachableAndAThousandStrangersInTheTeamTheCardStaysUnderWhatTeamsAcceptsAndSaysHowManyMore()
    {
        var template = Organization.Members[0];
        var everyone = Enumerable.Range(0, 600).Select(i => new MemberReach(
            template with { Id = $"rep{i:D3}@coachbot.example", Name = $"Représentante Numéro {i:D3} Longuenom-Dupont de la Villardière" },
            ReachState.InstallFailed, new InstallAttempt(InstallOutcome.RefusedByPolicy, Tried, "Forbidden: the app permission policy of the tenant blocks this app", null)))
            .ToList();
        var strangers = Enumerable.Range(0, 1000).Select(i => new TeamMember($"44444444-0000-0000-0000-{i:D12}", new string('é', CoachBot.Teams.TeamMembership.MaxNameLength), null, null)).ToList();
        var team = new TeamComparison(true, strangers, everyone.Select(r => r.Member).ToList());
        var reachCards = new ReachCards(new Texts(), Organization, Options.Create(new ReachOptions { TeamsAppId = "catalog-app" }));

        foreach (var language in Languages.All)
        {
            var card = reachCards.Card(everyone, team, language);

            // Measured as the SDK writes it, where every card crosses to Teams.
            Assert.InRange(CoachBot.Teams.MessageSize.SizeOf((Microsoft.Bot.Schema.Activity)CoachBot.Teams.CardMessages.Message(card)), 1, CoachBot.Teams.MessageSize.MaxBytes);
            var texts = CardText.All(card);
            var shown = (
                Unreachable: texts.Count(t => t.StartsWith("- Représentante", StringComparison.Ordinal) && t.Contains(':', StringComparison.Ordinal)),
                Strangers: texts.Count(t => t.StartsWith("- éé", StringComparison.Ordinal)),
                NotInTeam: texts.Count(t => t.StartsWith("- Représentante", StringComparison.Ordinal) && !t.Contains(':', StringComparison.Ordinal)));
            Assert.All(new[] { shown.Unreachable, shown.Strangers, shown.NotInTeam }, n => Assert.InRange(n, 1, ReachCards.MaxNames));
            Assert.Contains(BotTestBed.Plural(language, "list_and_more", 600 - shown.Unreachable), texts);
            Assert.Contains(BotTestBed.Plural(language, "list_and_more", 1000 - shown.Strangers), texts);
            Assert.Contains(BotTestBed.Plural(language, "list_and_more", 600 - shown.NotInTeam), texts);
        }
    }
}
