using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CoachBot.Calendar;
using CoachBot.Coaching;
using CoachBot.Digests;
using CoachBot.SupportRequests;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Digests;

/// <summary><c>team</c>, <c>brief</c> and <c>export</c> typed into the personal chat, on check-ins stored in Azurite.</summary>
public sealed partial class DigestCommandTests
{
    private static readonly IsoWeek W48 = new(2026, 48);

    [Fact]
    public async Task DirectorTeamShowsEveryRepWithThisWeeksPresenceRequestsAndCoaching()
    {
        await using var bed = await BotTestBed.StartDigestsAsync();
        await bed.StoreAsync(TestRoster.Rep, W48, fieldDays: 3);
        bed.Requests!.Requests.Add(DigestFiguresTests.Request("REQ-1", "pumps", BotTestBed.MondayW49.AddDays(-3), rep: bed.Member(TestRoster.Rep).Id));
        bed.Coaching!.Entries.Add(DigestFiguresTests.Coaching(bed.Member(TestRoster.Rep).Id, "rep", "p1", CoachingOutcome.Done));

        var card = (await bed.SayAsync(TestRoster.Director, "équipe")).Card;

        var facts = CardText.Elements(card).Where(e => e["title"] is not null && e["value"] is not null)
            .ToDictionary(e => e["title"]!.GetValue<string>(), e => e["value"]!.GetValue<string>());
        Assert.Equal(["Amina Haddad", "Nadia Amrani", "Omar Sy", "Priya Nair", "Wei Lin"], facts.Keys.Order());
        Assert.Equal("60\u00a0% · point rempli · demandes ouvertes\u00a0: 1 · coaching 1/12", facts["Amina Haddad"]);
        Assert.Equal("– · point non rempli · demandes ouvertes\u00a0: 0 · coaching 0/12", facts["Wei Lin"]);
        Assert.Contains(BotTestBed.Text("fr", "team_title", "48"), CardText.Joined(card));
    }

    [Fact]
    public async Task ASponsorsTeamShowsOnlyTheRepsOfTheirRegion()
    {
        await using var bed = await BotTestBed.StartDigestsAsync();
        await bed.StoreAsync(TestRoster.EnglishRep, W48, fieldDays: 4);

        var text = CardText.Joined((await bed.SayAsync(TestRoster.Sponsor, "team")).Card);

        Assert.Contains("Middle East & Africa, week 48", text);
        Assert.Contains("Amina Haddad", text);
        Assert.Contains("Nadia Amrani", text);
        Assert.DoesNotContain("Wei Lin", text);
        Assert.DoesNotContain("Priya Nair", text);
    }

    [Theory]
    [InlineData("team")]
    [InlineData("brief amina")]
    [InlineData("export")]
    public async Task ARepGetsNoTeamBriefOrExport(string command)
    {
        await using var bed = await BotTestBed.StartDigestsAsync();

        var reply = await bed.SayAsync(TestRoster.EnglishRep, command);

        // Nothing of the director's, and an answer that says whose command it is.
        Assert.Null(reply.Card);
        Assert.DoesNotContain("/api/export/", reply.Text);
        Assert.Contains(new CoachBot.Localization.Texts().Get("en", "command_for_Director"), reply.Text);
    }

    [Theory]
    [InlineData("brief amina")]
    [InlineData("export")]
    [InlineData("export 2026-10-01 2026-11-30")]
    public async Task OnlyTheDirectorCanBriefOrExportNotASponsor(string command)
    {
        await using var bed = await BotTestBed.StartDigestsAsync();

        var reply = await bed.SayAsync(TestRoster.Sponsor, command);

        Assert.Null(reply.Card);
        Assert.DoesNotContain("/api/export/", reply.Text);
        Assert.Contains(new CoachBot.Localization.Texts().Get("en", "command_for_Director"), reply.Text);
    }

