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
