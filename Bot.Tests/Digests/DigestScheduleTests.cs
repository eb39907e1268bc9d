using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CoachBot.Calendar;
using CoachBot.CheckIns;
using CoachBot.Digests;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Digests;

/// <summary>The digests' jobs as the admin route lists them, their configuration checks at start, and who a week expects.</summary>
public sealed class DigestScheduleTests
{
    [Fact]
    public async Task TheDigestJobsRunMondayAt8InTheDirectorsZoneAndEachBusinessUnitsOwn()
    {
        await using var bot = await BotApp.StartAsync(new Dictionary<string, string?>
        {
            ["Admin:ApiKey"] = "s3cret",
            ["Organization:Director:TimeZone"] = "Africa/Casablanca",
            ["Organization:BusinessUnits:0:TimeZone"] = "Asia/Singapore",
        });
        bot.Http.DefaultRequestHeaders.Add("X-Admin-Key", "s3cret");

        var jobs = (await bot.Http.GetFromJsonAsync<JsonArray>("/api/admin/jobs"))!
            .ToDictionary(j => j!["name"]!.GetValue<string>(), j => (j!["schedule"]?.GetValue<string>(), j["timeZone"]?.GetValue<string>()));

        Assert.Equal(("0 0 8 ? * MON", "Africa/Casablanca"), jobs["digest-director"]);
        Assert.Equal(("0 0 8 ? * MON", "Africa/Casablanca"), jobs["digest-sponsors"]);
        Assert.Equal(("0 0 8 ? * MON", "Asia/Singapore"), jobs["digest-lead-pumps"]);
    }

    [Fact]
    public async Task OutsideDevelopmentTheServiceRefusesToStartWithoutASigningKeyOrWithAnInsecureLinkBase()
    {
        var refusal = await BotApp.RefusalAsync(new Dictionary<string, string?>
        {
            ["Digests:ExportSigningKey"] = "too-short",
            ["Digests:PublicBaseUrl"] = "http://coachbot.example",
            ["Digests:SeedDemoHistory"] = "true",
        });

        Assert.Contains("Digests:ExportSigningKey is required outside Development", refusal);
        Assert.Contains("Digests:PublicBaseUrl must be the bot's absolute https address", refusal);
        Assert.Contains("Digests:SeedDemoHistory is for the local demo only", refusal);
    }

    [Fact]
    public async Task InDevelopmentAMissingSigningKeyIsMadeAtStartAndLinksWork()
    {
        await using var bed = await BotTestBed.StartDigestsAsync(settings: new Dictionary<string, string?> { ["Digests:ExportSigningKey"] = "" });

        var reply = await bed.SayAsync(TestRoster.Director, "export");

        var link = System.Text.RegularExpressions.Regex.Match(reply.Text!, @"http://localhost:3978(/api/export/checkins\?[^)\s]+)").Groups[1].Value;
        Assert.Equal(System.Net.HttpStatusCode.OK, (await bed.Bot.Http.GetAsync(link)).StatusCode);
    }

    [Fact]
    public async Task AWeekExpectsNoAnswerFromARepAwayWhenItsCardWentOutNorFromARegionOnHoliday()
    {
        // 2026-W53 is all holidays in "mea" (see BotTestBed); W52 has Christmas. Omar is away from 18 to 31 December.
        await using var bed = await BotTestBed.StartDigestsAsync(new DateTimeOffset(2027, 1, 4, 8, 0, 0, TimeSpan.FromHours(1)));
        await bed.CheckInStore.SetAwayAsync(bed.Member(BotTestBed.Omar).Id, new AwayPeriod(new DateOnly(2026, 12, 18), new DateOnly(2026, 12, 31)), CancellationToken.None);
        await bed.StoreAsync(TestRoster.Rep, new IsoWeek(2026, 52), fieldDays: 2, workingDays: 4);
        await bed.StoreAsync(TestRoster.EnglishRep, new IsoWeek(2026, 53), fieldDays: 3);
        var service = bed.Bot.Service<DigestService>();
        var snapshot = await service.ReadAsync(CancellationToken.None);
        var sponsor = bed.Member(TestRoster.Sponsor);

        var w53 = service.SponsorFigures(snapshot, sponsor, new IsoWeek(2026, 53));
        var w52 = service.SponsorFigures(snapshot, sponsor, new IsoWeek(2026, 52));
        var everyone = service.DirectorFigures(snapshot, bed.Member(TestRoster.Director), new IsoWeek(2026, 53));

        // MEA in W53: a week of holidays, nobody expected. W52: Amina, Nadia expected (Omar away), Amina answered 2 of 4 days.
        Assert.Equal((0, 0, (double?)null), (w53.ThisWeek.Answered, w53.ThisWeek.Expected, w53.ThisWeek.ResponseRate));
        Assert.Equal((1, 2, 0.5), (w52.ThisWeek.Answered, w52.ThisWeek.Expected, w52.ThisWeek.Rate));
        // Every region in W53: only Asia-Pacific works (Wei answered, Priya did not).
        Assert.Equal((1, 2), (everyone.ThisWeek.Answered, everyone.ThisWeek.Expected));
    }
}

