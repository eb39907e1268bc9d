using System.Net;
using System.Text;
using CoachBot.Roster;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Roster;

public sealed class PeopleCsvTests
{
    private const string Header = "Name,Email,AadObjectId,Role,Region,BusinessUnit,Language";

    [Fact]
    public async Task ThePeopleComeAsUtf8CsvWithAHeaderLineOneLinePerPersonAndRole()
    {
        await using var bot = await RosterTestBed.StartAsync(Azurite.NewPrefix());

        using var response = await bot.Http.SendAsync(RosterTestBed.Request(HttpMethod.Get, "/api/admin/roster/people.csv"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split(["\r\n", "\n"], StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Header, lines[0]);
        Assert.Contains($"Claire Fontaine,,{TestRoster.Director.AadObjectId},director,,,", lines);
        Assert.Contains($"Marc Delorme,,{TestRoster.Sponsor.AadObjectId},sponsor,mea,,", lines);
        Assert.Contains($"Hugo Bernard,,{TestRoster.Lead.AadObjectId},lead,,pumps,", lines);
        Assert.Contains($"Priya Nair,{TestRoster.EmailOnlyRepEmail},,rep,apac,,", lines);
        Assert.Equal(7, lines.Length);
    }

    [Fact]
    public async Task AnImportReplacesThePeopleKeepsRegionsAndUnitsAndADryRunAppliesNothing()
    {
        await using var bot = await RosterTestBed.StartAsync(Azurite.NewPrefix());
        var csv = string.Join('\n',
            Header,
            $"Claire Fontaine,,{TestRoster.Director.AadObjectId},director,,,fr",
            $"Hugo Bernard,,{TestRoster.Lead.AadObjectId},lead,,pumps,",
            $"Amina Haddad,,{TestRoster.Rep.AadObjectId},rep,apac,,fr",
            $"\"Benali, Nadia\",nadia.benali@coachbot.example,,rep,mea,,en",
            $"Marc Delorme,,{TestRoster.Sponsor.AadObjectId},admin,,,");

        using var dry = await RosterTestBed.PutPeopleAsync(bot, csv, dryRun: true);
        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        var report = await RosterTestBed.BodyAsync(dry);
        Assert.Equal(["Benali, Nadia"], report["added"]!.AsArray().Select(n => (string?)n));
        Assert.Equal(["Priya Nair", "Wei Lin"], report["removed"]!.AsArray().Select(n => (string?)n));
        Assert.Equal(1, bot.Service<Organization>().Version.Number);

        using var put = await RosterTestBed.PutPeopleAsync(bot, csv);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var organization = bot.Service<Organization>();
        Assert.Equal("apac", organization.Find(TestRoster.Rep.AadObjectId, null)!.RegionId);
        Assert.Equal("mea", organization.Find(null, "NADIA.BENALI@coachbot.example")!.RegionId);
        var marc = organization.Find(TestRoster.Sponsor.AadObjectId, null)!;
        Assert.Equal([Role.Admin], marc.Roles);
        Assert.Null(organization.Regions["mea"].Sponsor);
        Assert.Equal("Africa/Casablanca", organization.Regions["mea"].TimeZone);
        Assert.Equal([new DateOnly(2026, 12, 25)], organization.Regions["mea"].Holidays);
        Assert.Equal(12_000_000m, organization.BusinessUnits["pumps"].InternationalObjective);
        Assert.DoesNotContain(organization.Members, m => m.Name == "Marc Delorme");
    }

    [Fact]
    public async Task AFileWithProblemsGets422NamingEachLineAndNothingIsApplied()
    {
        await using var bot = await RosterTestBed.StartAsync(Azurite.NewPrefix());
        var csv = string.Join('\n',
            Header,
            $"Claire Fontaine,,{TestRoster.Director.AadObjectId},director,,,",
            "Zoe Roy,zoe@coachbot.example,,chief,,,",
            "Ali Khan,ali@coachbot.example,,sponsor,latam,,",
            "Eva Lind,eva@coachbot.example,,lead,,valves,");

        using var put = await RosterTestBed.PutPeopleAsync(bot, csv);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, put.StatusCode);
        var errors = (await RosterTestBed.BodyAsync(put))["errors"]!.AsArray().Select(e => (string?)e).ToList();
        Assert.Equal(
        [
            "people.csv line 3: role 'chief' of 'Zoe Roy' is unknown; use director, sponsor, lead, rep or admin.",
            "people.csv line 4: sponsor 'Ali Khan' sponsors unknown region 'latam'.",
            "people.csv line 5: lead 'Eva Lind' leads unknown business unit 'valves'.",
        ], errors);
        Assert.Equal(1, bot.Service<Organization>().Version.Number);
    }

    [Fact]
    public async Task AFileThatMakesTheRosterInvalidGetsTheStartUpMessagesAsA422()
    {
        await using var bot = await RosterTestBed.StartAsync(Azurite.NewPrefix());
        var csv = string.Join('\n', Header, "Ali Khan,ali@coachbot.example,,rep,latam,,de", "Ali Khan,ALI@coachbot.example,,rep,mea,,");

        using var put = await RosterTestBed.PutPeopleAsync(bot, csv);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, put.StatusCode);
        var errors = (await RosterTestBed.BodyAsync(put))["errors"]!.AsArray().Select(e => (string?)e).ToList();
        Assert.Contains(BotTestBed.Text("en", "roster_invalid_rep_region", "Organization:Reps:0", "Ali Khan", "latam"), errors);
        Assert.Contains(BotTestBed.Text("en", "roster_invalid_person_language", "Organization:Reps:0", "de", "Ali Khan"), errors);
        Assert.Contains(BotTestBed.Text("en", "roster_invalid_rep_twice", "Organization:Reps:1", "Ali Khan", "ali@coachbot.example"), errors);
        Assert.Equal(1, bot.Service<Organization>().Version.Number);
    }

    [Theory]
    [InlineData("")]
    [InlineData("just some text without the columns")]
    public async Task AFileWithoutTheColumnsGets422(string csv)
    {
        await using var bot = await RosterTestBed.StartAsync(Azurite.NewPrefix());
        using var put = await RosterTestBed.PutPeopleAsync(bot, csv);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, put.StatusCode);
    }
}

public sealed class RosterHistoryTests
{
    [Fact]
    public async Task ABigImportIsKeptInTheHistoryWithItsLinesCutAndHowManyMoreThereWere()
    {
        await using var bot = await RosterTestBed.StartAsync(Azurite.NewPrefix());
        var csv = new System.Text.StringBuilder("Name,Email,AadObjectId,Role,Region,BusinessUnit,Language\n");
        for (var i = 0; i < 1500; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"Person {i:D4} with a long name for the history,person{i:D4}@coachbot.example,,rep,{(i % 2 == 0 ? "mea" : "apac")},,fr\n");
        }

        using var put = await RosterTestBed.PutPeopleAsync(bot, csv.ToString());

        Assert.Equal(System.Net.HttpStatusCode.OK, put.StatusCode);
        var entry = Assert.Single(await bot.Service<RosterStore>().ReadHistoryAsync(10, CancellationToken.None));
        Assert.Equal("roster-tests (admin API)", entry.ByName);
        Assert.StartsWith("+ Person 0000 with a long name for the history: rep mea", entry.Lines[0]);
        Assert.Matches(@"^… \(\+\d+\)$", entry.Lines[^1]);
        Assert.Equal(1500, bot.Service<Organization>().Members.Count(m => m.Has(CoachBot.Roster.Role.Rep)));
    }
}
