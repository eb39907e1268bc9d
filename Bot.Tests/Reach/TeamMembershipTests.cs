using System.Text.Json.Nodes;
using CoachBot.Reach;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Reach;

/// <summary>The app in a team: its members read page by page through the Bot Framework SDK, kept up to date by the team's events, and compared with the roster.</summary>
public sealed class TeamMembershipTests
{
    private const string TeamId = "19:export-team@thread.tacv2";

    private static JsonObject Account(string name, string objectId, string? email = null) => new()
    {
        ["id"] = "29:" + objectId,
        ["name"] = name,
        ["aadObjectId"] = objectId,
        ["email"] = email,
        ["userPrincipalName"] = email,
    };

    private static JsonObject Account(TeamsUserAccount user) => new()
    {
        ["id"] = user.UserId,
        ["name"] = user.Name,
        ["aadObjectId"] = user.AadObjectId,
        ["userPrincipalName"] = user == TestRoster.EmailOnlyRep ? TestRoster.EmailOnlyRepEmail : null,
    };

    /// <summary>A conversationUpdate in the team's General channel, as Teams sends it.</summary>
    private static JsonObject TeamUpdate(Uri serviceUrl, string eventType, string list, params JsonObject[] accounts) =>
        TeamUpdate(TeamsActivities.TenantId, serviceUrl, eventType, list, accounts);

    private static JsonObject TeamUpdate(string tenantId, Uri serviceUrl, string eventType, string list, params JsonObject[] accounts) => new()
    {
        ["type"] = "conversationUpdate",
        ["id"] = Guid.NewGuid().ToString("N"),
        ["channelId"] = "msteams",
        ["serviceUrl"] = serviceUrl.ToString(),
        ["from"] = new JsonObject { ["id"] = TestRoster.Director.UserId, ["aadObjectId"] = TestRoster.Director.AadObjectId },
        ["recipient"] = new JsonObject { ["id"] = TeamsActivities.BotId, ["name"] = "CoachBot" },
        ["conversation"] = new JsonObject { ["id"] = TeamId, ["conversationType"] = "channel", ["isGroup"] = true, ["tenantId"] = tenantId },
        ["channelData"] = new JsonObject
        {
            ["team"] = new JsonObject { ["id"] = TeamId, ["name"] = "Export team" },
            ["eventType"] = eventType,
            ["tenant"] = new JsonObject { ["id"] = tenantId },
        },
        [list] = new JsonArray(accounts.Select(a => (JsonNode)a.DeepClone()).ToArray()),
    };

    private static JsonObject Bot() => new() { ["id"] = TeamsActivities.BotId, ["name"] = "CoachBot" };

    [Fact]
    public async Task AddedToATeamTheBotReadsEveryPageOfMembersFollowingTheContinuationTokens()
    {
        await using var bed = await ReachTestBed.StartAsync();
        var connector = bed.Bed.Connector;
        var strangers = Enumerable.Range(1, 7).Select(i => Account($"Guest {i:D2}", $"44444444-0000-0000-0000-{i:D12}", $"guest{i}@partner.example")).ToList();
        connector.TeamMembers[TeamId] = [Account(TestRoster.Director), Account(TestRoster.Rep), Account(TestRoster.EmailOnlyRep), .. strangers];
        connector.TeamPageSize = 3;

        var response = await bed.Bot.Http.PostAsync(TeamUpdate(connector.ServiceUrl, "teamMemberAdded", "membersAdded", Bot()));
        response.EnsureSuccessStatusCode();

        Assert.Equal([null, "page-3", "page-6", "page-9"], connector.TeamPageRequests.Select(r => r.ContinuationToken));
        Assert.All(connector.TeamPageRequests, r => Assert.Equal(TeamId, r.TeamId));
        var team = Assert.Single(await bed.Bot.Service<TeamMemberStore>().ListAsync(CancellationToken.None));
        Assert.Equal(10, team.Members.Count);

        var comparison = TeamComparison.Of([team], bed.Bot.Service<CoachBot.Roster.Organization>());
        Assert.Equal(strangers.Select(s => s["name"]!.GetValue<string>()), comparison.NotOnRoster.Select(m => m.Name));
        Assert.Equal(["Marc Delorme", "Hugo Bernard", "Wei Lin", "Nadia Amrani", "Omar Sy"], comparison.NotInTeam.Select(m => m.Name));
    }

