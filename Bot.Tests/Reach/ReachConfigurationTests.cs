using Azure.Identity;
using CoachBot.Reach;
using CoachBot.Roster;
using CoachBot.Teams;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Reach;

/// <summary>Which identity Graph is called with, and the configuration the service refuses.</summary>
public sealed class ReachConfigurationTests
{
    private static readonly OrganizationOptions Tenant = new() { TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47" };

    [Fact]
    public void GraphIsCalledAsTheAppRegistrationWithTheManagedIdentityAsItsCredentialOrAsTheBotsOwnRegistration()
    {
        var none = new ReachOptions();
        var msi = ReachGraph.Credential(new ReachOptions { GraphClientId = Guid.NewGuid().ToString() },
            new BotIdentityOptions { MicrosoftAppType = "UserAssignedMSI", MicrosoftAppId = Guid.NewGuid().ToString(), MicrosoftAppTenantId = Tenant.TenantId }, Tenant);
        var secret = ReachGraph.Credential(none, new BotIdentityOptions { MicrosoftAppType = "SingleTenant", MicrosoftAppId = Guid.NewGuid().ToString(), MicrosoftAppPassword = "s3cret", MicrosoftAppTenantId = Tenant.TenantId }, new OrganizationOptions());
        var multiTenant = ReachGraph.Credential(none, new BotIdentityOptions { MicrosoftAppType = "MultiTenant", MicrosoftAppId = Guid.NewGuid().ToString(), MicrosoftAppPassword = "s3cret" }, Tenant);

        Assert.IsType<ClientAssertionCredential>(msi);
        Assert.IsType<ClientSecretCredential>(secret);
        // A multi-tenant registration gets its app-only token from the organisation's tenant.
        Assert.IsType<ClientSecretCredential>(multiTenant);
    }

    [Fact]
    public void WithoutAnIdentityOrATenantThereIsNoCredential()
    {
        Assert.Null(ReachGraph.Credential(new ReachOptions(), new BotIdentityOptions(), Tenant));
        Assert.Null(ReachGraph.Credential(new ReachOptions(), new BotIdentityOptions { MicrosoftAppType = "MultiTenant", MicrosoftAppId = Guid.NewGuid().ToString(), MicrosoftAppPassword = "s3cret" }, new OrganizationOptions()));
    }

    [Fact]
    public async Task AGraphAddressThatIsNotHttpsStopsTheService()
    {
        var output = await BotApp.RefusalAsync(new Dictionary<string, string?> { ["Reach:GraphBaseUrl"] = "http://graph.example.com/v1.0" });

        Assert.Contains("Reach:GraphBaseUrl must be an absolute https address", output);
    }
}
