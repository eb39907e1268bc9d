using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CoachBot.Tests.Deployment;

/// <summary>What azuredeploy.json (kept equal to main.bicep by <see cref="BicepTemplateTests"/>) provisions.</summary>
public sealed partial class ProvisionedResourcesTests
{
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";

    // Every configuration key of the service, in the environment-variable form App Service passes on.
    public static TheoryData<string> ServiceSettingKeys() =>
    [
        "MicrosoftAppType",
        "MicrosoftAppId",
        "MicrosoftAppPassword",
        "MicrosoftAppTenantId",
        "Storage__ConnectionString",
        "Storage__TableServiceUri",
        "Storage__ManagedIdentityClientId",
        "Storage__TablePrefix",
        "Admin__ApiKey",
        "Delivery__TenantSendsPerSecond",
        "Delivery__MaxConcurrentSends",
        "Delivery__MaxRetries",
        "Digests__ExportSigningKey",
        "Digests__PublicBaseUrl",
        "Backup__BlobServiceUri",
        "Backup__Container",
        "Organization__TenantId",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "ASPNETCORE_ENVIRONMENT",
    ];

    private readonly ArmTemplate template = ArmTemplate.Load(RepositoryFiles.CompiledArmTemplate);

    [Fact]
    public void StorageAccountAcceptsOnlyHttpsWithTls12AndNoPublicBlobs()
    {
        var storage = template.Single("Microsoft.Storage/storageAccounts");

        Assert.True(storage.Get("properties", "supportsHttpsTrafficOnly")?.GetValue<bool>());
        Assert.Equal("TLS1_2", storage.GetString("properties", "minimumTlsVersion"));
        Assert.False(storage.Get("properties", "allowBlobPublicAccess")?.GetValue<bool>() ?? true);
        template.Single("Microsoft.Storage/storageAccounts/tableServices");
    }

    [Fact]
    public void ManagedIdentityMayReadAndWriteTheTables()
    {
        template.Single("Microsoft.ManagedIdentity/userAssignedIdentities");
        var assignment = Assert.Single(template.All("Microsoft.Authorization/roleAssignments"),
            a => a.GetString("properties", "roleDefinitionId")!.Contains(StorageTableDataContributor));

        Assert.Contains(StorageTableDataContributor, assignment.GetString("properties", "roleDefinitionId"));
        Assert.Equal("ServicePrincipal", assignment.GetString("properties", "principalType"));
        Assert.Contains("Microsoft.Storage/storageAccounts", assignment.GetString("scope"));
        Assert.Contains("principalId", assignment.GetString("properties", "principalId"));
    }

    [Fact]
    public void AppServicePlanIsLinuxAndDefaultsToB1()
    {
        var plan = template.Single("Microsoft.Web/serverfarms");

        Assert.True(plan.Get("properties", "reserved")?.GetValue<bool>());
        Assert.Equal("B1", plan.GetString("sku", "name"));
    }

    [Fact]
    public void WebAppRunsDotNet10AlwaysOnOverHttpsWithTheHealthCheck()
    {
        var site = template.Single("Microsoft.Web/sites");

        Assert.True(site.Get("properties", "httpsOnly")?.GetValue<bool>());
        Assert.Equal("DOTNETCORE|10.0", site.GetString("properties", "siteConfig", "linuxFxVersion"));
        Assert.True(site.Get("properties", "siteConfig", "alwaysOn")?.GetValue<bool>());
        Assert.Equal("/healthz", site.GetString("properties", "siteConfig", "healthCheckPath"));
        Assert.Equal("1.2", site.GetString("properties", "siteConfig", "minTlsVersion"));
        Assert.Equal("Disabled", site.GetString("properties", "siteConfig", "ftpsState"));
    }

    [Fact]
    public void WebAppRunsAsTheUserAssignedIdentity()
    {
        var site = template.Single("Microsoft.Web/sites");

        Assert.Equal("UserAssigned", site.GetString("identity", "type"));
        Assert.Single(site.Get("identity", "userAssignedIdentities")?.AsObject() ?? []);
    }

    [Theory]
    [MemberData(nameof(ServiceSettingKeys))]
    public void WebAppSettingsSetTheConfigurationKey(string key)
    {
        Assert.Contains(key, WebAppSettings(template).Names);
    }

    [Fact]
    public void WebAppSettingsTakeTheRosterAndUseTheManagedIdentityForTables()
    {
        var settings = WebAppSettings(template);

        Assert.Contains("parameters('organizationSettings')", settings.Expression);
        // An empty connection string makes the service use Storage__TableServiceUri with the managed identity.
        Assert.Contains("'Storage__ConnectionString', ''", settings.Expression);
        Assert.Contains("'ASPNETCORE_ENVIRONMENT', 'Production'", settings.Expression);
    }

    [Fact]
    public void SecretsArriveOnlyAsSecureParameters()
    {
        var parameters = template.Root["parameters"]!;
        Assert.Equal("securestring", parameters["botAppPassword"]?["type"]?.GetValue<string>());
        Assert.Equal("securestring", parameters["adminApiKey"]?["type"]?.GetValue<string>());
        Assert.Equal("securestring", parameters["exportSigningKey"]?["type"]?.GetValue<string>());

        // The app settings hold the secrets on their way into the web app module.
        var site = template.Single("Microsoft.Web/sites");
        var settingsParameter = AppSettingsParameterName(site);
        Assert.Equal("secureObject", site.Scope.Template["parameters"]?[settingsParameter]?["type"]?.GetValue<string>());
    }