    [Fact]
    public async Task BilanAminaShowsHerEightWeeksOpenRequestsAndCommitmentsInFrench()
    {
        await using var bed = await BotTestBed.StartDigestsAsync();
        var amina = bed.Member(TestRoster.Rep).Id;
        await bed.StoreAsync(TestRoster.Rep, W48, fieldDays: 3, visits: 7);
        await bed.StoreAsync(TestRoster.Rep, W48.Plus(-2), fieldDays: 1);
        bed.Requests!.Requests.Add(DigestFiguresTests.Request("REQ-7", "pumps", BotTestBed.MondayW49.AddDays(-4), rep: amina));
        bed.Requests.Requests.Add(DigestFiguresTests.Request("REQ-8", "pumps", BotTestBed.MondayW49.AddDays(-4), rep: amina, state: RequestState.Delivered));
        bed.Coaching!.Entries.Add(DigestFiguresTests.Coaching(amina, "rep", "p1", CoachingOutcome.Done, "Appeler trois prospects à Dakar", CommitmentFollowUp.Partly));

        var card = (await bed.SayAsync(TestRoster.Director, "bilan AMÍNA")).Card;

        var text = CardText.Joined(card);
        Assert.Contains("Préparation d’entretien\u00a0: Amina Haddad", text);
        Assert.Contains("3\u00a0j de terrain sur 5 (60\u00a0%), 7\u00a0visites", text);
        Assert.Contains("1\u00a0j de terrain sur 5 (20\u00a0%)", text);
        Assert.Contains("REQ-7\u00a0: OCP (Pumps & Valves), en attente, ouverte il y a 4\u00a0jours", text);
        Assert.DoesNotContain("REQ-8", text);
        Assert.Contains("S47\u00a0: Appeler trois prospects à Dakar (en partie)", text);
        Assert.Equal(8, CardText.Elements(card).Count(e => e["title"]?.GetValue<string>() is { } t && Regex.IsMatch(t, @"^S\d+$")));
    }

    [Theory]
    [InlineData("brief am", "Several reps match \"am\": Amina Haddad, Nadia Amrani. Type more of the name.")]
    [InlineData("brief zoe", "No rep matches \"zoe\".")]
    [InlineData("brief", "Type brief followed by a rep's name, for example: brief amina")]
    public async Task BriefSaysClearlyWhenANameMatchesNobodyOrSeveralReps(string command, string expected)
    {
        await using var bed = await BotTestBed.StartDigestsAsync();

        var reply = await bed.SayAsync(TestRoster.Director with { Locale = "en-US" }, command);

        Assert.Equal(expected, reply.Text);
    }