    [Fact]
    public async Task MembersJoiningAndLeavingTheTeamAreKeptAndTheReachCardShowsTheDifference()
    {
        await using var bed = await ReachTestBed.StartAsync();
        var connector = bed.Bed.Connector;
        var guest = Account("Eve Outsider", "44444444-0000-0000-0000-000000000099", "eve@partner.example");
        connector.TeamMembers[TeamId] = [Account(TestRoster.Director), Account(TestRoster.Rep), guest];
        (await bed.Bot.Http.PostAsync(TeamUpdate(connector.ServiceUrl, "teamMemberAdded", "membersAdded", Bot()))).EnsureSuccessStatusCode();

        // Teams sends only ids for people joining; the SDK asks the connector for each one's details.
        connector.Members[TestRoster.EnglishRep.UserId] = Account(TestRoster.EnglishRep);
        (await bed.Bot.Http.PostAsync(TeamUpdate(connector.ServiceUrl, "teamMemberAdded", "membersAdded",
            new JsonObject { ["id"] = TestRoster.EnglishRep.UserId, ["aadObjectId"] = TestRoster.EnglishRep.AadObjectId }))).EnsureSuccessStatusCode();
        (await bed.Bot.Http.PostAsync(TeamUpdate(connector.ServiceUrl, "teamMemberRemoved", "membersRemoved", Account(TestRoster.Rep)))).EnsureSuccessStatusCode();

        var members = Assert.Single(await bed.Bot.Service<TeamMemberStore>().ListAsync(CancellationToken.None)).Members;
        Assert.Equal(["Claire Fontaine", "Eve Outsider", "Wei Lin"], members.Select(m => m.Name).Order());

        await bed.Bed.InstallAsync(TestRoster.Director);
        await bed.Bed.SayAsync(TestRoster.Director, "language en");
        var card = CardText.Joined((await bed.Bed.SayAsync(TestRoster.Director, "reach")).Card);
        Assert.Contains(BotTestBed.Text("en", "reach_team_heading"), card);
        Assert.Contains("1 person is in the team but not on the roster: | - Eve Outsider", card);
        Assert.Contains("6 people are on the roster but not in the team: | - Marc Delorme | - Hugo Bernard | - Amina Haddad | - Priya Nair | - Nadia Amrani | - Omar Sy", card);
    }

