using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoachBot.Calendar;
using CoachBot.Coaching;
using CoachBot.SupportRequests;
using CoachBot.Tests.Deployment;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Dashboard;

/// <summary>
/// The tab in a real browser: Debian's Chromium driven by playwright-core (Bot.Tests/Dashboard/browser/check-dashboard.mjs),
/// the Teams host answered by an init script that hands out the tokens the local Entra ID issued. One browser, one
/// bot and one page load per scenario, all in one test: few and fast.
/// </summary>
public sealed class DashboardBrowserTests
{
    private static readonly IsoWeek W48 = new(2026, 48);

    /// <summary>Debian's Chromium (scripts/test.sh installs it with apt-get when it is missing), or CHROMIUM_PATH.</summary>
    internal static string Chromium()
    {
        var path = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } given ? given : "/usr/bin/chromium";
        Assert.True(File.Exists(path), $"No Chromium at {path}: install Debian's package (apt-get install -y chromium; scripts/test.sh does it) or set CHROMIUM_PATH.");
        return path;
    }

    internal static async Task<JsonArray> RunAsync(Uri baseUrl, IEnumerable<object> scenarios)
    {
        var input = JsonSerializer.Serialize(new { baseUrl = baseUrl.ToString(), chromium = Chromium(), scenarios });
        var run = await ProcessRun.StartAsync("node", [Repository.PathOf("Bot.Tests", "Dashboard", "browser", "check-dashboard.mjs"), input], Repository.Root);
        Assert.True(run.ExitCode == 0, run.Output);
        return JsonNode.Parse(run.StdOut)!.AsArray();
    }

    [Fact]
    public async Task TheTabDrawsItsChartsInChromiumForEachRoleWithinItsScopeAndSaysPlainlyWhenSignInFails()
    {
        await using var bed = await DashboardTestBed.StartAsync();
        for (var i = 0; i < 6; i++)
        {
            await bed.Bed.StoreAsync(TestRoster.Rep, W48.Plus(-i), fieldDays: 1 + (i % 3));
            await bed.Bed.StoreAsync(BotTestBed.Nadia, W48.Plus(-i), fieldDays: 3);
        }
        await bed.Bed.StoreAsync(TestRoster.EnglishRep, W48, fieldDays: 5);
        // What reps wrote: wins (one kept private, one naming the BU) and blockers of two themes.
        var store = bed.Bed.Bot.Service<CoachBot.CheckIns.CheckInStore>();
        async Task WroteAsync(TeamsUserAccount rep, int fieldDays, string win, string blocker, bool shared = true, string? bu = null) =>
            Assert.True(await store.TryReplaceAsync(bed.IdOf(rep), new CoachBot.CheckIns.WeeklyCheckIn(W48, new CoachBot.CheckIns.CheckInAnswer(4, fieldDays, 3, "OCP (Maroc)", win, blocker, 4, false, shared, bu),
                5, W48.Monday.ToDateTime(new TimeOnly(16, 0)), 2), Azure.ETag.All, CancellationToken.None));
        await WroteAsync(TestRoster.Rep, 1, "Commande de 3 pompes signée", "Le transitaire ne trouve pas de conteneur", bu: "pumps");
        await WroteAsync(BotTestBed.Nadia, 3, "Visite du site avec la BU", "Pas de rendez-vous calé, agenda vide", shared: false);
        await WroteAsync(TestRoster.EnglishRep, 5, "Demo done at PTT", "Customers keep cancelling meetings");
        var monday = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(1));
        bed.Requests.Requests.AddRange(
        [
            DashboardTestBed.Request("REQ-1", bed.IdOf(TestRoster.Rep), "mea", "pumps", RequestState.Open, monday),
            DashboardTestBed.Request("REQ-2", bed.IdOf(TestRoster.Rep), "mea", "pumps", RequestState.Declined, monday, objection: ObjectionCategory.Capacity, declinedAt: monday.AddHours(4)),
            DashboardTestBed.Request("REQ-3", bed.IdOf(TestRoster.EnglishRep), "apac", "automation", RequestState.Delivered, monday, deliveredAt: monday.AddDays(3), dealSize: 400_000m),
        ]);
        bed.Coaching.Entries.Add(DashboardTestBed.Coached(bed.IdOf(TestRoster.Rep), "rep", "rep-planning-1", W48, CoachingOutcome.Done));
        using var forger = RSA.Create(2048);
        var forged = bed.Identity.EntraToken(DashboardTestBed.TenantId, DashboardTestBed.ApplicationIdUri, TestRoster.Director.AadObjectId, signWith: forger);
        object Scenario(string name, TeamsUserAccount user, string? token, string locale, bool clickFirstRep = false, int width = 1280, int height = 900, string? sortBy = null,
            object? filterWins = null) =>
            new { name, token, locale, oid = user.AadObjectId, tid = DashboardTestBed.TenantId, clickFirstRep, width, height, sortBy, filterWins };

        var results = (await RunAsync(bed.Bot.Http.BaseAddress!,
        [
            Scenario("director", TestRoster.Director, bed.TokenFor(TestRoster.Director), "fr-FR", clickFirstRep: true, sortBy: "thisWeek",
                filterWins: new { bu = "pumps" }),
            Scenario("sponsor", TestRoster.Sponsor, bed.TokenFor(TestRoster.Sponsor), "en-GB", filterWins: new { shared = true }),
            Scenario("lead", TestRoster.Lead, bed.TokenFor(TestRoster.Lead), "fr-FR"),
            Scenario("rep on a phone", TestRoster.EnglishRep, bed.TokenFor(TestRoster.EnglishRep), "en-US", width: 390, height: 844),
            Scenario("forged token", TestRoster.Director, forged, "en-US"),
            Scenario("no token from Teams", TestRoster.Director, null, "fr-FR"),
        ])).ToDictionary(r => r!["name"]!.GetValue<string>(), r => r!);

        var director = results["director"];
        Console.WriteLine(string.Join(", ", results.Values.Select(r => $"{r["name"]}: settled in {r["settledMs"]} ms, first chart at {r["firstChartMs"]} ms")));
        Assert.Equal(["regions", "team", "requests", "scoreboard", "coaching", "blockers", "wins"], director["sections"].Strings());
        Assert.Equal(["regions-chart", "requests-chart", "scoreboard-chart", "coaching-chart", "blockers-chart"], director["drawn"].Strings());
        Assert.Contains("Succès et points de blocage", director["headings"].Strings());
        Assert.Equal(["Logistique export", "Présence client et planification des visites"], director["blockerThemes"].Strings());
        Assert.Equal("3 succès", director["winsCount"]!.GetValue<string>());
        Assert.Equal(3, director["wins"]!.AsArray().Count);
        Assert.Contains(director["wins"].Strings(), w => w.Contains("Nadia Amrani: Visite du site avec la BU", StringComparison.Ordinal) && w.EndsWith("non partagé", StringComparison.Ordinal));
        Assert.EndsWith("Amina Haddad: Commande de 3 pompes signée · OCP (Maroc) · au crédit de Pumps & Valves", Assert.Single(director["filteredWins"].Strings()));
        Assert.Equal("fr", director["lang"]!.GetValue<string>());
        Assert.Contains("Taux de présence face à l’objectif", director["headings"].Strings());
        // By region, then by name.
        Assert.Equal(["Priya Nair", "Wei Lin", "Amina Haddad", "Nadia Amrani", "Omar Sy"], director["teamRows"].Strings());
        Assert.True(director["sparklines"]!.GetValue<int>() >= 3);
        // Paths the page fetches with its token: no signed link, no credential in a URL.
        Assert.Equal(["/api/dashboard/export/checkins", "/api/dashboard/export/requests", "/api/dashboard/export/coaching"], director["exports"].Strings());
        Assert.EndsWith(".csv", director["download"]!["name"]!.GetValue<string>());
        Assert.Contains(",", director["download"]!["firstLine"]!.GetValue<string>());
        // Sorted by this week, descending (clicked twice): Wei 100 %, Nadia 60 %, Amina 20 %, then those who did not answer.
        Assert.Equal(["Wei Lin", "Nadia Amrani", "Amina Haddad"], director["sortedRows"].Strings()[..3]);
        Assert.Equal(["rep"], director["rep"]!["sections"].Strings());
        Assert.Contains("rep-chart", director["rep"]!["drawn"].Strings());
        Assert.Equal("Wei Lin", director["repName"]!.GetValue<string>());
        Assert.Contains("authentication.getAuthToken", director["hostCalls"].Strings());

        var sponsor = results["sponsor"];
        Assert.Equal(["regions", "team", "requests", "coaching", "blockers", "wins"], sponsor["sections"].Strings());
        Assert.Equal(["Export logistics", "Customer presence and visit planning"], sponsor["blockerThemes"].Strings());
        Assert.Equal(2, sponsor["wins"]!.AsArray().Count);
        Assert.DoesNotContain(sponsor["wins"].Strings(), w => w.Contains("PTT", StringComparison.Ordinal));
        Assert.Single(sponsor["filteredWins"]!.AsArray());

        var lead = results["lead"];
        Assert.Equal(["requests", "scoreboard", "wins"], lead["sections"].Strings());
        Assert.Equal([ "Commande de 3 pompes signée" ], lead["wins"].Strings().Select(w => w.Split(": ", 2)[1].Split(" · ")[0]));
        Assert.Equal(["Amina Haddad", "Nadia Amrani", "Omar Sy"], sponsor["teamRows"].Strings());
        Assert.Equal("en", sponsor["lang"]!.GetValue<string>());
        Assert.Empty(sponsor["exports"]!.AsArray());

        var rep = results["rep on a phone"];
        Assert.Equal(["blockers", "wins", "rep"], rep["sections"].Strings());
        Assert.Equal(["blockers-chart", "rep-chart"], rep["drawn"].Strings());
        Assert.Equal(["Customer presence and visit planning"], rep["blockerThemes"].Strings());
        Assert.Equal(["Demo done at PTT"], rep["wins"].Strings().Select(w => w.Split(": ", 2)[1].Split(" · ")[0]));
        Assert.Empty(rep["teamRows"]!.AsArray());
        // Readable on a phone: nothing wider than the screen.
        Assert.True(rep["scrollWidth"]!.GetValue<int>() <= 390, $"The page is {rep["scrollWidth"]} px wide on a 390 px screen.");

        foreach (var refused in new[] { results["forged token"], results["no token from Teams"] })
        {
            Assert.Equal("signIn", refused["reason"]!.GetValue<string>());
            Assert.Empty(refused["sections"]!.AsArray());
            Assert.Empty(refused["drawn"]!.AsArray());
        }
        Assert.StartsWith("Sign-in failed", results["forged token"]["message"]!.GetValue<string>());
        Assert.StartsWith("Échec de la connexion", results["no token from Teams"]["message"]!.GetValue<string>());

        foreach (var name in new[] { "director", "sponsor", "lead", "rep on a phone", "no token from Teams" })
        {
            Assert.True(results[name]["consoleErrors"]!.AsArray().Count == 0, $"{name}: {results[name]["consoleErrors"]!.ToJsonString()}");
        }
    }
}
