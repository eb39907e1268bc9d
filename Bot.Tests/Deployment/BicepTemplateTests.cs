using System.Text.Json.Nodes;

namespace CoachBot.Tests.Deployment;

public sealed class BicepTemplateTests
{
    public static TheoryData<string> BicepFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepositoryFiles.DeploymentTemplates, "*.bicep", SearchOption.AllDirectories).Order())
        {
            data.Add(Path.GetRelativePath(RepositoryFiles.DeploymentTemplates, file));
        }

        return data;
    }

    [Fact]
    public async Task CompiledArmTemplateMatchesTheBicep()
    {
        var build = await BicepCli.RunAsync(RepositoryFiles.DeploymentTemplates, "build", "main.bicep", "--stdout");
        Assert.True(build.ExitCode == 0, build.Output);

        var fresh = JsonNode.Parse(build.StdOut);
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(RepositoryFiles.CompiledArmTemplate));
        var difference = FirstDifference(fresh, committed, "$");
        Assert.True(
            difference is null,
            $"deploymentTemplates/azuredeploy.json is out of date with main.bicep (first difference at {difference}). " +
            "Run: bicep build deploymentTemplates/main.bicep --outfile deploymentTemplates/azuredeploy.json");
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public async Task BicepFileLintsWithoutAnyDiagnostic(string file)
    {
        var lint = await BicepCli.RunAsync(RepositoryFiles.DeploymentTemplates, "lint", file);

        Assert.True(lint.ExitCode == 0, lint.Output);
        // Compiler warnings (a misspelt property, a wrong type) cannot be raised to errors in bicepconfig.json,
        // so any diagnostic at all fails here.
        Assert.True(lint.StdOut.Trim().Length == 0 && lint.StdErr.Trim().Length == 0, lint.Output);
    }

    [Theory]
    [InlineData("no-unused-params", "param unused string = 'x'\n")]
    [InlineData("no-unused-vars", "var unused = 'x'\n")]
    [InlineData("secure-parameter-default", "@secure()\nparam password string = 'Passw0rd!'\noutput length int = length(password)\n")]
    [InlineData("secure-secrets-in-params", "param adminPassword string\noutput length int = length(adminPassword)\n")]
    [InlineData("outputs-should-not-contain-secrets", "@secure()\nparam apiKey string\noutput leaked string = apiKey\n")]
    [InlineData("no-hardcoded-location",
        "resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {\n  name: 'id-test'\n  location: 'westeurope'\n}\n")]
    [InlineData("no-hardcoded-env-urls", "output portal string = 'https://management.azure.com/'\n")]
    public async Task BicepConfigTurnsTheRuleIntoAnError(string rule, string bicep)
    {
        var folder = Directory.CreateTempSubdirectory("coachbot-bicepconfig-");
        try
        {
            File.Copy(RepositoryFiles.BicepConfig, Path.Combine(folder.FullName, "bicepconfig.json"));
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "broken.bicep"), bicep);

            var lint = await BicepCli.RunAsync(folder.FullName, "lint", "broken.bicep");

            Assert.True(lint.ExitCode != 0, $"bicep lint accepted a file breaking {rule}.\n{lint.Output}");
            Assert.Contains($"Error {rule}:", lint.StdOut + lint.StdErr);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The JSON path of the first place the two documents differ, or null when they are equal.</summary>
    private static string? FirstDifference(JsonNode? left, JsonNode? right, string path)
    {
        switch (left, right)
        {
            case (JsonObject l, JsonObject r):
                foreach (var name in l.Select(p => p.Key).Union(r.Select(p => p.Key)))
                {
                    if (!l.ContainsKey(name) || !r.ContainsKey(name))
                    {
                        return $"{path}.{name}";
                    }

                    if (FirstDifference(l[name], r[name], $"{path}.{name}") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case (JsonArray l, JsonArray r):
                for (var i = 0; i < Math.Max(l.Count, r.Count); i++)
                {
                    if (i >= l.Count || i >= r.Count)
                    {
                        return $"{path}[{i}]";
                    }

                    if (FirstDifference(l[i], r[i], $"{path}[{i}]") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            default:
                return JsonNode.DeepEquals(left, right) ? null : path;
        }
    }
}