    [Fact]
    public async Task ExportAnswersWithSignedLinksToUtf8CsvFilesWithABom()
    {
        await using var bed = await BotTestBed.StartDigestsAsync();
        await bed.StoreAsync(TestRoster.Rep, W48, fieldDays: 3, customers: "Société Générale (Sénégal)");
        await bed.StoreAsync(TestRoster.Rep, new IsoWeek(2026, 38), fieldDays: 2, customers: "Outside the range");
        bed.Requests!.Requests.Add(DigestFiguresTests.Request("REQ-1", "pumps", BotTestBed.MondayW49.AddDays(-10), acknowledgedAfterHours: 5, rep: bed.Member(TestRoster.Rep).Id));

        var reply = await bed.SayAsync(TestRoster.Director, "export 2026-10-01 2026-11-30");

        var links = Links(reply.Text!);
        Assert.Equal(["checkins", "coaching", "requests"], links.Keys.Order());
        var checkIns = await bed.Bot.Http.GetAsync(links["checkins"]);
        Assert.Equal(HttpStatusCode.OK, checkIns.StatusCode);
        Assert.Equal("text/csv", checkIns.Content.Headers.ContentType!.MediaType);
        var bytes = await checkIns.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var csv = Encoding.UTF8.GetString(bytes[3..]);
        Assert.StartsWith("MemberId,Name,Region,Week,", csv);
        Assert.Contains("Société Générale (Sénégal)", csv);
        Assert.DoesNotContain("Outside the range", csv);

        var requests = Encoding.UTF8.GetString(await bed.Bot.Http.GetByteArrayAsync(links["requests"]));
        var lines = requests.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("REQ-1,", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Contains(lines, l => l.Contains(",Acknowledged,Open,Acknowledged,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACellThatLooksLikeAFormulaIsExportedAsText()
    {
        await using var bed = await BotTestBed.StartDigestsAsync();
        await bed.StoreAsync(TestRoster.Rep, W48, fieldDays: 3, customers: "=HYPERLINK(\"http://evil.example\")");
        var link = Links((await bed.SayAsync(TestRoster.Director, "export")).Text!)["checkins"];

        var csv = Encoding.UTF8.GetString(await bed.Bot.Http.GetByteArrayAsync(link));

        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example\"\")\"", csv);
        Assert.DoesNotContain(",=HYPERLINK", csv);
    }

    [Fact]
    public async Task ATamperedExportLinkGets403AndNothingElse()
    {
        await using var bed = await BotTestBed.StartDigestsAsync();
        var link = Links((await bed.SayAsync(TestRoster.Director, "export 2026-10-01 2026-11-30")).Text!)["checkins"];

        foreach (var tampered in new[]
        {
            link.Replace("to=2026-11-30", "to=2026-12-31"),
            link.Replace("/api/export/checkins", "/api/export/requests"),
            Regex.Replace(link, "sig=(.)", m => "sig=" + (m.Groups[1].Value == "A" ? "B" : "A")),
            Regex.Replace(link, "&sig=[^&]*", ""),
            Regex.Replace(link, "expires=(\\d+)", m => "expires=" + (long.Parse(m.Groups[1].Value) + 3600)),
            "/api/export/checkins?from=2026-10-01&to=2026-11-30&expires=99999999999&sig=%%%",
        })
        {
            var response = await bed.Bot.Http.GetAsync(tampered);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        }
    }

    [Fact]
    public async Task AnExportIsNeitherCachedNorSniffed()
    {
        await using var bed = await BotTestBed.StartDigestsAsync();
        var link = Links((await bed.SayAsync(TestRoster.Director, "export")).Text!)["checkins"];

        var response = await bed.Bot.Http.GetAsync(link);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Theory]
    [InlineData("1.00:00:01")]
    [InlineData("7.00:00:00")]
    public async Task AnExportLinkLifetimeOverADayStopsTheService(string lifetime)
    {
        var output = await BotApp.RefusalAsync(new Dictionary<string, string?> { ["Digests:ExportLinkLifetime"] = lifetime });

        Assert.Contains("Digests:ExportLinkLifetime must be between 00:01:00 and 1.00:00:00", output);
    }

    [Fact]
    public async Task AnExportLinkStopsWorkingWhenItExpires()
    {
        await using var bed = await BotTestBed.StartDigestsAsync();
        var link = Links((await bed.SayAsync(TestRoster.Director, "export")).Text!)["checkins"];

        bed.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(HttpStatusCode.OK, (await bed.Bot.Http.GetAsync(link)).StatusCode);
        bed.Clock.Advance(TimeSpan.FromMinutes(1));
        var expired = await bed.Bot.Http.GetAsync(link);

        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
        Assert.Empty(await expired.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("export 2026-11-30 2026-10-01", "The start date must come before the end date")]
    [InlineData("export yesterday", "Type export, or export with two dates")]
    public async Task ExportWithABadRangeSaysHowToWriteIt(string command, string expected)
    {
        await using var bed = await BotTestBed.StartDigestsAsync();

        var reply = await bed.SayAsync(TestRoster.Director with { Locale = "en-US" }, command);

        Assert.StartsWith(expected, reply.Text);
    }

    /// <summary>The export links in a reply, by dataset, as paths with their query (the host is the configured public one).</summary>
    internal static Dictionary<string, string> Links(string text) =>
        ExportLink().Matches(text).ToDictionary(m => m.Groups[2].Value, m => m.Groups[1].Value);

    [GeneratedRegex(@"\(https?://[^/)]+(/api/export/(\w+)\?[^)\s]+)\)")]
    private static partial Regex ExportLink();
}
