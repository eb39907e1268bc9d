using System.Net;
using CoachBot.SupportRequests;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Dashboard;

/// <summary>What each role sees, decided on the server: the director everything, a sponsor their regions, a BU lead their BU, a rep their own page.</summary>
public sealed class DashboardScopeTests : IAsyncLifetime
{
    private DashboardTestBed _bed = null!;

    public async Task InitializeAsync()
    {
        _bed = await DashboardTestBed.StartAsync();
        var opened = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(1));
        _bed.Requests.Requests.AddRange(
        [
            DashboardTestBed.Request("REQ-2026-0001", _bed.IdOf(TestRoster.Rep), "mea", "pumps", RequestState.Open, opened),
            DashboardTestBed.Request("REQ-2026-0002", _bed.IdOf(TestRoster.EnglishRep), "apac", "pumps", RequestState.Open, opened),
            DashboardTestBed.Request("REQ-2026-0003", _bed.IdOf(TestRoster.EnglishRep), "apac", "automation", RequestState.Open, opened),
        ]);
    }

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    private async Task<HttpStatusCode> StatusAsync(TeamsUserAccount user, string path) => (await _bed.GetAsAsync(user, "/api/dashboard/" + path)).StatusCode;

    private static List<string> Names(System.Text.Json.Nodes.JsonObject team) => team["reps"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).Order().ToList();

    [Fact]
    public async Task TheDirectorSeesEveryViewEveryRegionAndEveryBu()
    {
        var me = await _bed.ViewAsync(TestRoster.Director, "me");
        var regions = await _bed.ViewAsync(TestRoster.Director, "regions");
        var team = await _bed.ViewAsync(TestRoster.Director, "team");
        var requests = await _bed.ViewAsync(TestRoster.Director, "requests");
        var scoreboard = await _bed.ViewAsync(TestRoster.Director, "scoreboard");

        Assert.Equal(["regions", "team", "requests", "scoreboard", "coaching", "blockers", "wins"], me["views"].Strings());
        Assert.Equal(["mea", "apac"], regions["regions"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
        Assert.Equal(["Amina Haddad", "Nadia Amrani", "Omar Sy", "Priya Nair", "Wei Lin"], Names(team));
        Assert.Equal([("pumps", 2), ("automation", 1)], requests["businessUnits"]!.AsArray().Select(b => (b!["id"]!.GetValue<string>(), b["open"]!.GetValue<int>())));
        Assert.Equal(["pumps", "automation"], scoreboard["businessUnits"]!.AsArray().Select(b => b!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ASponsorSeesTheirRegionsRepsAndRequestsAndNothingElse()
    {
        var me = await _bed.ViewAsync(TestRoster.Sponsor, "me");
        var regions = await _bed.ViewAsync(TestRoster.Sponsor, "regions");
        var team = await _bed.ViewAsync(TestRoster.Sponsor, "team");
        var requests = await _bed.ViewAsync(TestRoster.Sponsor, "requests");

        Assert.Equal(["regions", "team", "requests", "coaching", "blockers", "wins"], me["views"].Strings());
        Assert.Equal(["mea"], regions["regions"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
        Assert.Equal(["Amina Haddad", "Nadia Amrani", "Omar Sy"], Names(team));
        Assert.Equal([("pumps", 1)], requests["businessUnits"]!.AsArray().Select(b => (b!["id"]!.GetValue<string>(), b["open"]!.GetValue<int>())));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(TestRoster.Sponsor, "rep/" + Uri.EscapeDataString(_bed.IdOf(TestRoster.Rep))));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(TestRoster.Sponsor, "rep/" + Uri.EscapeDataString(_bed.IdOf(TestRoster.EnglishRep))));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(TestRoster.Sponsor, "team?region=apac"));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(TestRoster.Sponsor, "scoreboard"));
    }

    [Fact]
    public async Task ABuLeadSeesTheirBusRequestsAndScoreboardLineOnly()
    {
        var me = await _bed.ViewAsync(TestRoster.Lead, "me");
        var requests = await _bed.ViewAsync(TestRoster.Lead, "requests");
        var scoreboard = await _bed.ViewAsync(TestRoster.Lead, "scoreboard");

        Assert.Equal(["requests", "scoreboard", "wins"], me["views"].Strings());
        Assert.Equal([("pumps", 2)], requests["businessUnits"]!.AsArray().Select(b => (b!["id"]!.GetValue<string>(), b["open"]!.GetValue<int>())));
        Assert.Equal(["pumps"], scoreboard["businessUnits"]!.AsArray().Select(b => b!["id"]!.GetValue<string>()));
        foreach (var view in new[] { "regions", "team", "coaching", "requests?bu=automation", "rep/" + Uri.EscapeDataString(_bed.IdOf(TestRoster.Rep)) })
        {
            Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(TestRoster.Lead, view));
        }
    }

    [Fact]
    public async Task ARepSeesOnlyTheirOwnPage()
    {
        var me = await _bed.ViewAsync(TestRoster.Rep, "me");
        var own = await _bed.ViewAsync(TestRoster.Rep, "rep/" + Uri.EscapeDataString(me["repId"]!.GetValue<string>()));

        Assert.Equal(["blockers", "wins", "rep"], me["views"].Strings());
        Assert.Equal("Amina Haddad", own["name"]!.GetValue<string>());
        foreach (var view in new[] { "regions", "team", "requests", "scoreboard", "coaching", "rep/" + Uri.EscapeDataString(_bed.IdOf(BotTestBed.Nadia)) })
        {
            Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(TestRoster.Rep, view));
        }
    }

    [Fact]
    public async Task ARepIdNobodyHasGetsTheSameAnswerAsOneOutOfScope()
    {
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(TestRoster.Director, "rep/nobody%40coachbot.example"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(TestRoster.Director, "everything"));
    }

    [Fact]
    public async Task ARepMovedToAnotherRegionLeavesTheOldSponsorsViewsAtOnceThoughTheReadIsCached()
    {
        await using var bed = await DashboardTestBed.StartAsync(new Dictionary<string, string?> { ["Dashboard:CacheDuration"] = "00:10:00" });
        var amina = bed.IdOf(TestRoster.Rep);
        Assert.Contains("Amina Haddad", Names(await bed.ViewAsync(TestRoster.Sponsor, "team")));
        var organization = bed.Bot.Service<CoachBot.Roster.Organization>();
        var options = CoachBot.Roster.RosterEdits.Copy(organization.Options);
        options.Reps.Single(r => r.AadObjectId == TestRoster.Rep.AadObjectId).Region = "apac";
        Assert.Equal(CoachBot.Roster.RosterChangeOutcome.Applied,
            (await bed.Bot.Service<CoachBot.Roster.RosterEditor>().ChangeAsync(options, new CoachBot.Roster.RosterAuthor("Claire Fontaine", "test"), null, dryRun: false, CancellationToken.None)).Outcome);

        var team = await bed.ViewAsync(TestRoster.Sponsor, "team");
        var coaching = await bed.GetAsAsync(TestRoster.Sponsor, "/api/dashboard/rep/" + Uri.EscapeDataString(amina));
        var director = await bed.ViewAsync(TestRoster.Director, "team?region=apac");

        Assert.DoesNotContain("Amina Haddad", Names(team));
        Assert.Equal(HttpStatusCode.Forbidden, coaching.StatusCode);
        Assert.Contains("Amina Haddad", Names(director));
    }
}
