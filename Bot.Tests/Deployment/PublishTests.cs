using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using CoachBot.Operations;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Deployment;

/// <summary>
/// The release command from a clean checkout: the repository's files (tracked and new, nothing git ignores: no
/// node_modules, no bin) copied to a folder of their own, scripts/publish.sh run there, and the zip it writes unpacked
/// and started as App Service starts it, in Production against Azurite. Published once for the class: it is the
/// slowest thing the suite does (npm ci and a Release build).
/// </summary>
public sealed class PublishTests(PublishTests.Release release) : IClassFixture<PublishTests.Release>
{
    /// <summary>The settings a Production start needs (those the template sets), on Azurite.</summary>
    private static async Task<Dictionary<string, string>> ProductionSettingsAsync()
    {
        var settings = TestRoster.Settings().ToDictionary(p => p.Key, p => p.Value ?? "");
        settings["Storage:ConnectionString"] = await Azurite.ConnectionStringAsync();
        settings["Storage:TablePrefix"] = Azurite.NewPrefix();
        settings["MicrosoftAppType"] = "MultiTenant";
        settings["MicrosoftAppId"] = Guid.NewGuid().ToString();
        settings["MicrosoftAppPassword"] = "a-client-secret";
        return settings;
    }

    [Fact]
    public void TheZipIsNamedWithTheVersionTheServiceCarries()
    {
        var version = ServiceVersion.Current.Split('+')[0];

        Assert.Equal($"coachbot-{version}.zip", Path.GetFileName(release.Zip));
        Assert.Contains(release.Zip, release.Run.StdOut.TrimEnd().Split('\n')[^1]);
    }

    [Fact]
    public void TheZipHoldsTheServiceTheDashboardBundleAndTheProgrammeButNotTheDemoRoster()
    {
        using var zip = ZipFile.OpenRead(release.Zip);
        var names = zip.Entries.Select(e => e.FullName).ToHashSet();

        Assert.Contains("CoachBot.dll", names);
        Assert.Contains("appsettings.json", names);
        Assert.Contains("Coaching/programme.json", names);
        Assert.DoesNotContain("appsettings.Development.json", names);
        Assert.DoesNotContain(names, n => n.Contains('\\'));
    }

    [Fact]
    public async Task ThePublishedServiceStartsInProductionAnswersHealthAndTheDashboardAndSaysItsVersion()
    {
        await using var bot = await BotProcess.StartAsync(await ProductionSettingsAsync(), "Production", release.Folder);

        var health = await bot.Http.GetAsync("/healthz");
        var dashboard = await bot.Http.GetAsync("/dashboard");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        // The version, and the commit when the build had git to ask (a copy without .git has none).
        var version = ServiceVersion.Current.Split('+')[0];
        Assert.StartsWith(version, JsonNode.Parse(await health.Content.ReadAsStringAsync())!["version"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("text/html", dashboard.Content.Headers.ContentType?.ToString());
        Assert.Matches($"CoachBot {System.Text.RegularExpressions.Regex.Escape(version)}\\S* started in Production", bot.Output);
    }

    [Fact]
    public async Task ThePublishedServiceRefusesToStartWithoutARequiredSetting()
    {
        var settings = await ProductionSettingsAsync();
        settings.Remove("Digests:ExportSigningKey");

        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var bot = await BotProcess.StartAsync(settings, "Production", release.Folder);
        });

        Assert.Contains("The bot exited with code", refusal.Message);
        Assert.Contains(nameof(Microsoft.Extensions.Options.OptionsValidationException), refusal.Message);
        Assert.Contains("ExportSigningKey", refusal.Message);
    }

    /// <summary>scripts/publish.sh run once on a clean copy of the repository, and its zip unpacked.</summary>
    public sealed class Release : IAsyncLifetime
    {
        private readonly string _work = Path.Combine(Path.GetTempPath(), "coachbot-publish-" + Guid.NewGuid().ToString("N")[..8]);

        internal ProcessRun Run { get; private set; } = null!;
        public string Zip { get; private set; } = "";
        public string Folder => Path.Combine(_work, "unpacked");

        public async Task InitializeAsync()
        {
            var checkout = Path.Combine(_work, "checkout");
            var files = await ProcessRun.StartAsync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], RepositoryFiles.Root);
            Assert.True(files.ExitCode == 0, files.Output);
            foreach (var file in files.StdOut.Split('\0', StringSplitOptions.RemoveEmptyEntries))
            {
                var source = Path.Combine(RepositoryFiles.Root, file);
                if (!File.Exists(source))
                {
                    continue; // deleted in the working tree, not yet in the index
                }
                var target = Path.Combine(checkout, file);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(source, target);
            }
            Assert.False(Directory.Exists(Path.Combine(checkout, "node_modules")));

            Run = await ProcessRun.StartAsync("bash", ["scripts/publish.sh", Path.Combine(_work, "out")], checkout, TimeSpan.FromMinutes(8));
            Assert.True(Run.ExitCode == 0, Run.Output);
            Zip = Assert.Single(Directory.GetFiles(Path.Combine(_work, "out"), "*.zip"));
            ZipFile.ExtractToDirectory(Zip, Folder);
        }

        public Task DisposeAsync()
        {
            if (Directory.Exists(_work))
            {
                Directory.Delete(_work, recursive: true);
            }
            return Task.CompletedTask;
        }
    }
}