    [Fact]
    public async Task RemovedFromTheTeamTheBotForgetsItsMembers()
    {
        await using var bed = await ReachTestBed.StartAsync();
        var connector = bed.Bed.Connector;
        connector.TeamMembers[TeamId] = [Account(TestRoster.Director), Account(TestRoster.Rep)];
        (await bed.Bot.Http.PostAsync(TeamUpdate(connector.ServiceUrl, "teamMemberAdded", "membersAdded", Bot()))).EnsureSuccessStatusCode();
        Assert.Single(await bed.Bot.Service<TeamMemberStore>().ListAsync(CancellationToken.None));

        (await bed.Bot.Http.PostAsync(TeamUpdate(connector.ServiceUrl, "teamMemberRemoved", "membersRemoved", Bot()))).EnsureSuccessStatusCode();

        Assert.Empty(await bed.Bot.Service<TeamMemberStore>().ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AMessageInATeamChannelGetsThePersonalChatOnlyAnswer()
    {
        await using var bed = await ReachTestBed.StartAsync();
        var connector = bed.Bed.Connector;
        var message = TeamsActivities.Message(TestRoster.EnglishRep, connector.ServiceUrl, "<at>CoachBot</at> help");
        message["conversation"] = new JsonObject { ["id"] = TeamId + ";messageid=1", ["conversationType"] = "channel", ["isGroup"] = true, ["tenantId"] = TeamsActivities.TenantId };
        message["channelData"] = new JsonObject { ["team"] = new JsonObject { ["id"] = TeamId }, ["tenant"] = new JsonObject { ["id"] = TeamsActivities.TenantId } };

        (await bed.Bot.Http.PostAsync(message)).EnsureSuccessStatusCode();

        var reply = await connector.WaitForAsync(a => a.ConversationId == TeamId + ";messageid=1");
        Assert.Equal(BotTestBed.Text("en", "personal_only"), reply.Text);
    }

    private const string OtherTenant = "0badc0de-0000-4000-8000-0000000000ff";
    private const string LinkName = "[CoachBot: sign in again](https://coachbot-signin.example/login)";

    /// <summary>A markdown link Teams would render: [text](url) with neither bracket escaped.</summary>
    private static readonly System.Text.RegularExpressions.Regex MarkdownLink = new(@"(?<!\\)\[[^\]]*(?<!\\)\]\(");

    [Fact]
    public async Task ATeamEventFromAnotherTenantStoresAndChangesNothing()
    {
        await using var bed = await ReachTestBed.StartAsync();
        var connector = bed.Bed.Connector;
        connector.TeamMembers[TeamId] = [Account(TestRoster.Director), Account(TestRoster.Rep)];
        (await bed.Bot.Http.PostAsync(TeamUpdate(connector.ServiceUrl, "teamMemberAdded", "membersAdded", Bot()))).EnsureSuccessStatusCode();
        await bed.Bed.InstallAsync(TestRoster.Director);
        var requests = connector.TeamPageRequests.Count;

        (await bed.Bot.Http.PostAsync(TeamUpdate(OtherTenant, connector.ServiceUrl, "teamMemberAdded", "membersAdded",
            Account("Mallory", "44444444-0000-0000-0000-0000000000aa", "mallory@elsewhere.example")))).EnsureSuccessStatusCode();
        (await bed.Bot.Http.PostAsync(TeamUpdate(OtherTenant, connector.ServiceUrl, "teamMemberAdded", "membersAdded", Bot()))).EnsureSuccessStatusCode();
        (await bed.Bot.Http.PostAsync(TeamUpdate(OtherTenant, connector.ServiceUrl, "teamMemberRemoved", "membersRemoved", Account(TestRoster.Rep)))).EnsureSuccessStatusCode();
        var uninstall = TeamsActivities.InstallationRemove(TestRoster.Director, connector.ServiceUrl);
        uninstall["conversation"]!["tenantId"] = OtherTenant;
        uninstall["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = OtherTenant } };
        (await bed.Bot.Http.PostAsync(uninstall)).EnsureSuccessStatusCode();

        var members = Assert.Single(await bed.Bot.Service<TeamMemberStore>().ListAsync(CancellationToken.None)).Members;
        Assert.Equal(["Amina Haddad", "Claire Fontaine"], members.Select(m => m.Name).Order());
        Assert.Equal(requests, connector.TeamPageRequests.Count);
        Assert.True((await bed.Bot.Service<CoachBot.Teams.ConversationReferenceStore>().GetAsync(TestRoster.Director.AadObjectId!, CancellationToken.None))!.Active);
    }

    [Fact]
    public async Task AnEventNamingMorePeopleThanOneEventMayIsAnsweredByReadingTheTeamAgain()
    {
        await using var bed = await ReachTestBed.StartAsync();
        var connector = bed.Bed.Connector;
        connector.TeamMembers[TeamId] = [Account(TestRoster.Director), Account(TestRoster.Rep)];
        var crowd = Enumerable.Range(1, CoachBot.Teams.TeamMembership.MaxMembersPerEvent + 1)
            .Select(i => Account($"Guest {i}", $"55555555-0000-0000-0000-{i:D12}")).ToArray();

        (await bed.Bot.Http.PostAsync(TeamUpdate(connector.ServiceUrl, "teamMemberAdded", "membersAdded", crowd))).EnsureSuccessStatusCode();

        var members = Assert.Single(await bed.Bot.Service<TeamMemberStore>().ListAsync(CancellationToken.None)).Members;
        Assert.Equal(["Amina Haddad", "Claire Fontaine"], members.Select(m => m.Name).Order());
    }

    [Fact]
    public async Task ATeamIsKeptUpToItsBoundAndEachMembersNameAndAddressesUpToTheirs()
    {
        await using var bed = await ReachTestBed.StartAsync();
        var connector = bed.Bed.Connector;
        var max = CoachBot.Teams.TeamMembership.MaxTeamMembers;
        var huge = Account(new string('N', 5_000), "66666666-0000-0000-0000-000000000000", new string('a', 400) + "@partner.example");
        connector.TeamMembers[TeamId] = [huge, .. Enumerable.Range(1, max).Select(i => Account($"Member {i}", $"66666666-0000-0000-0000-{i:D12}"))];

        (await bed.Bot.Http.PostAsync(TeamUpdate(connector.ServiceUrl, "teamMemberAdded", "membersAdded", Bot()))).EnsureSuccessStatusCode();

        var members = Assert.Single(await bed.Bot.Service<TeamMemberStore>().ListAsync(CancellationToken.None)).Members;
        Assert.Equal(max, members.Count);
        var kept = members.Single(m => m.AadObjectId == "66666666-0000-0000-0000-000000000000");
        Assert.Equal(CoachBot.Teams.TeamMembership.MaxNameLength, kept.Name.Length);
        Assert.Null(kept.Email);
        // Read page by page up to the bound, and no page past it.
        Assert.Equal(max / CoachBot.Teams.TeamMembership.PageSize, connector.TeamPageRequests.Count);
    }

    [Fact]
    public async Task AMemberNamedLikeALinkIsShownAsPlainTextOnTheReachAndRosterCards()
    {
        await using var bed = await ReachTestBed.StartAsync();
        var connector = bed.Bed.Connector;
        connector.TeamMembers[TeamId] = [Account(TestRoster.Director), Account(LinkName, "44444444-0000-0000-0000-0000000000bb", "eve@partner.example")];
        (await bed.Bot.Http.PostAsync(TeamUpdate(connector.ServiceUrl, "teamMemberAdded", "membersAdded", Bot()))).EnsureSuccessStatusCode();
        await bed.Bed.InstallAsync(TestRoster.Director);
        await bed.Bed.SayAsync(TestRoster.Director, "language en");

        var reach = (await bed.Bed.SayAsync(TestRoster.Director, "reach")).Card;
        var roster = (await bed.Bed.SayAsync(TestRoster.Director, "roster")).Card;

        foreach (var card in new[] { reach, roster })
        {
            var texts = MarkdownTexts(card);
            Assert.Contains(texts, t => t.Contains(@"\[CoachBot: sign in again\](https://coachbot-signin.example/login)", StringComparison.Ordinal));
            Assert.DoesNotContain(texts, t => MarkdownLink.IsMatch(t));
        }
    }

    /// <summary>What Teams renders as markdown on a card: every TextBlock's text, every fact's title and value.</summary>
    private static List<string> MarkdownTexts(JsonObject? card) =>
        CardText.Elements(card).SelectMany(e => e["type"]?.GetValue<string>() switch
        {
            "TextBlock" => [e["text"]?.GetValue<string>() ?? ""],
            "FactSet" => e["facts"]!.AsArray().SelectMany(f => new[] { f!["title"]!.GetValue<string>(), f["value"]!.GetValue<string>() }),
            _ => Array.Empty<string>(),
        }).ToList();
}
