using System.Net;
using System.Text.Json.Nodes;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Roster;

public sealed class RosterScheduleTests
{
    [Fact]
    public async Task SchedulesFollowTheRosterOnEveryInstanceANewRegionGetsItsJobsAMovedZoneMovesThemARemovedRegionsStop()
    {
        var prefix = Azurite.NewPrefix();
        await using var first = await RosterTestBed.StartAsync(prefix);
        await using var second = await RosterTestBed.StartAsync(prefix);
        var before = await JobsAsync(second);
        Assert.Equal("Asia/Singapore", before["checkin-apac"]);
        Assert.Equal("Asia/Singapore", before["coaching-asia-singapore"]);
        Assert.False(before.ContainsKey("checkin-latam"));

        var organization = await RosterTestBed.GetOrganizationAsync(first);
        var regions = organization["Regions"]!.AsArray();
        regions.RemoveAt(1); // apac goes; its reps move to the new region.
        regions[0]!["TimeZone"] = "Africa/Cairo";
        regions.Add(new JsonObject { ["Id"] = "latam", ["Name"] = "Latin America", ["TimeZone"] = "America/Sao_Paulo" });
        foreach (var rep in organization["Reps"]!.AsArray().Where(r => (string?)r!["Region"] == "apac"))
        {
            rep!["Region"] = "latam";
        }
        using var put = await RosterTestBed.PutOrganizationAsync(first, organization);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        foreach (var bot in new[] { first, second })
        {
            Dictionary<string, string?> jobs = [];
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            do
            {
                jobs = await JobsAsync(bot);
            }
            // Each feature's schedule follows the roster on its own: wait until every one of them has, then check them all.
            while (!(jobs.ContainsKey("checkin-latam") && jobs.ContainsKey("coaching-america-sao-paulo") && !jobs.ContainsKey("coaching-asia-singapore")
                       && !jobs.ContainsKey("checkin-apac") && jobs.GetValueOrDefault("checkin-mea") == "Africa/Cairo")
                   && DateTime.UtcNow < deadline && await Delay());
            Assert.Equal("America/Sao_Paulo", jobs["checkin-latam"]);
            Assert.Equal("America/Sao_Paulo", jobs["checkin-reminder-latam"]);
            Assert.Equal("America/Sao_Paulo", jobs["coaching-america-sao-paulo"]);
            Assert.Equal("Africa/Cairo", jobs["checkin-mea"]);
            Assert.Equal("Africa/Cairo", jobs["checkin-reminder-mea"]);
            Assert.False(jobs.ContainsKey("checkin-apac"));
            Assert.False(jobs.ContainsKey("checkin-reminder-apac"));
            Assert.False(jobs.ContainsKey("coaching-asia-singapore"));
            Assert.True(jobs.ContainsKey("digest-director"));
            Assert.True(jobs.ContainsKey("coaching-later"));
        }
    }

    [Fact]
    public async Task ABusinessUnitLeftWithNoLeadLosesItsLeadDigestJob()
    {
        await using var bot = await RosterTestBed.StartAsync(Azurite.NewPrefix());
        Assert.True((await JobsAsync(bot)).ContainsKey("digest-lead-pumps"));
        var organization = await RosterTestBed.GetOrganizationAsync(bot);
        organization["BusinessUnits"]![0]!["Leads"] = new JsonArray();

        using var put = await RosterTestBed.PutOrganizationAsync(bot, organization);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.False((await JobsAsync(bot)).ContainsKey("digest-lead-pumps"));
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(100);
        return true;
    }

    private static async Task<Dictionary<string, string?>> JobsAsync(BotApp bot)
    {
        using var response = await bot.Http.SendAsync(RosterTestBed.Request(HttpMethod.Get, "/api/admin/jobs"));
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray()
            .ToDictionary(j => (string)j!["name"]!, j => (string?)j!["timeZone"]);
    }
}
