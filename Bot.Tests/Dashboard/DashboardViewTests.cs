using System.Net;
using CoachBot.Calendar;
using CoachBot.Coaching;
using CoachBot.SupportRequests;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Dashboard;

/// <summary>The views' figures, on check-ins stored in Azurite and known requests and coaching entries; Monday of 2026-W49, so 2026-W48 is the latest week.</summary>
public sealed class DashboardViewTests : IAsyncLifetime
{
    private static readonly IsoWeek W48 = new(2026, 48);
    private DashboardTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await DashboardTestBed.StartAsync();

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task PresenceByRegionLeavesUnansweredWeeksAsGapsNotZeros()
    {
        await _bed.Bed.StoreAsync(TestRoster.Rep, W48, fieldDays: 2);
        await _bed.Bed.StoreAsync(BotTestBed.Nadia, W48, fieldDays: 4);
        await _bed.Bed.StoreAsync(TestRoster.Rep, W48.Plus(-2), fieldDays: 3);

        var view = await _bed.ViewAsync(TestRoster.Director, "regions");

        Assert.Equal(12, view["weeks"].Strings().Count);
        Assert.Equal("2026-W48", view["weeks"].Strings()[^1]);
        var team = view["team"]!["rates"].Rates();
        Assert.Equal([0.6, null, 0.6], team[^3..]);
        Assert.All(team[..^3], Assert.Null);
        var regions = view["regions"]!.AsArray();
        Assert.Equal(0.6, regions.Single(r => r!["id"]!.GetValue<string>() == "mea")!["rates"].Rates()[^1]);
        Assert.All(regions.Single(r => r!["id"]!.GetValue<string>() == "apac")!["rates"].Rates(), Assert.Null);
        Assert.Equal(0.40, view["target"]!.GetValue<double>());
    }

    [Theory]
    [InlineData("regions?weeks=26", 26)]
    [InlineData("team?weeks=52", 52)]
    [InlineData("regions?weeks=12&region=apac", 12)]
    public async Task ThePeriodIsTwelveTwentySixOrFiftyTwoWeeks(string path, int weeks) =>
        Assert.Equal(weeks, (await _bed.ViewAsync(TestRoster.Director, path))["weeks"].Strings().Count);

    [Theory]
    [InlineData("regions?weeks=13")]
    [InlineData("regions?weeks=-12")]
    [InlineData("team?region=atlantis")]
    [InlineData("requests?bu=spaceships")]
    public async Task AFilterThatNamesNothingGets400(string path) =>
        Assert.Equal(HttpStatusCode.BadRequest, (await _bed.GetAsAsync(TestRoster.Director, "/api/dashboard/" + path)).StatusCode);

    [Fact]
    public async Task EachRepRowCarriesThisWeekTheTrendAndTheWeeksForItsSparkline()
    {
        for (var i = 0; i < 4; i++)
        {
            await _bed.Bed.StoreAsync(TestRoster.Rep, W48.Plus(i - 3), fieldDays: i + 1);
        }

        var view = await _bed.ViewAsync(TestRoster.Director, "team?region=mea");

        var amina = view["reps"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "Amina Haddad")!;
        Assert.Equal(0.8, amina["thisWeek"]!.GetValue<double>(), 3);
        Assert.Equal(0.2, amina["trend"]!.GetValue<double>(), 3);
        Assert.Equal([null, null, null, null, null, null, null, null, 0.2, 0.4, 0.6, 0.8], amina["presence"].Rates().Select(r => r is null ? (double?)null : Math.Round(r.Value, 3)));
        Assert.Equal(4, amina["answered"]!.GetValue<int>());
        var nadia = view["reps"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "Nadia Amrani")!;
        Assert.Null(nadia["thisWeek"]);
        Assert.Null(nadia["trend"]);
    }

    [Fact]
    public async Task RequestsPerBuShowOpenAgeTimeToAcknowledgeEscalationsAndObjections()
    {
        var amina = _bed.IdOf(TestRoster.Rep);
        // Monday 23 November, 09:00 in Paris: acknowledged at 11:00, two business hours later.
        var monday = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(1));
        _bed.Requests.Requests.AddRange(
        [
            DashboardTestBed.Request("REQ-1", amina, "mea", "pumps", RequestState.Open, monday.AddDays(-7), escalation: EscalationLevel.Director),
            DashboardTestBed.Request("REQ-2", amina, "mea", "pumps", RequestState.Acknowledged, monday, acknowledgedAt: monday.AddHours(2)),
            DashboardTestBed.Request("REQ-3", amina, "mea", "pumps", RequestState.Declined, monday, objection: ObjectionCategory.Margin, declinedAt: monday.AddHours(3)),
            DashboardTestBed.Request("REQ-4", amina, "mea", "automation", RequestState.Declined, monday, objection: ObjectionCategory.DomesticPriority, declinedAt: monday.AddDays(1)),
        ]);

