using System.Net;
using CoachBot.Roster;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Roster;

/// <summary>The tenant the bot trusts is the deployment's configuration: no roster change can move it.</summary>
public sealed class TrustedTenantTests
{
    private const string OtherTenant = "0b1c2d3e-0000-4000-8000-000000000bad";

    [Fact]
    public async Task APutThatChangesTheTenantIsRefusedWith422AndTheTenantStays()
    {
        await using var bot = await RosterTestBed.StartAsync(Azurite.NewPrefix());
        var organization = await RosterTestBed.GetOrganizationAsync(bot);
        organization["TenantId"] = OtherTenant;

        using var put = await RosterTestBed.PutOrganizationAsync(bot, organization);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, put.StatusCode);
        var errors = (await RosterTestBed.BodyAsync(put))["errors"]!.AsArray().Select(e => (string?)e).ToList();
        Assert.Equal([BotTestBed.Text("en", "roster_refused_tenant", OtherTenant)], errors);
        Assert.Equal(1, bot.Service<Organization>().Version.Number);
        Assert.True(bot.Service<Organization>().IsOwnTenant(TeamsActivities.TenantId));
        Assert.False(bot.Service<Organization>().IsOwnTenant(OtherTenant));
    }

    [Fact]
    public async Task ARosterWithoutTheTenantKeepsTheConfiguredOneAndAnotherSpellingOfItIsNoChange()
    {
        await using var bot = await RosterTestBed.StartAsync(Azurite.NewPrefix());
        var organization = RosterTestBed.WithRep(await RosterTestBed.GetOrganizationAsync(bot), RosterTestBed.Nadia, "mea");
        organization.Remove("TenantId");
        using (var put = await RosterTestBed.PutOrganizationAsync(bot, organization))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }
        var upper = await RosterTestBed.GetOrganizationAsync(bot);
        Assert.Equal(TeamsActivities.TenantId, (string?)upper["TenantId"]);
        upper["TenantId"] = "{" + TeamsActivities.TenantId.ToUpperInvariant() + "}";
        upper["Regions"]![0]!["Name"] = "MEA";

        using var same = await RosterTestBed.PutOrganizationAsync(bot, upper);

        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal(TeamsActivities.TenantId, bot.Service<Organization>().Options.TenantId);
        Assert.DoesNotContain((await RosterTestBed.BodyAsync(same))["organisation"]!.AsArray(), c => (string?)c!["name"] == "TenantId");
    }

    [Fact]
    public async Task ATableWrittenWithAnotherTenantDoesNotMoveTheTrustedOne()
    {
        // A roster table from before this rule, holding another tenant: the configured one stays in force.
        var prefix = Azurite.NewPrefix();
        await using (var other = await RosterTestBed.StartAsync(prefix, settings: new Dictionary<string, string?> { ["Organization:TenantId"] = OtherTenant }))
        {
        }

        await using var bot = await RosterTestBed.StartAsync(prefix);

        Assert.True(bot.Service<Organization>().IsOwnTenant(TeamsActivities.TenantId));
        Assert.False(bot.Service<Organization>().IsOwnTenant(OtherTenant));
        Assert.Equal(TeamsActivities.TenantId, bot.Service<Organization>().Options.TenantId);
    }
}

/// <summary>Information logs keep no personal data: who changed the roster is an object id or a hash, never a name or an e-mail.</summary>
public sealed class RosterLogPrivacyTests
{
    [Fact]
    public async Task TheLogsOfEveryInstanceNameWhoChangedTheRosterByObjectIdOrHashOnly()
    {
        var prefix = Azurite.NewPrefix();
        var firstLogs = new LogLines();
        var secondLogs = new LogLines();
        await using var first = await RosterTestBed.StartAsync(prefix, firstLogs);
        await using var second = await RosterTestBed.StartAsync(prefix, secondLogs);
        var organization = first.Service<Organization>();
        var claire = organization.Find(TestRoster.Director.AadObjectId, null)!;
        var priya = organization.Find(null, TestRoster.EmailOnlyRepEmail)!;
        var editor = first.Service<RosterEditor>();

        var byClaire = await editor.ChangeAsync(RosterEdits.Remove(organization.Options, organization.Find(TestRoster.EnglishRep.AadObjectId, null)!),
            RosterAuthor.Member(claire), null, dryRun: false, CancellationToken.None);
        // The second instance takes each version (a poll could otherwise jump over Claire's to Priya's).
        await RosterTestBed.EventuallyAsync(() => second.Service<Organization>().Version.Number == byClaire.Version.Number);
        var byPriya = await editor.ChangeAsync(RosterEdits.Remove(organization.Options, organization.Find(TestRoster.Rep.AadObjectId, null)!),
            RosterAuthor.Member(priya), null, dryRun: false, CancellationToken.None);
        await RosterTestBed.EventuallyAsync(() => second.Service<Organization>().Version.Number == byPriya.Version.Number);

        Assert.Equal(RosterChangeOutcome.Applied, byClaire.Outcome);
        var lines = firstLogs.Lines.Concat(secondLogs.Lines).Where(l => l.StartsWith("Information", StringComparison.Ordinal)).ToList();
        Assert.Contains(lines, l => l.Contains(" 8006 ", StringComparison.Ordinal) && l.Contains(TestRoster.Director.AadObjectId!, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(" 8009 ", StringComparison.Ordinal) && l.Contains(CoachBot.Operations.LogIds.Person(priya.Id), StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("Claire", StringComparison.Ordinal) || l.Contains("Priya", StringComparison.OrdinalIgnoreCase));
        // The history, which the director and admins read, still names them.
        Assert.Equal(TestRoster.EmailOnlyRep.Name, (await first.Service<RosterStore>().ReadHistoryAsync(1, CancellationToken.None))[0].ByName);
    }

    [Fact]
    public void APersonIsLoggedByObjectIdAsItIsAndByAShortStableHashOtherwise()
    {
        Assert.Equal("11111111-0000-0000-0000-000000000001", CoachBot.Operations.LogIds.Person("11111111-0000-0000-0000-000000000001"));
        var hash = CoachBot.Operations.LogIds.Person("Priya.Nair@coachbot.example");
        Assert.Matches("^h:[0-9a-f]{12}$", hash);
        Assert.Equal(hash, CoachBot.Operations.LogIds.Person("priya.nair@COACHBOT.example"));
        Assert.NotEqual(hash, CoachBot.Operations.LogIds.Person("wei.lin@coachbot.example"));
    }

    [Fact]
    public void TheDashboardLogsAViewerOutOfScopeWithoutTheirEmail()
    {
        var logger = new Microsoft.Extensions.Logging.Testing.FakeLogger();

        CoachBot.Dashboard.Log.OutOfScope(logger, "team", "priya.nair@coachbot.example");

        Assert.DoesNotContain("priya", logger.LatestRecord.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(CoachBot.Operations.LogIds.Person("priya.nair@coachbot.example"), logger.LatestRecord.Message, StringComparison.Ordinal);
    }
}
