using System.Net;
using System.Text.Json.Nodes;
using CoachBot.Roster;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Roster;

public sealed class RosterLiveTests
{
    [Fact]
    public async Task TheConfigurationSeedsAnEmptyTableAndTheRouteAnswersItInTheConfigurationShape()
    {
        await using var bot = await RosterTestBed.StartAsync(Azurite.NewPrefix());

        using var response = await bot.Http.SendAsync(RosterTestBed.Request(HttpMethod.Get, "/api/admin/organization"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        var organization = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal("Claire Fontaine", (string?)organization["Director"]!["Name"]);
        Assert.Equal("Africa/Casablanca", (string?)organization["Regions"]![0]!["TimeZone"]);
        Assert.Equal("2026-12-25", (string?)organization["Regions"]![0]!["Holidays"]![0]);
        Assert.Equal(["Amina Haddad", "Wei Lin", "Priya Nair"], organization["Reps"]!.AsArray().Select(r => (string?)r!["Name"]));
        Assert.Equal(1, (long?)(await RosterTestBed.ReadVersionRowAsync(bot))!["Version"]);
    }

    [Fact]
    public async Task AChangeMadeThroughOneInstanceIsInForceOnASecondWithoutARestart()
    {
        var prefix = Azurite.NewPrefix();
        await using var first = await RosterTestBed.StartAsync(prefix);
        await using var second = await RosterTestBed.StartAsync(prefix);
        var nadia = RosterTestBed.Nadia;

        // Before: Nadia is a stranger on the second instance.
        await second.Http.PostAsync(TeamsActivities.Message(nadia, second.Connector.ServiceUrl, "help"));
        Assert.Contains("could not find you on its roster", (await second.Connector.WaitForAsync(a => a.ConversationId == nadia.ConversationId)).Text);

        var organization = await RosterTestBed.GetOrganizationAsync(first);
        var withNadia = RosterTestBed.WithRep(organization, nadia, "apac");
        withNadia["Reps"]!.AsArray().RemoveAt(1); // Wei Lin leaves.
        using var put = await RosterTestBed.PutOrganizationAsync(first, withNadia);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var report = await RosterTestBed.BodyAsync(put);
        Assert.True((bool)report["applied"]!);
        Assert.Equal(["Nadia Benali"], report["added"]!.AsArray().Select(n => (string?)n));
        Assert.Equal(["Wei Lin"], report["removed"]!.AsArray().Select(n => (string?)n));

        await RosterTestBed.EventuallyAsync(() => second.Service<Organization>().Find(nadia.AadObjectId, null) is not null);
        second.Connector.Activities.Clear();
        await second.Http.PostAsync(TeamsActivities.Message(nadia, second.Connector.ServiceUrl, "help"));
        var help = await second.Connector.WaitForAsync(a => a.ConversationId == nadia.ConversationId);
        Assert.NotNull(help.Card);

        // Wei Lin, once recognised (and cached) on the second instance, is a stranger there now.
        var wei = TestRoster.EnglishRep;
        await second.Http.PostAsync(TeamsActivities.Message(wei, second.Connector.ServiceUrl, "help"));
        Assert.Contains("could not find you on its roster", (await second.Connector.WaitForAsync(a => a.ConversationId == wei.ConversationId)).Text);
    }

    [Fact]
    public async Task AnInvalidChangeIsRefusedWholeWith422ListingEveryProblemAndNothingChanges()
    {
        var prefix = Azurite.NewPrefix();
        await using var first = await RosterTestBed.StartAsync(prefix);
        await using var second = await RosterTestBed.StartAsync(prefix);
        var before = await RosterTestBed.GetOrganizationAsync(first);
        var generation = (string?)(await RosterTestBed.ReadVersionRowAsync(first))!["Generation"];

        var invalid = RosterTestBed.WithRep(before, RosterTestBed.Nadia, "latam");
        invalid["Regions"]![1]!["TimeZone"] = "Mars/Olympus";
        using var put = await RosterTestBed.PutOrganizationAsync(first, invalid);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, put.StatusCode);
        var errors = (await RosterTestBed.BodyAsync(put))["errors"]!.AsArray().Select(e => (string?)e).ToList();
        // The messages the service gives at start for the same roster.
        Assert.Contains(BotTestBed.Text("en", "roster_invalid_rep_region", "Organization:Reps:3", "Nadia Benali", "latam"), errors);
        Assert.Contains(BotTestBed.Text("en", "roster_invalid_region_time_zone", "Organization:Regions:1", "Mars/Olympus", "apac"), errors);
        Assert.Equal(2, errors.Count);

        Assert.Equal(before.ToJsonString(), (await RosterTestBed.GetOrganizationAsync(first)).ToJsonString());
        Assert.Equal(generation, (string?)(await RosterTestBed.ReadVersionRowAsync(first))!["Generation"]);
        Assert.Null(first.Service<Organization>().Find(RosterTestBed.Nadia.AadObjectId, null));
        Assert.Equal("Asia/Singapore", second.Service<Organization>().Regions["apac"].TimeZone);
        Assert.Equal(1, first.Service<Organization>().Version.Number);
    }

    [Fact]
    public async Task ADryRunAnswersWhatWouldChangeByNameAndAppliesNothing()
    {
        await using var bot = await RosterTestBed.StartAsync(Azurite.NewPrefix());
        var before = await RosterTestBed.GetOrganizationAsync(bot);
        var proposed = RosterTestBed.WithRep(before, RosterTestBed.Nadia, "mea");
        proposed["Reps"]![0]!["Region"] = "apac";

        using var put = await RosterTestBed.PutOrganizationAsync(bot, proposed, dryRun: true);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var report = await RosterTestBed.BodyAsync(put);
        Assert.True((bool)report["dryRun"]!);
        Assert.False((bool)report["applied"]!);
        Assert.Equal(["Nadia Benali"], report["added"]!.AsArray().Select(n => (string?)n));
        var changed = Assert.Single(report["changed"]!.AsArray());
        Assert.Equal("Amina Haddad", (string?)changed!["name"]);
        Assert.StartsWith("rep mea", (string?)changed["before"]);
        Assert.StartsWith("rep apac", (string?)changed["after"]);
        Assert.Empty(report["removed"]!.AsArray());
        Assert.Equal(before.ToJsonString(), (await RosterTestBed.GetOrganizationAsync(bot)).ToJsonString());
        Assert.Null(bot.Service<Organization>().Find(RosterTestBed.Nadia.AadObjectId, null));
    }

    [Fact]
    public async Task AChangeBasedOnARosterSomeoneChangedSinceIsRefusedWith412()
    {
        await using var bot = await RosterTestBed.StartAsync(Azurite.NewPrefix());
        var before = await RosterTestBed.GetOrganizationAsync(bot);
        using var first = await RosterTestBed.PutOrganizationAsync(bot, RosterTestBed.WithRep(before, RosterTestBed.Nadia, "mea"), ifMatch: "\"1\"");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        var other = before.DeepClone().AsObject();
        other["Regions"]![0]!["Name"] = "MEA";
        using var stale = await RosterTestBed.PutOrganizationAsync(bot, other, ifMatch: "\"1\"");

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Contains("version 2, by roster-tests (admin API)", await stale.Content.ReadAsStringAsync());
        Assert.Equal("Middle East & Africa", bot.Service<Organization>().Regions["mea"].Name);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1, 2]")]
    [InlineData("{\"Reps\": 12}")]
    public async Task AMalformedOrganisationGets400(string body)
    {
        await using var bot = await RosterTestBed.StartAsync(Azurite.NewPrefix());
        using var put = await bot.Http.SendAsync(RosterTestBed.Request(HttpMethod.Put, "/api/admin/organization",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json")));
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
    }

    [Fact]
    public async Task NullListsInTheOrganisationAreRefusedAsInvalidNotAsAServerError()
    {
        await using var bot = await RosterTestBed.StartAsync(Azurite.NewPrefix());
        var proposed = await RosterTestBed.GetOrganizationAsync(bot);
        proposed["BusinessUnits"] = null;
        proposed["Reps"]!.AsArray().Add(null);
        proposed["Regions"]![0]!["Holidays"] = null;
        proposed["Regions"]![0]!["TimeZone"] = null;

        using var put = await RosterTestBed.PutOrganizationAsync(bot, proposed);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, put.StatusCode);
    }

    [Fact]
    public async Task TheAdminRoutesOfTheRosterNeedTheAdminKey()
    {
        await using var bot = await RosterTestBed.StartAsync(Azurite.NewPrefix());
        using var noKey = await bot.Http.GetAsync("/api/admin/organization");
        using var csv = await bot.Http.PutAsync("/api/admin/roster/people.csv", new StringContent("Name,Role\n"));
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, csv.StatusCode);
    }

    [Fact]
    public async Task AfterTheFirstStartTheTableIsTheTruthAndTheStartLogSaysConfigurationDiffers()
    {
        var prefix = Azurite.NewPrefix();
        await using (var first = await RosterTestBed.StartAsync(prefix))
        {
            using var put = await RosterTestBed.PutOrganizationAsync(first, RosterTestBed.WithRep(await RosterTestBed.GetOrganizationAsync(first), RosterTestBed.Nadia, "mea"));
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var logs = new LogLines();
        await using var restarted = await RosterTestBed.StartAsync(prefix, logs);

        Assert.NotNull(restarted.Service<Organization>().Find(RosterTestBed.Nadia.AadObjectId, null));
        Assert.Equal(2, restarted.Service<Organization>().Version.Number);
        var line = Assert.Single(logs.Lines, l => l.Contains(" 8003 "));
        Assert.Contains("version 2", line);
        Assert.Contains("1 people only in the table", line);
    }

    [Fact]
    public async Task AnUnchangedConfigurationLogsThatTheTableIsInForce()
    {
        var prefix = Azurite.NewPrefix();
        await using (await RosterTestBed.StartAsync(prefix))
        {
        }
        var logs = new LogLines();
        await using var restarted = await RosterTestBed.StartAsync(prefix, logs);
        Assert.DoesNotContain(logs.Lines, l => l.Contains(" 8003 "));
        Assert.Contains(logs.Lines, l => l.Contains(" 8002 ") && l.Contains("version 1"));
    }
}
