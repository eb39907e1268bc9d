using System.Text.Json.Nodes;
using CoachBot.Backup;
using CoachBot.Roster;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;
using CoachBot.Scheduling;
using CoachBot.Teams.Delivery;

namespace CoachBot.Tests.Deployment;

/// <summary>
/// What an IT review asks of the deployment (azuredeploy.json, kept equal to main.bicep): the tenant, secrets in a
/// vault, history that survives a deletion, and someone told when it breaks.
/// </summary>
public sealed class OperationalReadinessTests
{
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";

    private readonly ArmTemplate template = ArmTemplate.Load(RepositoryFiles.CompiledArmTemplate);

    private JsonObject Parameters => template.Root["parameters"]!.AsObject();

    private string Settings => ProvisionedResourcesTests.WebAppSettings(template).Expression;

    [Fact]
    public void TheOrganisationsTenantDefaultsToTheDeploymentsAndReachesTheService()
    {
        Assert.Equal("[tenant().tenantId]", Parameters["organizationTenantId"]?["defaultValue"]?.GetValue<string>());
        Assert.Contains("'Organization__TenantId', parameters('organizationTenantId')", Settings);
    }

    [Fact]
    public void TheExampleParametersCarryNoPlaceholderTenant()
    {
        var example = File.ReadAllText(RepositoryFiles.ExampleParameters);

        Assert.DoesNotContain("00000000-0000-0000-0000-000000000000", example);
        Assert.DoesNotContain("Organization__TenantId", example);
    }

    [Fact]
    public void TheKeyVaultUsesRbacWithSoftDeleteAndPurgeProtection()
    {
        var vault = template.Single("Microsoft.KeyVault/vaults");

        Assert.True(vault.Get("properties", "enableRbacAuthorization")?.GetValue<bool>());
        Assert.True(vault.Get("properties", "enableSoftDelete")?.GetValue<bool>());
        Assert.True(vault.Get("properties", "enablePurgeProtection")?.GetValue<bool>());
        Assert.Null(vault.Get("properties", "accessPolicies"));
    }

    [Fact]
    public void TheServiceIdentityMayOnlyReadTheVaultsSecrets()
    {
        var assignment = Assert.Single(template.All("Microsoft.Authorization/roleAssignments"),
            a => a.GetString("properties", "roleDefinitionId")!.Contains(KeyVaultSecretsUser));

        Assert.Contains("Microsoft.KeyVault/vaults", assignment.GetString("scope"));
        Assert.Equal("ServicePrincipal", assignment.GetString("properties", "principalType"));
        Assert.Contains("outputs.principalId.value", assignment.Get("properties", "principalId")?.ToString());
    }

    [Theory]
    [InlineData("admin-api-key", "adminApiKey", "Admin__ApiKey")]
    [InlineData("export-signing-key", "exportSigningKey", "Digests__ExportSigningKey")]
    [InlineData("bot-app-password", "botAppPassword", "MicrosoftAppPassword")]
    public void EachSecretIsInTheVaultWrittenOnlyWhenGivenAndTheAppSettingReferencesIt(string secret, string parameter, string setting)
    {
        var stored = Assert.Single(template.All("Microsoft.KeyVault/vaults/secrets"), s => s.GetString("name")!.Contains($"'{secret}'"));

        // A redeploy without the value leaves the vault's version alone.
        Assert.Equal($"[not(empty(parameters('{parameter}')))]", stored.Json["condition"]?.GetValue<string>());
        Assert.Equal("securestring", Parameters[parameter]?["type"]?.GetValue<string>());
        Assert.Equal("", Parameters[parameter]?["defaultValue"]?.GetValue<string>());
        Assert.Contains($"'{setting}', ", Settings);
        Assert.Contains($"@Microsoft.KeyVault(VaultName={{0}};SecretName={secret})", Settings);
        Assert.DoesNotContain($"parameters('{parameter}'))", Settings[Settings.IndexOf($"'{setting}', ", StringComparison.Ordinal)..]
            .Split("', ", 3)[1]);
    }

    [Fact]
    public void NoSecretValueIsWrittenIntoTheAppSettings()
    {
        Assert.DoesNotContain("parameters('adminApiKey')", Settings);
        Assert.DoesNotContain("parameters('exportSigningKey')", Settings);
        Assert.DoesNotContain("parameters('botAppPassword')", Settings);
    }

    [Fact]
    public void KeyVaultReferencesResolveWithTheUserAssignedIdentity()
    {
        var site = template.Single("Microsoft.Web/sites");

        Assert.Equal("[parameters('identityId')]", site.Json["properties"]?["keyVaultReferenceIdentity"]?.GetValue<string>());
        Assert.Contains("outputs.id.value", site.Parameter("identityId"));
    }

