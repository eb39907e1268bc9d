using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CoachBot.Reach;
using CoachBot.Roster;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Reach;

/// <summary><c>reach-install</c> on the real scheduler: daily in the director's zone, and at once when the roster is not the one the last run saw.</summary>
public sealed class ReachScheduleTests
{
    [Fact]
    public async Task ARosterTheInstallerHasNotSeenIsInstalledForAtOnceAndTheJobIsScheduledDaily()
    {
        await using var graph = await GraphStandIn.StartAsync();
        await using var bot = await BotApp.StartAsync(new Dictionary<string, string?>
        {
            ["Reach:TeamsAppId"] = ReachTestBed.CatalogAppId,
            ["Reach:GraphBaseUrl"] = graph.BaseUrl,
            ["Reach:InstallTime"] = "06:45",
            ["Admin:ApiKey"] = "test-admin-key",
        });

        // Nobody has the app yet: the run triggered at start asks Graph for each of the five with an object id.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (graph.Installs.Count < 5 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.Equal(5, graph.Installs.Count);
        var store = bot.Service<InstallAttemptStore>();
        while (await store.LastRosterAsync(CancellationToken.None) is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.Equal(ReachInstallRun.RosterFingerprint(bot.Service<Organization>()), await store.LastRosterAsync(CancellationToken.None));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/jobs");
        request.Headers.Add("X-Admin-Key", "test-admin-key");
        var jobs = await (await bot.Http.SendAsync(request)).Content.ReadFromJsonAsync<JsonArray>();
        var job = Assert.Single(jobs!, j => j?["name"]?.GetValue<string>() == ReachInstallJob.Name)!;
        Assert.Equal("0 45 6 * * ?", job["schedule"]?.GetValue<string>());
        Assert.Equal("Europe/Paris", job["timeZone"]?.GetValue<string>());
    }

    [Fact]
    public async Task SomeoneAddedToTheLiveRosterIsInstalledForAtOnceAndOnlyOnceAcrossTwoInstances()
    {
        await using var graph = await GraphStandIn.StartAsync();
        var settings = new Dictionary<string, string?> { ["Reach:TeamsAppId"] = ReachTestBed.CatalogAppId, ["Reach:GraphBaseUrl"] = graph.BaseUrl };
        var prefix = Azurite.NewPrefix();
        await using var first = await Roster.RosterTestBed.StartAsync(prefix, settings: settings);
        await using var second = await Roster.RosterTestBed.StartAsync(prefix, settings: settings);
        var store = first.Service<InstallAttemptStore>();
        await WaitAsync(async () => await store.LastRosterAsync(CancellationToken.None) == ReachInstallRun.RosterFingerprint(first.Service<Organization>()));
        const string omar = "33333333-0000-0000-0000-000000000008";
        Assert.Empty(graph.InstallsFor(omar));

        // Claire adds Omar on the roster card of one instance; the other sees the change at its next poll.
        await Roster.RosterCardTests.ActAsync(first, TestRoster.Director, "roster.save", new JsonObject
        {
            ["name"] = "Omar Said", ["aadObjectId"] = omar, ["role"] = "rep", ["region"] = "mea", ["version"] = "1",
        });

        await WaitAsync(() => Task.FromResult(graph.InstallsFor(omar).Count > 0));
        await Roster.RosterTestBed.EventuallyAsync(() => second.Service<Organization>().Find(omar, null) is not null);
        await WaitAsync(async () => await store.LastRosterAsync(CancellationToken.None) == ReachInstallRun.RosterFingerprint(second.Service<Organization>()));
        Assert.Equal(InstallOutcome.Installed, (await store.GetAsync(omar, CancellationToken.None))?.Outcome);
        Assert.Single(graph.InstallsFor(omar));
    }

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Not within 20 s.");
            await Task.Delay(50);
        }
    }

    [Fact]
    public void TheRosterFingerprintChangesWhenSomeoneJoins()
    {
        static Organization With(params string[] emails) => new(Microsoft.Extensions.Options.Options.Create(new OrganizationOptions
        {
            Reps = emails.Select(e => new RepOptions { Name = e, Email = e, Region = "mea" }).ToList(),
        }));

        Assert.Equal(ReachInstallRun.RosterFingerprint(With("a@x.example", "b@x.example")), ReachInstallRun.RosterFingerprint(With("b@x.example", "a@x.example")));
        Assert.NotEqual(ReachInstallRun.RosterFingerprint(With("a@x.example")), ReachInstallRun.RosterFingerprint(With("a@x.example", "b@x.example")));
    }
}
