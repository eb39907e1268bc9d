using System.IO.Compression;
using System.Text.Json.Nodes;
using Azure.Identity;
using CoachBot.Reach;
using CoachBot.Roster;
using CoachBot.Teams;

namespace CoachBot.Tests.Deployment;

/// <summary>
/// One identity that can install the app: Graph installs an app for a user only when the caller's app id is the app's
/// <c>webApplicationInfo.id</c>. The template gives the service CoachBot's app registration both as the tab's client and
/// as the identity Graph is called as, the package names it, and the Graph client signs in as it.
/// </summary>
public sealed class SingleIdentityTests : IDisposable
{
    private const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private const string ManagedIdentity = "5f1e4c1a-8b1e-4f57-9d7a-2c3b4d5e6f70";
    private const string AppRegistration = "0c6f2a7e-1d3b-4c5a-8e9f-a0b1c2d3e4f5";
    private readonly DirectoryInfo _output = Directory.CreateTempSubdirectory("coachbot-identity-");
    private readonly ArmTemplate _template = ArmTemplate.Load(RepositoryFiles.CompiledArmTemplate);

    public void Dispose() => _output.Delete(recursive: true);

    private async Task<JsonNode> PackageAsync(string botId, params string[] more)
    {
        var zip = Path.Combine(_output.FullName, Guid.NewGuid().ToString("N") + ".zip");
        var run = await ProcessRun.StartAsync("bash", [RepositoryFiles.PackagingScript, botId, zip, .. more], _output.FullName);
        Assert.True(run.ExitCode == 0, run.Output);
        using var archive = ZipFile.OpenRead(zip);
        using var reader = new StreamReader(archive.GetEntry("manifest.json")!.Open());
        return JsonNode.Parse(await reader.ReadToEndAsync())!;
    }

    private string Setting(string name)
    {
        var expression = ProvisionedResourcesTests.WebAppSettings(_template).Expression;
        var at = expression.IndexOf($"'{name}', ", StringComparison.Ordinal);
        Assert.True(at >= 0, $"The template does not set {name}.");
        var value = expression[(at + name.Length + 4)..];
        return value[..value.IndexOf(", '", StringComparison.Ordinal)];
    }

    [Fact]
    public void TheTemplateGivesTheTabAndGraphTheSameAppRegistrationAndOutputsItForThePackage()
    {
        Assert.Equal("variables('tabAppId')", Setting("Dashboard__ClientId"));
        Assert.Equal("variables('tabAppId')", Setting("Reach__GraphClientId"));
        Assert.Equal("[variables('tabAppId')]", _template.Root["outputs"]!["dashboardAppId"]!["value"]!.GetValue<string>());
        // Signed in with the managed identity the web app runs as, whose client id the template also outputs.
        var expression = ProvisionedResourcesTests.WebAppSettings(_template).Expression;
        Assert.Contains("'Reach__ManagedIdentityClientId', reference(resourceId('Microsoft.Resources/deployments', 'identity'), '2025-04-01').outputs.clientId.value", expression);
        Assert.Equal("parameters('reachTeamsAppId')", Setting("Reach__TeamsAppId"));
    }

    [Fact]
    public async Task WithTheManagedIdentityThePackageForAHostNamesTheAppRegistrationGraphSignsInAsThroughItsFederatedCredential()
    {
        // As the template sets them for botAppType UserAssignedMSI and dashboardAppId.
        var identity = new BotIdentityOptions { MicrosoftAppType = "UserAssignedMSI", MicrosoftAppId = ManagedIdentity, MicrosoftAppTenantId = Tenant };
        var reach = new ReachOptions { GraphClientId = AppRegistration, ManagedIdentityClientId = ManagedIdentity, TeamsAppId = "catalog-id" };

        var manifest = await PackageAsync(ManagedIdentity, "CoachBot.Example.com", AppRegistration);

        Assert.Equal(ReachGraph.ClientId(reach, identity), manifest["webApplicationInfo"]!["id"]!.GetValue<string>());
        Assert.IsType<ClientAssertionCredential>(ReachGraph.Credential(reach, identity, new OrganizationOptions()));
        Assert.Equal($"api://coachbot.example.com/{AppRegistration}", manifest["webApplicationInfo"]!["resource"]!.GetValue<string>());
        Assert.Contains("coachbot.example.com", manifest["validDomains"]!.AsArray().Select(d => d!.GetValue<string>()));
    }

    [Fact]
    public async Task WithTheBotsOwnAppRegistrationThePackageNamesItAndGraphSignsInWithItsSecretEvenWithoutAHost()
    {
        const string botApp = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
        var identity = new BotIdentityOptions { MicrosoftAppType = "SingleTenant", MicrosoftAppId = botApp, MicrosoftAppPassword = "s3cret", MicrosoftAppTenantId = Tenant };
        // The template's tabAppId is botAppId when no dashboardAppId is given.
        var reach = new ReachOptions { GraphClientId = botApp, ManagedIdentityClientId = ManagedIdentity };

        var withHost = await PackageAsync(botApp, "coachbot.example.com");
        var withoutHost = await PackageAsync(botApp);

        Assert.Equal(ReachGraph.ClientId(reach, identity), withHost["webApplicationInfo"]!["id"]!.GetValue<string>());
        Assert.Equal(ReachGraph.ClientId(reach, identity), withoutHost["webApplicationInfo"]!["id"]!.GetValue<string>());
        Assert.Null(withoutHost["webApplicationInfo"]!["resource"]);
        Assert.IsType<ClientSecretCredential>(ReachGraph.Credential(reach, identity, new OrganizationOptions()));
    }

    [Fact]
    public void WithTheManagedIdentityAloneGraphIsNotCalled()
    {
        var identity = new BotIdentityOptions { MicrosoftAppType = "UserAssignedMSI", MicrosoftAppId = ManagedIdentity, MicrosoftAppTenantId = Tenant };

        Assert.Null(ReachGraph.ClientId(new ReachOptions { ManagedIdentityClientId = ManagedIdentity }, identity));
        Assert.Null(ReachGraph.Credential(new ReachOptions { ManagedIdentityClientId = ManagedIdentity }, identity, new OrganizationOptions()));
    }
}
