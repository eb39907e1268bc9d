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
        object Scenario(string name, TeamsUserAccount user, string? token, string locale, bool clickFirstRep = false, int width = 1280, int height = 900, string? sortBy = null) =>
            new { name, token, locale, oid = user.AadObjectId, tid = DashboardTestBed.TenantId, clickFirstRep, width, height, sortBy };

        var results = (await RunAsync(bed.Bot.Http.BaseAddress!,
        [
            Scenario("director", TestRoster.Director, bed.TokenFor(TestRoster.Director), "fr-FR", clickFirstRep: true, sortBy: "thisWeek"),
            Scenario("sponsor", TestRoster.Sponsor, bed.TokenFor(TestRoster.Sponsor), "en-GB"),
            Scenario("rep on a phone", TestRoster.EnglishRep, bed.TokenFor(TestRoster.EnglishRep), "en-US", width: 390, height: 844),
            Scenario("forged token", TestRoster.Director, forged, "en-US"),
            Scenario("no token from Teams", TestRoster.Director, null, "fr-FR"),
        ])).ToDictionary(r => r!["name"]!.GetValue<string>(), r => r!);

        var director = results["director"];
        Console.WriteLine(string.Join(", ", results.Values.Select(r => $"{r["name"]}: settled in {r["settledMs"]} ms, first chart at {r["firstChartMs"]} ms")));
        Assert.Equal(["regions", "team", "requests", "scoreboard", "coaching"], director["sections"].Strings());
        Assert.Equal(["regions-chart", "requests-chart", "scoreboard-chart", "coaching-chart"], director["drawn"].Strings());
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
        Assert.Equal(["regions", "team", "requests", "coaching"], sponsor["sections"].Strings());
        Assert.Equal(["Amina Haddad", "Nadia Amrani", "Omar Sy"], sponsor["teamRows"].Strings());
        Assert.Equal("en", sponsor["lang"]!.GetValue<string>());
        Assert.Empty(sponsor["exports"]!.AsArray());

        var rep = results["rep on a phone"];
        Assert.Equal(["rep"], rep["sections"].Strings());
        Assert.Equal(["rep-chart"], rep["drawn"].Strings());
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

        foreach (var name in new[] { "director", "sponsor", "rep on a phone", "no token from Teams" })
        {
            Assert.True(results[name]["consoleErrors"]!.AsArray().Count == 0, $"{name}: {results[name]["consoleErrors"]!.ToJsonString()}");
        }
    }
}
