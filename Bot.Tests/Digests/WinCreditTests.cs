using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CoachBot.Calendar;
using CoachBot.CheckIns;
using CoachBot.Digests;
using CoachBot.SupportRequests;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Digests;

/// <summary>
/// BUs see what export brings them: a shared win that names a BU, or follows a request the BU delivered for the same
/// customer in the last 12 weeks, credits it; its leads get a thanks card, their digest lists the quarter's credited
/// wins; the monthly "Export wins" card goes to the sponsors and the director. Check-ins through the bot, Azurite, the
/// delivery engine and the loopback connector; Monday 30 November 2026 unless told.
/// </summary>
public sealed class WinCreditTests
{
    private static readonly IsoWeek W48 = new(2026, 48);

    private static JsonObject Win(string win, string customers = "OCP (Maroc)", string? bu = null, bool shared = true)
    {
        var inputs = BotTestBed.Answer(win: win, customers: customers);
        inputs["shareWin"] = shared ? "true" : "false";
        if (bu is not null)
        {
            inputs["winBu"] = bu;
        }
        return inputs;
    }

    private static List<JsonObject> Thanks(BotTestBed bed, TeamsUserAccount lead) =>
        bed.Received(lead).Select(a => a.Card).OfType<JsonObject>().Where(c => CardText.Joined(c).Contains("export", StringComparison.OrdinalIgnoreCase)
            && (CardText.Joined(c).Contains("Thank you", StringComparison.Ordinal) || CardText.Joined(c).Contains("Merci", StringComparison.Ordinal))).ToList();

    [Fact]
    public async Task ASharedWinNamingABuSendsItsLeadsOneThanksCardEvenWhenCorrected()
    {
        await using var bed = await BotTestBed.StartDigestsAsync();
        await bed.InstallAsync(BotTestBed.Omar, TestRoster.Lead);

        await bed.SubmitAsync(BotTestBed.Omar, "2026-W48", Win("Signed the pump order at OCP", bu: "pumps"));
        await bed.SubmitAsync(BotTestBed.Omar, "2026-W48", Win("Signed the pump order at OCP, 12 units", bu: "pumps"));

        var card = Assert.Single(Thanks(bed, TestRoster.Lead));
        var text = CardText.Joined(card);
        Assert.Contains(BotTestBed.Text("en", "thanks_title", "Pumps & Valves"), text);
        Assert.Contains(BotTestBed.Text("en", "thanks_intro", "Omar Sy", "OCP (Maroc)"), text);
        Assert.Contains("«Signed the pump order at OCP»", text);
        Assert.Empty((await CardValidator.ValidateAsync(new Dictionary<string, JsonObject> { ["thanks"] = card }))["thanks"]);
    }

    [Fact]
    public async Task AWinKeptPrivateOrNamingNoBuCreditsNobody()
    {
        await using var bed = await BotTestBed.StartDigestsAsync();
        await bed.InstallAsync(BotTestBed.Omar, BotTestBed.Nadia, TestRoster.Lead);

        await bed.SubmitAsync(BotTestBed.Omar, "2026-W48", Win("Signed the pump order at OCP", bu: "pumps", shared: false));
        await bed.SubmitAsync(BotTestBed.Nadia, "2026-W48", Win("Commande signée chez OCP"));

        Assert.Empty(Thanks(bed, TestRoster.Lead));
    }

    [Theory]
    [InlineData("SOCIETE CHERIFIENNE des phosphates (Maroc)", 20, true)]
    [InlineData("Société Chérifienne des Phosphates", 83, true)]
    [InlineData("Société Chérifienne des Phosphates", 85, false)]
    [InlineData("Sonatrach", 20, false)]
    public async Task AWinFollowingARequestTheBuDeliveredForTheSameCustomerInTwelveWeeksCreditsItWithTheReference(string customers, int daysAgo, bool credited)
    {
        await using var bed = await BotTestBed.StartDigestsAsync();
        await bed.InstallAsync(BotTestBed.Nadia, TestRoster.Lead);
        var delivered = BotTestBed.MondayW49.AddDays(-daysAgo);
        var request = DigestFiguresTests.Request("REQ-2026-0042", "pumps", delivered.AddDays(-10), rep: bed.Member(BotTestBed.Nadia).Id, state: RequestState.Delivered);
        bed.Requests!.Requests.Add(request with { Asked = request.Asked with { Customer = "Société Chérifienne des Phosphates" }, DeliveredAt = delivered });

        await bed.SubmitAsync(BotTestBed.Nadia, "2026-W48", Win("Commande de 4 pompes signée", customers: customers));

        var thanks = Thanks(bed, TestRoster.Lead);
        if (!credited)
        {
            Assert.Empty(thanks);
            return;
        }
        Assert.Contains(BotTestBed.Text("en", "thanks_intro_request", "Nadia Amrani", "Société Chérifienne des Phosphates", "REQ-2026-0042"), CardText.Joined(Assert.Single(thanks)));
    }