        var view = await _bed.ViewAsync(TestRoster.Director, "requests");

        var pumps = view["businessUnits"]!.AsArray().Single(b => b!["id"]!.GetValue<string>() == "pumps")!;
        Assert.Equal(2, pumps["open"]!.GetValue<int>());
        Assert.Equal(14, pumps["oldestDays"]!.GetValue<int>());
        Assert.Equal(2.0, pumps["medianHoursToAcknowledge"]!.GetValue<double>(), 3);
        Assert.Equal(1, pumps["waitingOnDirector"]!.GetValue<int>());
        Assert.Equal([("Margin", 1)], pumps["objections"]!.AsArray().Select(o => (o!["category"]!.GetValue<string>(), o["count"]!.GetValue<int>())));
        var automation = view["businessUnits"]!.AsArray().Single(b => b!["id"]!.GetValue<string>() == "automation")!;
        Assert.Equal(0, automation["open"]!.GetValue<int>());
        Assert.Equal([("DomesticPriority", 1)], automation["objections"]!.AsArray().Select(o => (o!["category"]!.GetValue<string>(), o["count"]!.GetValue<int>())));
    }

    [Fact]
    public async Task TheScoreboardSetsEachBusDeliveredExportDealsAgainstItsInternationalObjective()
    {
        var amina = _bed.IdOf(TestRoster.Rep);
        var june = new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);
        _bed.Requests.Requests.AddRange(
        [
            DashboardTestBed.Request("REQ-1", amina, "mea", "pumps", RequestState.Delivered, june, deliveredAt: june.AddDays(30), dealSize: 2_000_000m),
            DashboardTestBed.Request("REQ-2", amina, "mea", "pumps", RequestState.Delivered, june, deliveredAt: june.AddDays(60), dealSize: 1_000_000m),
            // Delivered last year: not this year's objective.
            DashboardTestBed.Request("REQ-3", amina, "mea", "pumps", RequestState.Delivered, june.AddYears(-1), deliveredAt: june.AddYears(-1), dealSize: 5_000_000m),
        ]);

        var view = await _bed.ViewAsync(TestRoster.Director, "scoreboard");

        Assert.Equal(2026, view["year"]!.GetValue<int>());
        var pumps = view["businessUnits"]!.AsArray().Single(b => b!["id"]!.GetValue<string>() == "pumps")!;
        Assert.Equal((3_000_000m, 12_000_000m, 2, 0.25), (pumps["delivered"]!.GetValue<decimal>(), pumps["objective"]!.GetValue<decimal>(), pumps["deliveredCount"]!.GetValue<int>(), pumps["share"]!.GetValue<double>()));
        var automation = view["businessUnits"]!.AsArray().Single(b => b!["id"]!.GetValue<string>() == "automation")!;
        Assert.Equal(0m, automation["delivered"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task CoachingCompletionIsCountedPerTrackWithinThePeriod()
    {
        var amina = _bed.IdOf(TestRoster.Rep);
        _bed.Coaching.Entries.AddRange(
        [
            DashboardTestBed.Coached(amina, "rep", "rep-planning-1", W48, CoachingOutcome.Done),
            DashboardTestBed.Coached(amina, "rep", "rep-planning-2", W48.Plus(-1), CoachingOutcome.Later),
            DashboardTestBed.Coached(_bed.IdOf(TestRoster.Lead), "lead", "lead-1", W48, CoachingOutcome.Done),
            // Before the 12 weeks shown.
            DashboardTestBed.Coached(amina, "rep", "rep-old", W48.Plus(-20), CoachingOutcome.Done),
        ]);

        var twelve = await _bed.ViewAsync(TestRoster.Director, "coaching");
        var year = await _bed.ViewAsync(TestRoster.Director, "coaching?weeks=52");
        var sponsor = await _bed.ViewAsync(TestRoster.Sponsor, "coaching");

        var tracks = twelve["tracks"]!.AsArray().ToDictionary(t => t!["track"]!.GetValue<string>(), t => (t!["done"]!.GetValue<int>(), t["sent"]!.GetValue<int>()));
        Assert.Equal(new Dictionary<string, (int, int)> { ["lead"] = (1, 1), ["rep"] = (1, 2) }, tracks);
        Assert.Equal((2, 3), year["tracks"]!.AsArray().Where(t => t!["track"]!.GetValue<string>() == "rep").Select(t => (t!["done"]!.GetValue<int>(), t["sent"]!.GetValue<int>())).Single());
        // A sponsor sees their reps' coaching, not the BU leads'.
        Assert.Equal(["rep"], sponsor["tracks"]!.AsArray().Select(t => t!["track"]!.GetValue<string>()));
    }

    [Fact]
    public async Task TheRepPageShowsTheirWeeksWithGapsTheirAverageOpenRequestsAndCommitments()
    {
        var amina = _bed.IdOf(TestRoster.Rep);
        await _bed.Bed.StoreAsync(TestRoster.Rep, W48, fieldDays: 2, visits: 7);
        await _bed.Bed.StoreAsync(TestRoster.Rep, W48.Plus(-2), fieldDays: 4, visits: 9);
        _bed.Requests.Requests.Add(DashboardTestBed.Request("REQ-9", amina, "mea", "pumps", RequestState.Open, new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero)));
        _bed.Coaching.Entries.Add(DashboardTestBed.Coached(amina, "rep", "rep-planning-1", W48, CoachingOutcome.Done, commitment: "Call three prospects in Dakar"));

        var view = await _bed.ViewAsync(TestRoster.Rep, "rep/" + Uri.EscapeDataString(amina));

        Assert.Equal([0.8, null, 0.4], view["presence"].Rates()[^3..]);
        Assert.Equal([9, null, 7], view["visits"]!.AsArray().Select(v => v?.GetValue<int>()).TakeLast(3));
        Assert.Equal(0.6, view["average"]!.GetValue<double>(), 3);
        Assert.Equal(["REQ-9"], view["openRequests"]!.AsArray().Select(r => r!["reference"]!.GetValue<string>()));
        Assert.Equal(3, view["openRequests"]![0]!["ageDays"]!.GetValue<int>());
        Assert.Equal(["Call three prospects in Dakar"], view["commitments"]!.AsArray().Select(c => c!["commitment"]!.GetValue<string>()));
        // Saved with a commitment nobody has reported on yet: not done (CoachingDone).
        Assert.Equal(0, view["coachingDone"]!.GetValue<int>());
        Assert.Equal("Pumps & Valves", view["openRequests"]![0]!["businessUnitName"]!.GetValue<string>());
    }

    [Fact]
    public async Task PastItsLifetimeAReadStillAnswersWhileTheNextRunsButNotOnceItIsLongStale()
    {
        await using var bed = await DashboardTestBed.StartAsync(new Dictionary<string, string?> { ["Dashboard:CacheDuration"] = "00:00:30" });
        var amina = bed.IdOf(TestRoster.Rep);
        var monday = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(1));
        int OpenOf(System.Text.Json.Nodes.JsonObject view) => view["businessUnits"]!.AsArray().Single(b => b!["id"]!.GetValue<string>() == "pumps")!["open"]!.GetValue<int>();

        Assert.Equal(0, OpenOf(await bed.ViewAsync(TestRoster.Director, "requests")));
        var readsBefore = bed.Requests.Reads;
        bed.Requests.Requests.Add(DashboardTestBed.Request("REQ-1", amina, "mea", "pumps", RequestState.Open, monday));
        bed.Bed.Clock.Advance(TimeSpan.FromSeconds(31));
        var staleWhileReading = OpenOf(await bed.ViewAsync(TestRoster.Director, "requests"));
        // The read that view started lands without anyone waiting for it.
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (OpenOf(await bed.ViewAsync(TestRoster.Director, "requests")) != 1)
        {
            await Task.Delay(20, patience.Token);
        }
        bed.Requests.Requests.Add(DashboardTestBed.Request("REQ-2", amina, "mea", "pumps", RequestState.Open, monday));
        bed.Bed.Clock.Advance(TimeSpan.FromMinutes(6));
        var afterAQuietSpell = OpenOf(await bed.ViewAsync(TestRoster.Director, "requests"));

        Assert.True(staleWhileReading == 0, $"reads before {readsBefore}, now {bed.Requests.Reads}");
        Assert.Equal(2, afterAQuietSpell);
    }

    [Fact]
    public async Task EachTableIsReadOncePerCacheLifetimeWhateverTheViewsAndViewers()
    {
        await using var bed = await DashboardTestBed.StartAsync(new Dictionary<string, string?> { ["Dashboard:CacheDuration"] = "00:00:30" });

        foreach (var view in new[] { "regions", "team", "requests", "scoreboard", "coaching" })
        {
            await bed.ViewAsync(TestRoster.Director, view);
        }
        await bed.ViewAsync(TestRoster.Sponsor, "team");
        var readsWithinTheLifetime = (bed.Requests.Reads, bed.Coaching.Reads);
        bed.Bed.Clock.Advance(TimeSpan.FromSeconds(31));
        await bed.ViewAsync(TestRoster.Director, "requests");

        Assert.Equal((1, 1), readsWithinTheLifetime);
        Assert.Equal((2, 2), (bed.Requests.Reads, bed.Coaching.Reads));
    }
}