/// <summary>The local demo's history (Development only).</summary>
public sealed class DemoHistoryTests
{
    [Fact]
    public async Task TheDemoHistoryIsStoredOnceForSixClosedWeeksAndGivesTheDigestSomethingToShow()
    {
        // Monday of W49, 08:00 in Paris: W48 is still open for answers (until Wednesday 18:00), so the seed ends with W47.
        await using var bed = await BotTestBed.StartDigestsAsync(settings: new Dictionary<string, string?> { ["Digests:SeedDemoHistory"] = "true" });
        var amina = bed.Member(TestRoster.Rep).Id;

        var weeks = await bed.CheckInStore.ReadWeeksAsync(amina, new IsoWeek(2026, 40), new IsoWeek(2026, 49), CancellationToken.None);
        var again = await bed.Bot.Service<DemoHistory>().SeedAsync(CancellationToken.None);

        Assert.Equal(Enumerable.Range(42, 6).Select(w => new IsoWeek(2026, w)), weeks.Select(w => w.CheckIn.Week));
        Assert.Equal(0, again.Stored);
        Assert.True(again.Kept > 0);
        var service = bed.Bot.Service<DigestService>();
        var figures = service.DirectorFigures(await service.ReadAsync(CancellationToken.None), bed.Member(TestRoster.Director), new IsoWeek(2026, 47));
        Assert.Contains(figures.EarlyWarnings, a => a.Rep.Id == amina);
    }

    [Fact]
    public async Task TheDemoHistoryHasWinsAndBlockersOfSeveralThemesAndAConfidenceDropForBrief()
    {
        await using var bed = await BotTestBed.StartDigestsAsync(settings: new Dictionary<string, string?> { ["Digests:SeedDemoHistory"] = "true" });
        var service = bed.Bot.Service<DigestService>();
        var snapshot = await service.ReadAsync(CancellationToken.None);
        var director = bed.Member(TestRoster.Director);

        var weeks = Enumerable.Range(42, 6).Select(w => service.DirectorFigures(snapshot, director, new IsoWeek(2026, w))).ToList();

        Assert.True(weeks.Sum(f => f.Wins!.Count) >= 4);
        Assert.Contains(weeks.SelectMany(f => f.Wins!), w => w.CreditedBusinessUnit == "pumps");
        Assert.True(weeks.SelectMany(f => f.Blockers!).Select(b => b.Theme).OfType<string>().Distinct().Count() >= 4);
        var brief = CardText.Joined((await bed.SayAsync(TestRoster.Director, "bilan amina")).Card);
        Assert.Contains(BotTestBed.Text("fr", "brief_confidence_low", 2, 2), brief);
    }

    [Theory]
    [InlineData("checkin", "en-US")]
    [InlineData("point", "fr-FR")]
    public async Task WithTheDemoHistoryTheOpenWeeksCheckInIsStillAFormToAnswer(string command, string locale)
    {
        await using var bed = await BotTestBed.StartDigestsAsync(settings: new Dictionary<string, string?> { ["Digests:SeedDemoHistory"] = "true" });
        var amina = TestRoster.Rep with { Locale = locale };

        var card = (await bed.SayAsync(amina, command)).Card;

        Assert.NotNull(CardText.Input(card, "visits"));
        Assert.Equal("2026-W48", CardText.Elements(card).Single(e => e["verb"]?.GetValue<string>() == CheckInCards.SubmitVerb)["data"]!["week"]!.GetValue<string>());
    }

    [Fact]
    public async Task WithTheDemoHistoryTheScheduledCheckInStillGoesOutToEveryRep()
    {
        // Friday of W48, 15:00 in Casablanca: the W48 card goes out; the seed answered only closed weeks.
        await using var bed = await BotTestBed.StartDigestsAsync(BotTestBed.FridayW48, settings: new Dictionary<string, string?> { ["Digests:SeedDemoHistory"] = "true" });
        await bed.InstallAsync(TestRoster.Rep, BotTestBed.Nadia, BotTestBed.Omar);

        var sent = await bed.CheckInCampaigns.SendCheckInAsync("mea", CancellationToken.None);

        Assert.Equal(3, sent!.Sent);
    }

    [Fact]
    public async Task WithoutTheSettingNothingIsSeeded()
    {
        await using var bed = await BotTestBed.StartDigestsAsync();

        var snapshot = await bed.Bot.Service<DigestService>().ReadAsync(CancellationToken.None);

        Assert.Equal(0, snapshot.CheckIns.Count);
    }
}
