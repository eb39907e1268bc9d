using System.Net;
using CoachBot.Digests;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Dashboard;

/// <summary>
/// The tab's CSV exports go with its sign-in token, like its views: no signed link is minted on a load, and no
/// credential sits in a URL (the App Service HTTP log keeps query strings).
/// </summary>
public sealed class DashboardExportTests : IAsyncLifetime
{
    private DashboardTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await DashboardTestBed.StartAsync(new Dictionary<string, string?>
    {
        ["Digests:PublicBaseUrl"] = "https://coachbot.test",
    });

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task TheDirectorsPageNamesEachExportByAPathWithNoCredentialInIt()
    {
        var me = await _bed.ViewAsync(TestRoster.Director, "me");

        var urls = me["exports"]!.AsArray().Select(e => e!["url"]!.GetValue<string>()).ToList();
        Assert.Equal(ExportLinks.Datasets.Select(d => "/api/dashboard/export/" + d), urls);
        Assert.All(urls, u => Assert.DoesNotContain("?", u, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheDirectorGetsTheCsvWithTheTabsTokenAndNobodyElseDoes()
    {
        var csv = await _bed.GetAsAsync(TestRoster.Director, "/api/dashboard/export/checkins?weeks=12");
        var sponsor = await _bed.GetAsAsync(TestRoster.Sponsor, "/api/dashboard/export/checkins");
        var anonymous = await _bed.GetAsync("/api/dashboard/export/checkins", null);
        var unknown = await _bed.GetAsAsync(TestRoster.Director, "/api/dashboard/export/everything");
        var badPeriod = await _bed.GetAsAsync(TestRoster.Director, "/api/dashboard/export/checkins?weeks=7");

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", csv.Headers.CacheControl?.ToString());
        Assert.Contains("nosniff", csv.Headers.GetValues("X-Content-Type-Options"));
        Assert.False(string.IsNullOrWhiteSpace(await csv.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Forbidden, sponsor.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badPeriod.StatusCode);
    }
}
