using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CoachBot.Tests.Deployment;

/// <summary>
/// A redeploy keeps what the guide told you to set: everything the guide asks for is a template parameter, kept in your
/// parameters file (the example lists them), never an app setting set by hand, which the next deployment replaces.
/// </summary>
public sealed partial class GuideParametersTests
{
    private static readonly string[] GuidePages =
    [
        Path.Combine(RepositoryFiles.DeploymentTemplates, "README.md"),
        Path.Combine(RepositoryFiles.Root, "docs", "operations.md"),
    ];

    private readonly JsonObject _parameters = ArmTemplate.Load(RepositoryFiles.CompiledArmTemplate).Root["parameters"]!.AsObject();
    private readonly JsonObject _example = JsonNode.Parse(File.ReadAllText(RepositoryFiles.ExampleParameters))!["parameters"]!.AsObject();

    private static string Guide => string.Join("\n", GuidePages.Select(File.ReadAllText));

    /// <summary>The names in <c>--parameters name=value</c> and in the first column of the guide's parameter table.</summary>
    private static IReadOnlySet<string> ParametersTheGuideNames()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match line in ParametersLine().Matches(Guide))
        {
            foreach (Match assignment in Assignment().Matches(line.Value))
            {
                names.Add(assignment.Groups[1].Value);
            }
        }
        foreach (Match row in TableRow().Matches(Guide))
        {
            foreach (Match name in Backticked().Matches(row.Groups[1].Value))
            {
                names.Add(name.Groups[1].Value);
            }
        }
        return names;
    }

    /// <summary>Secrets are passed on the command line on purpose, never written into a file; the tenant and region default to the deployment's.</summary>
    private bool BelongsInTheParametersFile(string name)
    {
        var parameter = _parameters[name]!.AsObject();
        var secure = parameter["type"]!.GetValue<string>() == "securestring";
        var fromContext = parameter["defaultValue"]?.ToString() is { } value && (value.StartsWith("[resourceGroup()", StringComparison.Ordinal) || value.StartsWith("[tenant()", StringComparison.Ordinal));
        return !secure && !fromContext;
    }

    [Fact]
    public void EveryParameterTheGuideNamesIsInTheTemplateAndTheExampleFile()
    {
        var named = ParametersTheGuideNames();

        Assert.Contains("dashboardAppId", named);
        Assert.Contains("reachTeamsAppId", named);
        Assert.Contains("customDomain", named);
        Assert.All(named, name => Assert.True(_parameters.ContainsKey(name), $"The guide names '{name}', which the template does not declare."));
        Assert.All(named.Where(BelongsInTheParametersFile), name => Assert.True(_example.ContainsKey(name), $"The guide names '{name}', which the example parameters file leaves out."));
    }

    [Fact]
    public void TheExampleFileListsEveryParameterThatBelongsInAParametersFileAndTheGuideSaysWhatEachIsFor()
    {
        var table = TableRow().Matches(Guide).SelectMany(r => Backticked().Matches(r.Groups[1].Value)).Select(m => m.Groups[1].Value).ToHashSet();

        foreach (var (name, _) in _parameters)
        {
            if (BelongsInTheParametersFile(name))
            {
                Assert.True(_example.ContainsKey(name), $"The example parameters file leaves out '{name}'.");
            }
            Assert.True(table.Contains(name), $"The guide's parameter table does not say what '{name}' is for.");
        }
    }

    [Fact]
    public void TheGuideNeverAsksForAnAppSettingByHand()
    {
        Assert.DoesNotMatch(HandSetting(), Guide);
    }

    [Fact]
    public void ResourceNamesAndHostsUseTheLowerCasedBaseName()
    {
        var template = File.ReadAllText(RepositoryFiles.CompiledArmTemplate);

        // The parameter is read once, lower-cased; every name and host is built from that.
        Assert.Single(Regex.Matches(template, Regex.Escape("parameters('baseName')")));
        Assert.Contains("\"base\": \"[toLower(parameters('baseName'))]\"", template);
        Assert.Contains("toLower(trim(parameters('customDomain')))", template);
    }

    [GeneratedRegex(@"--parameters\b[^\n]*(?:\\\n[^\n]*)*")]
    private static partial Regex ParametersLine();

    [GeneratedRegex(@"(?<![\w@])([a-z][A-Za-z0-9]+)=")]
    private static partial Regex Assignment();

    // A row of the parameter table: | `name`, `name` | default | meaning |
    [GeneratedRegex(@"^\| (`[a-z][A-Za-z0-9]+`(?:, `[a-z][A-Za-z0-9]+`)*) \|", RegexOptions.Multiline)]
    private static partial Regex TableRow();

    [GeneratedRegex("`([a-z][A-Za-z0-9]+)`")]
    private static partial Regex Backticked();

    [GeneratedRegex(@"(?i)set the app setting|change it in the app settings|in the portal'?s? (?:app )?settings")]
    private static partial Regex HandSetting();
}
