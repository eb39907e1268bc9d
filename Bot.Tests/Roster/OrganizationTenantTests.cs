using CoachBot.Roster;
using CoachBot.Tests.Infrastructure;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace CoachBot.Tests.Roster;

/// <summary>The organisation's tenant at start: required outside Development, never the all-zero placeholder.</summary>
public sealed class OrganizationTenantTests
{
    private const string AllZero = "00000000-0000-0000-0000-000000000000";

    private static ValidateResult Validate(string environment, string? tenantId)
    {
        var validator = new OrganizationTenantValidator(new HostingEnvironment { EnvironmentName = environment });
        var result = validator.Validate(null, new OrganizationOptions { TenantId = tenantId });
        return new ValidateResult(result.Succeeded, result.FailureMessage ?? "");
    }

    private sealed record ValidateResult(bool Succeeded, string Message);

    [Theory]
    [InlineData("Production", null)]
    [InlineData("Production", " ")]
    [InlineData("Staging", "")]
    public void OutsideDevelopmentAnEmptyTenantIsRefused(string environment, string? tenantId)
    {
        var result = Validate(environment, tenantId);

        Assert.False(result.Succeeded);
        Assert.Contains("Organization:TenantId is not set", result.Message);
    }

    [Fact]
    public void InDevelopmentAnEmptyTenantIsAccepted() => Assert.True(Validate(Environments.Development, "").Succeeded);

    [Theory]
    [InlineData("Production", AllZero)]
    [InlineData("Development", AllZero)]
    [InlineData("Production", "{00000000-0000-0000-0000-000000000000}")]
    public void TheAllZeroTenantIsRefusedEverywhere(string environment, string tenantId)
    {
        var result = Validate(environment, tenantId);

        Assert.False(result.Succeeded);
        Assert.Contains("all-zero GUID", result.Message);
    }

    [Fact]
    public void ARealTenantIsAcceptedOutsideDevelopment() => Assert.True(Validate("Production", TeamsActivities.TenantId).Succeeded);

    [Theory]
    [InlineData("Production", "", "Organization:TenantId is not set")]
    [InlineData("Staging", "", "Organization:TenantId is not set")]
    [InlineData("Production", AllZero, "all-zero GUID")]
    public async Task TheServiceRefusesToStartWithoutARealTenant(string environment, string tenantId, string reason)
    {
        var refusal = await BotApp.RefusalAsync(new Dictionary<string, string?> { ["Organization:TenantId"] = tenantId }, environment);

        Assert.Contains(reason, refusal);
    }
}
