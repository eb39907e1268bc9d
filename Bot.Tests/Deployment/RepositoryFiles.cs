namespace CoachBot.Tests.Deployment;

/// <summary>Paths of the repository and of the tools the deployment tests run.</summary>
internal static class RepositoryFiles
{
    public const string BicepVersion = "0.49.2";

    public static string Root { get; } = FindRoot();

    public static string DeploymentTemplates => Path.Combine(Root, "deploymentTemplates");

    public static string CompiledArmTemplate => Path.Combine(DeploymentTemplates, "azuredeploy.json");

    public static string BicepConfig => Path.Combine(DeploymentTemplates, "bicepconfig.json");

    public static string ExampleParameters => Path.Combine(DeploymentTemplates, "example.parameters.json");

    public static string TeamsApp => Path.Combine(Root, "teamsapp");

    public static string PackagingScript => Path.Combine(Root, "scripts", "package-teams-app.sh");

    public static string TeamsSchemaFolder =>
        Path.Combine(Root, "node_modules", "@microsoft", "app-manifest", "build", "json-schemas", "teams");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CoachBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No folder holding CoachBot.sln above {AppContext.BaseDirectory}.");
    }
}