    [Theory]
    [InlineData("scm")]
    [InlineData("ftp")]
    public void BasicAuthPublishingIsOff(string endpoint)
    {
        var policy = Assert.Single(template.All("Microsoft.Web/sites/basicPublishingCredentialsPolicies"), p => p.GetString("name")!.Contains($"'{endpoint}'"));

        Assert.False(policy.Get("properties", "allow")?.GetValue<bool>());
    }

    [Fact]
    public void TheRosterParameterIsSecure() =>
        Assert.Equal("secureObject", Parameters["organizationSettings"]?["type"]?.GetValue<string>());

    [Fact]
    public void StorageIsZoneOrGeoRedundantNeverLocal()
    {
        var storage = template.Single("Microsoft.Storage/storageAccounts");
        var sku = Parameters["storageSku"]!;

        Assert.Equal("[parameters('skuName')]", storage.Json["sku"]?["name"]?.GetValue<string>());
        Assert.Equal("[parameters('storageSku')]", storage.Scope.Deployment!["properties"]?["parameters"]?["skuName"]?["value"]?.GetValue<string>());
        Assert.Equal("Standard_ZRS", sku["defaultValue"]?.GetValue<string>());
        Assert.All(sku["allowedValues"]!.AsArray().Select(v => v!.GetValue<string>()), value => Assert.Matches("^Standard_(ZRS|GZRS|RAGZRS)$", value));
    }

    [Theory]
    [InlineData("Microsoft.Storage/storageAccounts")]
    [InlineData("Microsoft.KeyVault/vaults")]
    public void ACanNotDeleteLockProtects(string type)
    {
        Assert.Contains(template.All("Microsoft.Authorization/locks"), l =>
            l.GetString("properties", "level") == "CanNotDelete" && l.GetString("scope")!.StartsWith($"[resourceId('{type}'", StringComparison.Ordinal));
    }

    [Fact]
    public void TheBackupsGoToTheirOwnContainerWhichTheIdentityAloneMayWrite()
    {
        var container = template.Single("Microsoft.Storage/storageAccounts/blobServices/containers");
        var assignment = Assert.Single(template.All("Microsoft.Authorization/roleAssignments"),
            a => a.GetString("properties", "roleDefinitionId")!.Contains(StorageBlobDataContributor));
        var retention = template.Single("Microsoft.Storage/storageAccounts/managementPolicies");

        Assert.Equal("None", container.GetString("properties", "publicAccess"));
        Assert.Contains("Microsoft.Storage/storageAccounts/blobServices/containers", assignment.GetString("scope"));
        Assert.Contains("'Backup__BlobServiceUri', reference(", Settings);
        // The container the bot writes to by default is the one the template creates and gives the identity.
        Assert.Contains($"'Backup__Container', '{new BackupOptions().Container}'", Settings);
        Assert.Equal("[variables('backupContainerName')]", container.Scope.Deployment!["properties"]?["parameters"]?["backupContainerName"]?["value"]?.GetValue<string>());
        Assert.Contains("daysAfterModificationGreaterThan", retention.Properties!.ToJsonString());
    }

    [Theory]
    [InlineData("[resourceId('Microsoft.Web/sites'")]
    [InlineData("[resourceId('Microsoft.Storage/storageAccounts'")]
    [InlineData("[resourceId('Microsoft.Storage/storageAccounts/tableServices'")]
    [InlineData("[resourceId('Microsoft.Storage/storageAccounts/blobServices'")]
    [InlineData("[resourceId('Microsoft.KeyVault/vaults'")]
    public void DiagnosticsGoToLogAnalytics(string scope)
    {
        var setting = Assert.Single(template.All("Microsoft.Insights/diagnosticSettings"), d => d.GetString("scope")!.StartsWith(scope + ",", StringComparison.Ordinal));

        Assert.Equal("[parameters('workspaceId')]", setting.Json["properties"]?["workspaceId"]?.GetValue<string>());
        Assert.Contains("outputs.workspaceId.value", setting.Parameter("workspaceId"));
        Assert.NotEmpty((setting.Properties?["logs"] as JsonArray ?? []).Concat(setting.Properties?["metrics"] as JsonArray ?? []));
    }

