using System.IO.Compression;
using System.Text.Json.Nodes;
using CoachBot.Dashboard;
using CoachBot.Tests.Deployment;

namespace CoachBot.Tests.Dashboard;

/// <summary>The Teams app package carries the Dashboard tab and what its single sign-on needs, as the official schema defines them.</summary>
public sealed class DashboardManifestTests : IDisposable
{
    private const string BotId = "5f1e4c1a-8b1e-4f57-9d7a-2c3b4d5e6f70";
    private readonly DirectoryInfo _output = Directory.CreateTempSubdirectory("coachbot-dashboard-app-");

    public void Dispose() => _output.Delete(recursive: true);

    private const string DashboardAppId = "0c6f2a7e-1d3b-4c5a-8e9f-a0b1c2d3e4f5";

    private async Task<(ProcessRun Run, string Zip)> PackageAsync(string domain, params string[] more)
    {
        var zip = Path.Combine(_output.FullName, "app.zip");
        return (await ProcessRun.StartAsync("bash", [RepositoryFiles.PackagingScript, BotId, zip, domain, .. more], _output.FullName), zip);
    }

    [Fact]
    public async Task TheTabSignsInWithItsOwnAppRegistrationWhenTheBotHasAManagedIdentity()
    {
        var (run, zip) = await PackageAsync("coachbot.example.com", DashboardAppId);
        Assert.True(run.ExitCode == 0, run.Output);
        using var archive = ZipFile.OpenRead(zip);
        using var reader = new StreamReader(archive.GetEntry("manifest.json")!.Open());
        var manifest = JsonNode.Parse(await reader.ReadToEndAsync())!;

        Assert.Equal(BotId, manifest["bots"]![0]!["botId"]!.GetValue<string>());
        Assert.Equal(DashboardAppId, manifest["webApplicationInfo"]!["id"]!.GetValue<string>());
        Assert.Equal($"api://coachbot.example.com/{DashboardAppId}", manifest["webApplicationInfo"]!["resource"]!.GetValue<string>());
    }

    [Fact]
    public async Task ThePackageForADomainHasTheDashboardTabAndItsSingleSignOnResourceAndFollowsTheSchema()
    {
        var (run, zip) = await PackageAsync("coachbot.example.com");
        Assert.True(run.ExitCode == 0, run.Output);
        using var archive = ZipFile.OpenRead(zip);
        using var reader = new StreamReader(archive.GetEntry("manifest.json")!.Open());
        var text = await reader.ReadToEndAsync();
        var manifest = JsonNode.Parse(text)!;

        Assert.Empty(TeamsManifestSchema.Validate(text));
        var tab = manifest["staticTabs"]!.AsArray().Single(t => t!["entityId"]!.GetValue<string>() == "dashboard")!;
        Assert.Equal("Dashboard", tab["name"]!.GetValue<string>());
        Assert.Equal("https://coachbot.example.com" + DashboardEndpoints.PagePath, tab["contentUrl"]!.GetValue<string>());
        Assert.Equal(["personal"], tab["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        // The chat stays the app's first tab.
        Assert.Equal("conversations", manifest["staticTabs"]![0]!["entityId"]!.GetValue<string>());
        Assert.Equal(BotId, manifest["webApplicationInfo"]!["id"]!.GetValue<string>());
        Assert.Equal($"api://coachbot.example.com/{BotId}", manifest["webApplicationInfo"]!["resource"]!.GetValue<string>());
        Assert.Contains("coachbot.example.com", manifest["validDomains"]!.AsArray().Select(d => d!.GetValue<string>()));
    }

    [Theory]
    [InlineData("https://coachbot.example.com")]
    [InlineData("coachbot.example.com/dashboard")]
    [InlineData("localhost")]
    public async Task ADomainThatIsNotAHostNameIsRefused(string domain)
    {
        var (run, zip) = await PackageAsync(domain);

        Assert.True(run.ExitCode != 0, run.Output);
        Assert.Contains("is not a host name", run.StdErr);
        Assert.False(File.Exists(zip));
    }
}