    [Fact]
    public void MonitoringSendsApplicationInsightsToLogAnalytics()
    {
        template.Single("Microsoft.OperationalInsights/workspaces");
        var insights = template.Single("Microsoft.Insights/components");

        Assert.Contains("Microsoft.OperationalInsights/workspaces", insights.GetString("properties", "WorkspaceResourceId"));
    }

    [Fact]
    public void AzureBotHasTheTeamsChannelAndTheWebAppMessagingEndpoint()
    {
        var bot = template.Single("Microsoft.BotService/botServices");
        var channel = template.Single("Microsoft.BotService/botServices/channels");

        Assert.Equal("global", bot.GetString("location"));
        var endpoint = bot.GetString("properties", "endpoint");
        Assert.Matches(@"^\[format\('https://\{0\}/api/messages'", endpoint);
        Assert.Contains("defaultHostName", endpoint);
        Assert.Equal("MsTeamsChannel", channel.GetString("properties", "channelName"));
        Assert.True(channel.Get("properties", "properties", "isEnabled")?.GetValue<bool>());
    }

    [Fact]
    public void BotIdentityIsTheManagedIdentityUnlessAnAppRegistrationIsGiven()
    {
        var bot = template.Single("Microsoft.BotService/botServices");
        var appType = template.Root["parameters"]?["botAppType"];

        Assert.Equal("UserAssignedMSI", appType?["defaultValue"]?.GetValue<string>());
        Assert.Equal(
            ["MultiTenant", "SingleTenant", "UserAssignedMSI"],
            appType?["allowedValues"]?.AsArray().Select(v => v!.GetValue<string>()).Order());
        Assert.Equal("UserAssignedMSI", bot.GetString("properties", "msaAppType"));
        Assert.Contains("parameters('appMsiResourceId')", bot.GetString("properties", "msaAppMSIResourceId"));
        Assert.Contains("outputs.id.value", bot.Parameter("appMsiResourceId"));
        Assert.Contains("parameters('botAppId')", bot.GetString("properties", "msaAppId"));
        Assert.Contains("outputs.clientId.value", bot.GetString("properties", "msaAppId"));
    }

    [Fact]
    public void ResourcesGoWhereTheResourceGroupIs()
    {
        Assert.Equal("[resourceGroup().location]", template.Root["parameters"]?["location"]?["defaultValue"]?.GetValue<string>());
    }

    [Fact]
    public void ExampleParametersFileSetsOnlyDeclaredParameters()
    {
        var example = JsonNode.Parse(File.ReadAllText(RepositoryFiles.ExampleParameters))!["parameters"]!.AsObject();
        var declared = template.Root["parameters"]!.AsObject();

        Assert.All(example.Select(p => p.Key), name => Assert.True(declared.ContainsKey(name), $"'{name}' is not a parameter of the template."));
        Assert.All(
            example["organizationSettings"]!["value"]!.AsObject().Select(p => p.Key),
            name => Assert.StartsWith("Organization__", name));
    }

    /// <summary>The names of the web app's settings, read from the expression main.bicep passes to the module.</summary>
    internal static (IReadOnlySet<string> Names, string Expression) WebAppSettings(ArmTemplate template)
    {
        var site = template.Single("Microsoft.Web/sites");
        var literal = site.Get("properties", "siteConfig", "appSettings");
        if (literal is JsonArray array)
        {
            var names = array.Select(s => s?["name"]?.GetValue<string>() ?? "").ToHashSet();
            return (names, array.ToJsonString());
        }

        var passed = ArmTemplate.Resolve(site.Scope, JsonValue.Create($"[parameters('{AppSettingsParameterName(site)}')]"));
        if (passed is JsonObject obj)
        {
            return (obj.Select(p => p.Key).ToHashSet(), obj.ToJsonString());
        }

        var expression = passed?.GetValue<string>() ?? "";
        // Keys of createObject('Name', value, ...): a quoted name followed by a comma.
        return (ObjectKey().Matches(expression).Select(m => m.Groups["key"].Value).ToHashSet(), expression);
    }

    /// <summary>The module parameter the web app's app settings copy loop iterates over.</summary>
    private static string AppSettingsParameterName(ArmResource site)
    {
        var loop = site.Get("properties", "siteConfig", "copy")?.AsArray()
            .FirstOrDefault(c => c?["name"]?.GetValue<string>() == "appSettings");
        Assert.True(loop is not null, "The web app has neither a literal appSettings array nor an appSettings copy loop.");
        var match = LoopParameter().Match(loop["count"]?.GetValue<string>() ?? "");
        Assert.True(match.Success, $"Unexpected appSettings loop: {loop.ToJsonString()}");
        return match.Groups["name"].Value;
    }

    [GeneratedRegex(@"'(?<key>[A-Za-z][A-Za-z0-9_]*)', ")]
    private static partial Regex ObjectKey();

    [GeneratedRegex(@"items\(parameters\('(?<name>[^']+)'\)\)")]
    private static partial Regex LoopParameter();
}