    [Fact]
    public void TheWebAppsHttpLogWhichKeepsQueryStringsAndSoExportLinksIsNotKept()
    {
        var setting = Assert.Single(template.All("Microsoft.Insights/diagnosticSettings"),
            d => d.GetString("scope")!.StartsWith("[resourceId('Microsoft.Web/sites',", StringComparison.Ordinal));

        Assert.DoesNotContain("AppServiceHTTPLogs", setting.Properties!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("AppServiceConsoleLogs", setting.Properties!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheAlertsGoToAnActionGroupWhoseEmailIsAParameter()
    {
        var group = template.Single("Microsoft.Insights/actionGroups");

        Assert.Equal("string", Parameters["alertEmail"]?["type"]?.GetValue<string>());
        Assert.Null(Parameters["alertEmail"]?["defaultValue"]);
        Assert.Equal("[parameters('alertEmail')]", group.Json["properties"]?["emailReceivers"]?[0]?["emailAddress"]?.GetValue<string>());
        Assert.Equal("[parameters('alertEmail')]", group.Scope.Deployment!["properties"]?["parameters"]?["alertEmail"]?["value"]?.GetValue<string>());
    }

    [Theory]
    [InlineData("HealthCheckStatus", "LessThan", "Average")]
    [InlineData("Http5xx", "GreaterThanOrEqual", "Total")]
    public void AMetricAlertWatchesTheWebApp(string metric, string @operator, string aggregation)
    {
        var alert = Assert.Single(template.All("Microsoft.Insights/metricAlerts"),
            a => a.Properties!["criteria"]!["allOf"]![0]!["metricName"]!.GetValue<string>() == metric);
        var criterion = alert.Properties!["criteria"]!["allOf"]![0]!;

        Assert.Equal(@operator, criterion["operator"]!.GetValue<string>());
        Assert.Equal(aggregation, criterion["timeAggregation"]!.GetValue<string>());
        Assert.Equal("[parameters('siteId')]", alert.Properties["scopes"]![0]!.GetValue<string>());
        Assert.Contains("outputs.id.value", alert.Parameter("siteId"));
        var actions = alert.Properties["actions"] as JsonArray ?? alert.Scope.Template["variables"]?["actions"]?.AsArray();
        Assert.Contains("Microsoft.Insights/actionGroups", actions?[0]?["actionGroupId"]?.GetValue<string>());
    }

    [Theory]
    [InlineData(JobMetrics.OverdueInstrument, null)]
    [InlineData(JobMetrics.MissedInstrument, null)]
    [InlineData(JobMetrics.RunsInstrument, "failed")]
    [InlineData("coachbot.delivery.recipients", "failed")]
    public void ALogAlertReadsTheServicesOwnMeter(string instrument, string? outcome)
    {
        var alert = Assert.Single(template.All("Microsoft.Insights/scheduledQueryRules"),
            a => a.Properties!["criteria"]!["allOf"]![0]!["query"]!.GetValue<string>().Contains($"\"{instrument}\""));
        var query = alert.Properties!["criteria"]!["allOf"]![0]!["query"]!.GetValue<string>();

        if (outcome is not null)
        {
            Assert.Contains($"tostring(customDimensions[\"outcome\"]) == \"{outcome}\"", query);
        }
        Assert.Equal("[parameters('appInsightsId')]", alert.Properties["scopes"]![0]!.GetValue<string>());
        Assert.Contains("Microsoft.Insights/actionGroups", alert.Properties["actions"]!["actionGroups"]![0]!.GetValue<string>());
        Assert.Equal("GreaterThan", alert.Properties["criteria"]!["allOf"]![0]!["operator"]!.GetValue<string>());
    }

    [Fact]
    public void TheDeliveryMeterTheAlertReadsIsTheOneTheServiceEmits()
    {
        var source = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "Bot", "Teams", "Delivery", "DeliveryMetrics.cs"));

        Assert.Equal("CoachBot.Delivery", DeliveryMetrics.MeterName);
        Assert.Contains("CreateCounter<long>(\"coachbot.delivery.recipients\"", source);
    }
}

/// <summary>The example parameters file is a valid starting point: its roster passes the service's own checks.</summary>
public sealed class ExampleParametersTests
{
    [Fact]
    public void TheExampleRosterIsValidWithTheTenantTheTemplateSets()
    {
        var roster = JsonNode.Parse(File.ReadAllText(RepositoryFiles.ExampleParameters))!["parameters"]!["organizationSettings"]!["value"]!.AsObject();
        var settings = roster.ToDictionary(p => p.Key.Replace("__", ":"), p => (string?)p.Value!.GetValue<string>());
        // What the template adds: the tenant it deploys into.
        settings["Organization:TenantId"] = "72f988bf-86f1-41af-91ab-2d7cd011db47";
        var options = new ConfigurationBuilder().AddInMemoryCollection(settings).Build()
            .GetSection("Organization").Get<OrganizationOptions>()!;
        var production = new HostingEnvironment { EnvironmentName = "Production" };

        var checks = new OrganizationValidator().Validate(null, options);
        var tenant = new OrganizationTenantValidator(production).Validate(null, options);

        Assert.True(checks.Succeeded, checks.FailureMessage);
        Assert.True(tenant.Succeeded, tenant.FailureMessage);
    }
}
