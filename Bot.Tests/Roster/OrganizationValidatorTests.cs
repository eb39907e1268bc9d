using CoachBot.Roster;
using CoachBot.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace CoachBot.Tests.Roster;

public sealed class OrganizationValidatorTests
{
    private static OrganizationOptions Bind(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("Organization").Get<OrganizationOptions>()!;

    private static IEnumerable<string> Errors(Action<Dictionary<string, string?>> change)
    {
        var settings = TestRoster.Settings();
        change(settings);
        var result = new OrganizationValidator().Validate(null, Bind(settings));
        return result.Failures ?? [];
    }

    [Fact]
    public void TheTestRosterIsValid()
    {
        var result = new OrganizationValidator().Validate(null, Bind(TestRoster.Settings()));

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Null(result.Failures);
    }

    [Fact]
    public void ARosterWithAProblemFailsValidation() =>
        Assert.True(new OrganizationValidator().Validate(null, Bind(new Dictionary<string, string?> { ["Organization:DefaultLanguage"] = "de" })).Failed);

    [Fact]
    public void ARepInAnUnknownRegionIsRefused() =>
        Assert.Contains(Errors(s => s["Organization:Reps:0:Region"] = "latam"), e => e.Contains("unknown region 'latam'"));

    [Fact]
    public void AnUnknownTimeZoneIsRefused() =>
        Assert.Contains(Errors(s => s["Organization:Regions:1:TimeZone"] = "Mars/Olympus"), e => e.Contains("'Mars/Olympus'"));

    [Fact]
    public void APersonListedTwiceAmongTheRepsIsRefused() =>
        Assert.Contains(Errors(s =>
        {
            s["Organization:Reps:3:Name"] = "Amina again";
            s["Organization:Reps:3:AadObjectId"] = TestRoster.Rep.AadObjectId!.ToUpperInvariant();
            s["Organization:Reps:3:Region"] = "apac";
        }), e => e.Contains("duplicate person") && e.Contains("Reps:3"));

    [Fact]
    public void TheSameEmailInAnotherCaseIsTheSamePerson() =>
        Assert.Contains(Errors(s =>
        {
            s["Organization:Reps:3:Name"] = "Priya again";
            s["Organization:Reps:3:Email"] = TestRoster.EmailOnlyRepEmail.ToUpperInvariant();
            s["Organization:Reps:3:Region"] = "apac";
        }), e => e.Contains("duplicate person"));

    [Fact]
    public void ARepWhoAlsoLeadsABusinessUnitIsRefused() =>
        Assert.Contains(Errors(s => s["Organization:Reps:0:AadObjectId"] = TestRoster.Lead.AadObjectId), e => e.Contains("also holds another role"));

    [Fact]
    public void APersonWithoutIdentityOrWithABadObjectIdIsRefused()
    {
        var errors = Errors(s =>
        {
            s["Organization:Reps:1:AadObjectId"] = null;
            s["Organization:Reps:2:Email"] = null;
            s["Organization:Reps:2:AadObjectId"] = "not-a-guid";
        }).ToList();
        Assert.Contains(errors, e => e.Contains("'Wei Lin' has neither Email nor AadObjectId"));
        Assert.Contains(errors, e => e.Contains("'not-a-guid'"));
    }

    [Fact]
    public void ATenantIdThatIsNotAGuidIsRefused() =>
        Assert.Contains(Errors(s => s["Organization:TenantId"] = "contoso.onmicrosoft.com"), e => e.Contains("TenantId"));

    [Fact]
    public void AnUnsupportedLanguageIsRefused() =>
        Assert.Contains(Errors(s => s["Organization:Reps:0:Language"] = "de"), e => e.Contains("language 'de'"));

    [Theory]
    [InlineData("de")]
    [InlineData("")]
    public void ADefaultLanguageOtherThanEnglishOrFrenchIsRefused(string language) =>
        Assert.Contains($"Organization:DefaultLanguage '{language}' is not supported; use 'en' or 'fr'.",
            Errors(s => s["Organization:DefaultLanguage"] = language));

    [Theory]
    [InlineData("fr")]
    [InlineData("en")]
    public void EnglishAndFrenchAreAcceptedAsDefaultLanguage(string language) =>
        Assert.Empty(Errors(s => s["Organization:DefaultLanguage"] = language));

    [Fact]
    public void ATenantIdThatIsAGuidIsAccepted() =>
        Assert.Empty(Errors(s => s["Organization:TenantId"] = "72f988bf-86f1-41af-91ab-2d7cd011db47"));

    [Fact]
    public void ATenantIdThatIsNotAGuidIsRefusedByName() =>
        Assert.Contains(BotTestBed.Text("en", "roster_invalid_tenant", "contoso.onmicrosoft.com"),
            Errors(s => s["Organization:TenantId"] = "contoso.onmicrosoft.com"));

    [Fact]
    public void TheDirectorIsValidatedLikeEveryoneElse()
    {
        var errors = Errors(s =>
        {
            s["Organization:Director:Name"] = " ";
            s["Organization:Director:AadObjectId"] = "claire";
            s["Organization:Director:Language"] = "es";
        }).ToList();

        Assert.Contains(BotTestBed.Text("en", "roster_invalid_name_missing", "Organization:Director"), errors);
        Assert.Contains(BotTestBed.Text("en", "roster_invalid_object_id", "Organization:Director", "claire", " "), errors);
        Assert.Contains(BotTestBed.Text("en", "roster_invalid_person_language", "Organization:Director", "es", " "), errors);
    }

    [Fact]
    public void ADirectorWithNeitherEmailNorObjectIdIsRefused() =>
        Assert.Contains(BotTestBed.Text("en", "roster_invalid_no_identity", "Organization:Director", "Claire Fontaine"),
            Errors(s => s["Organization:Director:AadObjectId"] = null));

    [Fact]
    public void ASponsorIsValidated() =>
        Assert.Contains(BotTestBed.Text("en", "roster_invalid_object_id", "Organization:Regions:0:Sponsor", "marc", "Marc Delorme"),
            Errors(s => s["Organization:Regions:0:Sponsor:AadObjectId"] = "marc"));

    [Fact]
    public void APersonWithAnEmailAndNoObjectIdOrWithAnObjectIdAndNoEmailIsAccepted() =>
        Assert.Empty(Errors(s =>
        {
            s["Organization:Director:AadObjectId"] = null;
            s["Organization:Director:Email"] = "claire.fontaine@coachbot.example";
            s["Organization:Director:Language"] = "fr";
        }));

    [Fact]
    public void ABusinessUnitLeadIsValidatedAndAMissingNameIsRefused()
    {
        var errors = Errors(s =>
        {
            s["Organization:BusinessUnits:0:Leads:0:Name"] = "";
            s["Organization:BusinessUnits:0:Leads:0:AadObjectId"] = null;
            s["Organization:BusinessUnits:0:Leads:0:Email"] = " ";
        }).ToList();

        Assert.Contains(BotTestBed.Text("en", "roster_invalid_name_missing", "Organization:BusinessUnits:0:Leads:0"), errors);
        Assert.Contains(BotTestBed.Text("en", "roster_invalid_no_identity", "Organization:BusinessUnits:0:Leads:0", ""), errors);
    }

    [Fact]
    public void ARepWithoutANameIsRefused() =>
        Assert.Contains(BotTestBed.Text("en", "roster_invalid_name_missing", "Organization:Reps:1"), Errors(s => s["Organization:Reps:1:Name"] = ""));

    [Fact]
    public void ARegionWithoutAnIdOrListedTwiceIsRefused()
    {
        var errors = Errors(s =>
        {
            s["Organization:Regions:1:Id"] = "MEA";
            s["Organization:Regions:2:Id"] = " ";
            s["Organization:Regions:2:TimeZone"] = "Europe/Paris";
            s["Organization:Reps:1:Region"] = "mea";
            s["Organization:Reps:2:Region"] = "mea";
        }).ToList();

        Assert.Equal(
        [
            "Organization:Regions:1: region 'MEA' is listed twice.",
            "Organization:Regions:2:Id is missing.",
        ], errors);
    }

    [Fact]
    public void ARegionWithoutATimeZoneIsRefused() =>
        Assert.Contains(BotTestBed.Text("en", "roster_invalid_region_time_zone", "Organization:Regions:1", "", "apac"),
            Errors(s => s["Organization:Regions:1:TimeZone"] = ""));

    [Fact]
    public void TheDirectorsAndABusinessUnitsTimeZonesMustBeKnown()
    {
        var errors = Errors(s =>
        {
            s["Organization:Director:TimeZone"] = "Mars/Olympus";
            s["Organization:BusinessUnits:0:TimeZone"] = "Europe/Atlantis";
        }).ToList();

        Assert.Equal(
        [
            "Organization:Director:TimeZone 'Mars/Olympus' is not a known IANA time zone (for example Europe/Paris).",
            "Organization:BusinessUnits:0: time zone 'Europe/Atlantis' of business unit 'pumps' is not a known IANA time zone (for example Europe/Paris).",
        ], errors);
    }

    [Fact]
    public void AMemberIsFoundByTheirRosterIdAndNobodyByAnUnknownOne()
    {
        var organization = new Organization(Options.Create(Bind(TestRoster.Settings())));
        var lead = organization.Members.Single(m => m.Has(Role.BusinessUnitLead));

        Assert.Same(lead, organization.FindById(lead.Id));
        Assert.Null(organization.FindById("someone-who-left"));
    }

    [Fact]
    public void TheDirectorsTimeZoneDefaultsToParis() =>
        Assert.Equal("Europe/Paris", new Organization(Options.Create(Bind(TestRoster.Settings()))).DirectorTimeZone.Id);

    [Fact]
    public void ABusinessUnitWithoutAnIdOrListedTwiceIsRefused()
    {
        var errors = Errors(s =>
        {
            s["Organization:BusinessUnits:1:Id"] = "Pumps";
            s["Organization:BusinessUnits:2:Id"] = "";
        }).ToList();

        Assert.Equal(
        [
            "Organization:BusinessUnits:1: business unit 'Pumps' is listed twice.",
            "Organization:BusinessUnits:2:Id is missing.",
        ], errors);
    }

    [Fact]
    public void ANegativeObjectiveIsRefusedAndZeroIsAccepted()
    {
        Assert.Equal([BotTestBed.Text("en", "roster_invalid_objective", "Organization:BusinessUnits:0", "pumps")],
            Errors(s => s["Organization:BusinessUnits:0:InternationalObjective"] = "-1"));
        Assert.Empty(Errors(s => s["Organization:BusinessUnits:0:InternationalObjective"] = "0"));
    }

    [Fact]
    public void APersonLeadingOneBusinessUnitTwiceIsRefusedButMayLeadSeveral()
    {
        Assert.Equal(["Organization:BusinessUnits:0:Leads:1: 'Hugo Bernard' (11111111-0000-0000-0000-000000000003) leads business unit 'pumps' twice."],
            Errors(s =>
            {
                s["Organization:BusinessUnits:0:Leads:1:Name"] = "Hugo B.";
                s["Organization:BusinessUnits:0:Leads:1:AadObjectId"] = TestRoster.Lead.AadObjectId!.ToUpperInvariant();
            }));
        Assert.Empty(Errors(s =>
        {
            s["Organization:BusinessUnits:1:Id"] = "compressors";
            s["Organization:BusinessUnits:1:Leads:0:Name"] = TestRoster.Lead.Name;
            s["Organization:BusinessUnits:1:Leads:0:AadObjectId"] = TestRoster.Lead.AadObjectId;
        }));
    }

    [Fact]
    public void ARepWhoIsAlsoTheDirectorIsRefused() =>
        Assert.Equal([BotTestBed.Text("en", "roster_invalid_rep_other_role", "Organization:Reps:1", "Claire Fontaine", "11111111-0000-0000-0000-000000000001")],
            Errors(s => s["Organization:Reps:1:AadObjectId"] = TestRoster.Director.AadObjectId));

    [Fact]
    public void ARepWhoIsAlsoASponsorIsRefusedWhenMatchedByEmail() =>
        Assert.Contains(BotTestBed.Text("en", "roster_invalid_rep_other_role", "Organization:Reps:2", "Marc Delorme", "priya.nair@coachbot.example"),
            Errors(s => s["Organization:Regions:0:Sponsor:Email"] = " " + TestRoster.EmailOnlyRepEmail.ToUpperInvariant()));

    [Fact]
    public void ARepListedTwiceIsNamedWithTheIdentityTheyShare() =>
        Assert.Equal([BotTestBed.Text("en", "roster_invalid_rep_twice", "Organization:Reps:3", "Priya Nair", "priya.nair@coachbot.example")],
            Errors(s =>
            {
                s["Organization:Reps:3:Name"] = "Priya again";
                s["Organization:Reps:3:Email"] = TestRoster.EmailOnlyRepEmail;
                s["Organization:Reps:3:Region"] = "apac";
            }));

    [Fact]
    public void EveryProblemIsReportedAtOnce()
    {
        var errors = Errors(s =>
        {
            s["Organization:DefaultLanguage"] = "de";
            s["Organization:Regions:1:TimeZone"] = "Mars/Olympus";
            s["Organization:Reps:0:Region"] = "latam";
            s["Organization:BusinessUnits:0:InternationalObjective"] = "-5";
        }).ToList();

        Assert.Equal(4, errors.Count);
    }

    [Fact]
    public async Task TheServiceDoesNotStartWithABadRosterAndSaysWhy()
    {
        var refusal = await BotApp.RefusalAsync(new Dictionary<string, string?>
        {
            ["Organization:Regions:0:TimeZone"] = "Europe/Atlantis",
        });

        Assert.Contains("'Europe/Atlantis'", refusal);
    }
}
