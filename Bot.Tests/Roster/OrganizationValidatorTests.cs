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
    public void TheTestRosterIsValid() => Assert.Empty(Errors(_ => { }));

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