    [Fact]
    public async Task TheLeadsDigestListsTheWinsCreditedToTheirBuThisQuarter()
    {
        await using var bed = await BotTestBed.StartDigestsAsync();
        await bed.InstallAsync(BotTestBed.Omar, BotTestBed.Nadia, TestRoster.Lead);
        var store = bed.Bot.Service<CheckInStore>();
        // A win of September (last quarter) credited to pumps: not listed.
        Assert.True(await store.TryAddAsync(bed.Member(BotTestBed.Nadia).Id, new WeeklyCheckIn(new IsoWeek(2026, 38),
            new CheckInAnswer(3, 2, 2, "OCP", "Old September win", "", 4, false, true, "pumps"), 5, new DateTimeOffset(2026, 9, 18, 15, 0, 0, TimeSpan.Zero), 1), CancellationToken.None));
        Assert.True(await store.TryAddAsync(bed.Member(BotTestBed.Nadia).Id, new WeeklyCheckIn(new IsoWeek(2026, 42),
            new CheckInAnswer(3, 2, 2, "OCP", "Commande d’octobre", "", 4, false, true, "pumps"), 5, new DateTimeOffset(2026, 10, 16, 15, 0, 0, TimeSpan.Zero), 1), CancellationToken.None));
        await bed.SubmitAsync(BotTestBed.Omar, "2026-W48", Win("Signed the pump order at OCP", bu: "pumps"));

        await bed.Bot.Service<DigestCampaigns>().SendLeadsAsync("pumps", CancellationToken.None);

        var digest = CardText.Joined(bed.Received(TestRoster.Lead).Last().Card);
        Assert.Contains(BotTestBed.Text("en", "digest_lead_wins_heading"), digest);
        Assert.Contains("Omar Sy: «Signed the pump order at OCP»", digest);
        Assert.Contains("Nadia Amrani: «Commande d’octobre»", digest);
        Assert.True(digest.IndexOf("Omar Sy: «Signed", StringComparison.Ordinal) < digest.IndexOf("Nadia Amrani: «Commande", StringComparison.Ordinal));
        Assert.DoesNotContain("Old September win", digest);
    }

    [Fact]
    public async Task TheMonthlyExportWinsCardGoesToTheSponsorsAndTheDirectorOnceWithTheMonthsSharedWinsByRegion()
    {
        await using var bed = await BotTestBed.StartDigestsAsync();
        await bed.InstallAsync(BotTestBed.Omar, BotTestBed.Nadia, TestRoster.EnglishRep, TestRoster.Director, TestRoster.Sponsor);
        await bed.SubmitAsync(BotTestBed.Omar, "2026-W48", Win("Signed the pump order at OCP", bu: "pumps"));
        await bed.SubmitAsync(BotTestBed.Nadia, "2026-W48", Win("Visite de l’usine avec le client", shared: false));
        await bed.SubmitAsync(TestRoster.EnglishRep, "2026-W48", Win("Demo done at PTT", customers: "PTT"));
        bed.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.FromHours(1)));

        var campaigns = bed.Bot.Service<WinCampaigns>();
        var first = await campaigns.SendMonthlyAsync(CancellationToken.None);
        var again = await campaigns.SendMonthlyAsync(CancellationToken.None);

        Assert.Equal(("export-wins/2026-11", 2, 0), (first.CampaignId, first.Sent, again.Sent));
        var director = CardText.Joined(bed.Received(TestRoster.Director).Last().Card);
        Assert.Contains("Succès export, novembre 2026", director);
        Assert.Contains(BotTestBed.Plural("fr", "export_wins_intro", 2), director);
        Assert.Contains("Middle East & Africa\u00a0: 1 succès", director);
        Assert.Contains("Asia-Pacific\u00a0: 1 succès", director);
        Assert.Contains("Omar Sy\u00a0: «\u00a0Signed the pump order at OCP\u00a0» · OCP (Maroc) · au crédit de Pumps & Valves", director);
        Assert.DoesNotContain("Visite de l’usine", director);
        Assert.Contains("Business units créditées\u00a0: Pumps & Valves (1 succès).", director);
        var sponsor = CardText.Joined(bed.Received(TestRoster.Sponsor).Last().Card);
        Assert.Contains("Export wins, November 2026", sponsor);
        Assert.Empty((await CardValidator.ValidateAsync(new Dictionary<string, JsonObject> { ["monthly"] = bed.Received(TestRoster.Sponsor).Last().Card! }))["monthly"]);
    }

    [Fact]
    public async Task TheExportWinsJobIsScheduledOnTheFirstOfEachMonthInTheDirectorsZone()
    {
        await using var bot = await BotApp.StartAsync(new Dictionary<string, string?>
        {
            ["Admin:ApiKey"] = "s3cret",
            ["Organization:Director:TimeZone"] = "Africa/Casablanca",
        });
        bot.Http.DefaultRequestHeaders.Add("X-Admin-Key", "s3cret");

        var jobs = (await bot.Http.GetFromJsonAsync<JsonArray>("/api/admin/jobs"))!
            .ToDictionary(j => j!["name"]!.GetValue<string>(), j => (j!["schedule"]?.GetValue<string>(), j["timeZone"]?.GetValue<string>()));

        Assert.Equal(("0 0 8 1 * ?", "Africa/Casablanca"), jobs["export-wins"]);
    }
}
