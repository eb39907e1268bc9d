using System.Text.Json.Nodes;
using CoachBot.Localization;
using CoachBot.Roster;
using CoachBot.Tests.Infrastructure;
using CoachBot.Tests.Teams;

namespace CoachBot.Tests.Roster;

public sealed class RosterProblemWordingTests
{
    private const string Prefix = "roster_invalid_";

    /// <summary>One organisation with every problem the validator knows, each at least once.</summary>
    private static OrganizationOptions EveryProblem()
    {
        var amina = new RepOptions { Name = "Amina Haddad", AadObjectId = "11111111-0000-0000-0000-000000000001", Region = "mea" };
        var karim = new PersonOptions { Name = "Karim Mansour", Email = "karim@example.com" };
        return new OrganizationOptions
        {
            DefaultLanguage = "de",
            TenantId = "not-a-tenant",
            Director = new DirectorOptions { Name = "Claire Fontaine", Email = "claire@example.com", TimeZone = "Mars/Olympus" },
            Regions =
            [
                new RegionOptions { Id = "mea", TimeZone = "Africa/Casablanca", Sponsor = new PersonOptions { Name = "", AadObjectId = "not-a-guid" } },
                new RegionOptions { Id = "mea", TimeZone = "Nowhere/Else" },
                new RegionOptions { Id = "", TimeZone = "Europe/Paris" },
            ],
            BusinessUnits =
            [
                new BusinessUnitOptions { Id = "drives", InternationalObjective = -1, TimeZone = "Moon/Base", Leads = [karim, new PersonOptions { Name = "Karim again", Email = "KARIM@example.com" }] },
                new BusinessUnitOptions { Id = "drives" },
                new BusinessUnitOptions { Id = " " },
            ],
            Reps =
            [
                amina,
                new RepOptions { Name = "Amina again", AadObjectId = amina.AadObjectId, Region = "latam" },
                new RepOptions { Name = "Karim as a rep", Email = "karim@example.com", Region = "mea", Language = "de" },
                new RepOptions { Name = "Nobody", Region = "mea" },
            ],
            Admins = [new PersonOptions { Email = "nadia@example.com" }, new PersonOptions { Name = "Nadia", Email = "Nadia@example.com" }],
        };
    }

    [Fact]
    public void EveryProblemOfTheValidatorHasItsSentenceInEnglishAndFrenchAndTheStartUpMessagesAreTheEnglishOnes()
    {
        var texts = new Texts();
        var problems = OrganizationValidator.Problems(EveryProblem());
        var keys = texts.For(Languages.English).Keys.Where(k => k.StartsWith(Prefix, StringComparison.Ordinal)).Order().ToList();

        Assert.Equal(keys, problems.Select(p => p.Key!).Distinct().Order().ToList());
        Assert.Equal(problems.Select(p => p.English), new OrganizationValidator().Validate(null, EveryProblem()).Failures);
        foreach (var problem in problems)
        {
            var english = problem.In(texts, Languages.English);
            var french = problem.In(texts, Languages.French);
            Assert.Equal(problem.English, english);
            Assert.NotEqual(english, french);
            Assert.DoesNotContain("{", french, StringComparison.Ordinal);
            Assert.DoesNotContain("'", french, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TheStartUpMessagesKeepTheirWording()
    {
        var failures = new OrganizationValidator().Validate(null, EveryProblem()).Failures!;

        Assert.Contains("Organization:DefaultLanguage 'de' is not supported; use 'en' or 'fr'.", failures);
        Assert.Contains("Organization:BusinessUnits:0:Leads:1: 'Karim Mansour' (karim@example.com) leads business unit 'drives' twice.", failures);
        Assert.Contains("Organization:Reps:1: duplicate person: 'Amina Haddad' (11111111-0000-0000-0000-000000000001) is listed twice among the reps.", failures);
        Assert.Contains("Organization:Reps:2: duplicate person: rep 'Karim Mansour' (karim@example.com) also holds another role (director, sponsor or BU lead).", failures);
    }

    [Theory]
    [InlineData("fr-FR", "la langue «\u00a0de\u00a0» de «\u00a0Omar Said\u00a0» n’est pas prise en charge\u00a0; utilisez «\u00a0en\u00a0» ou «\u00a0fr\u00a0».")]
    [InlineData("en-US", "language 'de' of 'Omar Said' is not supported; use 'en' or 'fr'.")]
    public async Task AProblemOnlyTheWholeRostersValidationFindsReachesTheCardInTheAdminsLanguage(string locale, string expected)
    {
        await using var bot = await RosterTestBed.StartAsync(Azurite.NewPrefix());
        var reps = bot.Service<Organization>().Options.Reps.Count;

        var card = await RosterCardTests.ActAsync(bot, TestRoster.Director with { Locale = locale }, "roster.save", new JsonObject
        {
            ["name"] = "Omar Said", ["aadObjectId"] = "33333333-0000-0000-0000-000000000008", ["role"] = "rep", ["region"] = "mea", ["language"] = "de", ["version"] = "1",
        });

        Assert.Contains($"Organization:Reps:{reps}{(locale == "fr-FR" ? "\u00a0" : "")}: {expected}", InstallationTests.AllTexts(card));
        Assert.Null(bot.Service<Organization>().Find("33333333-0000-0000-0000-000000000008", null));
        Assert.Equal(1, bot.Service<Organization>().Version.Number);
    }
}
