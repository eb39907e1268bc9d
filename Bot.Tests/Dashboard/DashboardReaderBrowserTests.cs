using CoachBot.Calendar;
using CoachBot.SupportRequests;
using CoachBot.Teams;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Dashboard;

/// <summary>
/// The tab as a new reader meets it, in Chromium: in the language they chose in the chat, a view with nothing to show
/// saying why, the period each figure covers, tables that say they scroll on a phone, and BUs by name.
/// </summary>
public sealed class DashboardReaderBrowserTests
{
    private static readonly IsoWeek W48 = new(2026, 48);

    [Fact]
    public async Task TheTabFollowsTheChosenLanguageSaysWhyAViewIsEmptyAndShowsOnAPhoneThatTablesScroll()
    {
        await using var bed = await DashboardTestBed.StartAsync();
        await bed.Bed.StoreAsync(TestRoster.Rep, W48, fieldDays: 2);
        await bed.Bed.StoreAsync(TestRoster.EnglishRep, W48, fieldDays: 4);
        var amina = bed.IdOf(TestRoster.Rep);
        bed.Requests.Requests.Add(DashboardTestBed.Request("REQ-7", amina, "mea", "pumps", RequestState.Open, new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(1))));
        // Claire's Teams speaks English; she typed "langue fr" in the chat.
        await bed.Bot.Service<UserPreferencesStore>().SetLanguageAsync(TestRoster.Director.AadObjectId!, "fr", CancellationToken.None);
        object Scenario(string name, TeamsUserAccount user, string locale, int width = 1280, int height = 900) =>
            new { name, token = bed.TokenFor(user), locale, oid = user.AadObjectId, tid = DashboardTestBed.TenantId, width, height };

        var results = (await DashboardBrowserTests.RunAsync(bed.Bot.Http.BaseAddress!,
        [
            Scenario("director chose French", TestRoster.Director, "en-US"),
            Scenario("director on a phone", TestRoster.Director, "en-US", width: 390, height: 844),
            Scenario("rep on a phone", TestRoster.Rep with { Locale = "en-US" }, "en-US", width: 390, height: 844),
            Scenario("French rep", TestRoster.Rep, "fr-FR"),
        ])).ToDictionary(r => r!["name"]!.GetValue<string>(), r => r!);

        var french = results["director chose French"];
        Assert.Equal("fr", french["lang"]!.GetValue<string>());
        Assert.Contains("Taux de présence face à l’objectif", french["headings"].Strings());
        // No coaching prompt in the period: said, with why, instead of an empty chart.
        Assert.StartsWith("Aucun exercice de coaching envoyé du 8 septembre 2026 au 30 novembre 2026", french["coachingEmpty"]!.GetValue<string>());
        Assert.Contains("du 8 septembre 2026 au 30 novembre 2026 (aujourd’hui) inclus", french["periods"].Strings());

        var phone = results["director on a phone"];
        Assert.Contains("requests-table", phone["scrollHints"].Strings());
        Assert.True(phone["scrollWidth"]!.GetValue<int>() <= 390, $"The page is {phone["scrollWidth"]} px wide on a 390 px screen.");
        Assert.Empty(results["director chose French"]["scrollHints"]!.AsArray());

        var rep = results["rep on a phone"];
        Assert.Equal("en", rep["lang"]!.GetValue<string>());
        Assert.Contains(rep["repRequests"].Strings(), line => line.StartsWith("REQ-7 · Pumps & Valves · ", StringComparison.Ordinal));
        // French counts 0 in the singular; "engagement" is masculine.
        var frenchRep = results["French rep"];
        Assert.Contains("Programme\u00a0: 0 exercice fait sur ", frenchRep["repSummary"]!.GetValue<string>());
        Assert.Equal(["Aucun engagement"], frenchRep["repCommitments"].Strings());
        foreach (var result in results.Values)
        {
            Assert.True(result["consoleErrors"]!.AsArray().Count == 0, $"{result["name"]}: {result["consoleErrors"]!.ToJsonString()}");
        }
    }
}
