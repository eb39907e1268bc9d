using System.Net;
using System.Text.Json.Nodes;
using CoachBot.Calendar;
using CoachBot.CheckIns;
using CoachBot.SupportRequests;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Dashboard;

/// <summary>
/// <c>GET /api/dashboard/blockers</c> and <c>GET /api/dashboard/wins</c> in their JSON shapes, scoped like every view: the
/// director everything, a sponsor their regions, a BU lead the shared wins credited to their BU, a rep their own. Check-ins
/// in Azurite, requests from the support-request read contract, through the real HTTP pipeline with Entra ID tokens.
/// </summary>
public sealed class DashboardVoicesTests : IAsyncLifetime
{
    private static readonly IsoWeek W47 = new(2026, 47);
    private static readonly IsoWeek W48 = new(2026, 48);
    private DashboardTestBed _bed = null!;

    public async Task InitializeAsync()
    {
        _bed = await DashboardTestBed.StartAsync();
        // Omar's win follows a request Pumps & Valves delivered for the same customer ("OCP", written « ocp » by him) three weeks before.
        var delivered = new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);
        _bed.Requests.Requests.AddRange(
        [
            DashboardTestBed.Request("REQ-2026-0007", _bed.IdOf(BotTestBed.Omar), "mea", "pumps", RequestState.Delivered, delivered.AddDays(-10), deliveredAt: delivered),
            // Delivered for Wei 13 weeks before his win: out of the 12-week window.
            DashboardTestBed.Request("REQ-2026-0008", _bed.IdOf(TestRoster.EnglishRep), "apac", "pumps", RequestState.Delivered, delivered.AddDays(-90), deliveredAt: delivered.AddDays(-80)),
        ]);
        await WroteAsync(TestRoster.Rep, W47, "Commande signée chez Sonatrach", "Le transitaire ne trouve pas de conteneur", customers: "Sonatrach");
        await WroteAsync(TestRoster.Rep, W48, "Offre acceptée par OCP", "RAS", bu: "pumps");
        await WroteAsync(BotTestBed.Nadia, W48, "Visite réussie", "Lots of rain this week", shared: false);
        await WroteAsync(BotTestBed.Omar, W48, "Second order for 12 pumps", "Customers keep cancelling meetings", customers: "ocp (Morocco)");
        await WroteAsync(TestRoster.EnglishRep, W48, "Repeat order from OCP", "The letter of credit is not confirmed", customers: "OCP");
    }

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    private async Task WroteAsync(TeamsUserAccount rep, IsoWeek week, string win, string blocker, bool shared = true, string? bu = null, string customers = "OCP (Maroc)") =>
        Assert.True(await _bed.Bot.Service<CheckInStore>().TryAddAsync(_bed.IdOf(rep), new WeeklyCheckIn(week,
            new CheckInAnswer(4, 3, 3, customers, win, blocker, 4, false, shared, bu), 5, week.Monday.ToDateTime(new TimeOnly(16, 0)), 1), CancellationToken.None));

    private static List<string> Texts(JsonObject view, string list) => view[list]!.AsArray().Select(b => b!["text"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task TheDirectorGetsEveryBlockerWithItsThemeNewestFirstInTheIssuesShape()
    {
        var view = await _bed.ViewAsync(TestRoster.Director, "blockers?weeks=12");

        var blockers = view["blockers"]!.AsArray();
        Assert.Equal(["Customers keep cancelling meetings", "Lots of rain this week", "The letter of credit is not confirmed", "Le transitaire ne trouve pas de conteneur"],
            Texts(view, "blockers").Take(3).Order(StringComparer.Ordinal).Append(Texts(view, "blockers")[3]));
        var omar = blockers.Single(b => b!["rep"]!.GetValue<string>() == "Omar Sy")!.AsObject();
        Assert.Equal(["rep", "repId", "week", "text", "theme"], omar.Select(p => p.Key));
        Assert.Equal((_bed.IdOf(BotTestBed.Omar), "2026-W48", "visit-planning"), (omar["repId"]!.GetValue<string>(), omar["week"]!.GetValue<string>(), omar["theme"]!.GetValue<string>()));
        Assert.Null(blockers.Single(b => b!["rep"]!.GetValue<string>() == "Nadia Amrani")!["theme"]);
        Assert.Equal("export-logistics", blockers.Single(b => b!["week"]!.GetValue<string>() == "2026-W47")!["theme"]!.GetValue<string>());
        Assert.DoesNotContain("RAS", Texts(view, "blockers"));
    }

    [Fact]
    public async Task AWinCreditsTheBuItNamesOrTheBuThatDeliveredForTheSameCustomerInTheLastTwelveWeeks()
    {
        var view = await _bed.ViewAsync(TestRoster.Director, "wins?weeks=12");

        var wins = view["wins"]!.AsArray().Select(w => w!.AsObject()).ToDictionary(w => w["text"]!.GetValue<string>());
        Assert.Equal(["rep", "week", "text", "customer", "buCredited", "shared"], wins["Offre acceptée par OCP"].Select(p => p.Key));
        Assert.Equal("pumps", wins["Offre acceptée par OCP"]["buCredited"]!.GetValue<string>());
        Assert.Equal(("pumps", "OCP"), (wins["Second order for 12 pumps"]["buCredited"]!.GetValue<string>(), wins["Second order for 12 pumps"]["customer"]!.GetValue<string>()));
        Assert.Null(wins["Repeat order from OCP"]["buCredited"]);
        Assert.Null(wins["Commande signée chez Sonatrach"]["buCredited"]);
        Assert.False(wins["Visite réussie"]["shared"]!.GetValue<bool>());
        Assert.Equal("Commande signée chez Sonatrach", Texts(view, "wins")[^1]);
        var scoreboard = await _bed.ViewAsync(TestRoster.Director, "scoreboard");
        Assert.Equal(2, scoreboard["businessUnits"]!.AsArray().Single(b => b!["id"]!.GetValue<string>() == "pumps")!["winsCredited"]!.GetValue<int>());
    }

    [Fact]
    public async Task ASponsorReadsTheirRegionsABuLeadTheSharedWinsCreditedToTheirBuAndARepTheirOwn()
    {
        var sponsor = await _bed.ViewAsync(TestRoster.Sponsor, "wins?weeks=12");
        Assert.Equal(4, sponsor["wins"]!.AsArray().Count);
        Assert.DoesNotContain("Repeat order from OCP", Texts(sponsor, "wins"));
        Assert.DoesNotContain("The letter of credit is not confirmed", Texts(await _bed.ViewAsync(TestRoster.Sponsor, "blockers"), "blockers"));

        var lead = await _bed.ViewAsync(TestRoster.Lead, "wins?weeks=12");
        Assert.Equal(["Offre acceptée par OCP", "Second order for 12 pumps"], Texts(lead, "wins").Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.Forbidden, (await _bed.GetAsAsync(TestRoster.Lead, "/api/dashboard/blockers")).StatusCode);

        var rep = await _bed.ViewAsync(BotTestBed.Nadia, "wins");
        Assert.Equal(["Visite réussie"], Texts(rep, "wins"));
        Assert.Equal(["Lots of rain this week"], Texts(await _bed.ViewAsync(BotTestBed.Nadia, "blockers"), "blockers"));
    }

    [Theory]
    [InlineData("blockers?weeks=7")]
    [InlineData("wins?weeks=abc")]
    [InlineData("wins?region=golf")]
    public async Task ABadFilterIsRefusedWith400(string path)
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await _bed.GetAsAsync(TestRoster.Director, "/api/dashboard/" + path)).StatusCode);
    }

    [Fact]
    public async Task NothingAnswersWithoutAToken()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _bed.GetAsync("/api/dashboard/wins", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _bed.GetAsync("/api/dashboard/blockers", "Bearer nonsense")).StatusCode);
    }
}
