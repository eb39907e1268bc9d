using System.IO.Compression;
using System.Text.Json.Nodes;

namespace CoachBot.Tests.Deployment;

public sealed class TeamsAppPackageTests : IDisposable
{
    private const string SampleBotId = "5f1e4c1a-8b1e-4f57-9d7a-2c3b4d5e6f70";

    private readonly DirectoryInfo output = Directory.CreateTempSubdirectory("coachbot-teamsapp-");

    public void Dispose() => output.Delete(recursive: true);

    [Fact]
    public async Task PackagingScriptWritesTheThreeFilesWithTheBotIdFilledIn()
    {
        var zip = await PackageAsync(SampleBotId);

        using var archive = ZipFile.OpenRead(zip);
        Assert.Equal(["color.png", "fr.json", "manifest.json", "outline.png"], archive.Entries.Select(e => e.FullName).Order());
        var manifest = JsonNode.Parse(ReadText(archive, "manifest.json"))!;
        Assert.Equal(SampleBotId, manifest["bots"]?[0]?["botId"]?.GetValue<string>());
        Assert.DoesNotContain("{{", ReadText(archive, "manifest.json"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(RepositoryFiles.TeamsApp, "color.png")), ReadBytes(archive, "color.png"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(RepositoryFiles.TeamsApp, "outline.png")), ReadBytes(archive, "outline.png"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(RepositoryFiles.TeamsApp, "fr.json")), ReadBytes(archive, "fr.json"));
    }

    [Fact]
    public async Task PackagedFrenchLanguageFileFollowsTheOfficialLocalizationSchema()
    {
        using var archive = ZipFile.OpenRead(await PackageAsync(SampleBotId));
        var manifest = JsonNode.Parse(ReadText(archive, "manifest.json"))!;

        var language = Assert.Single(manifest["localizationInfo"]!["additionalLanguages"]!.AsArray())!;
        Assert.Equal(("fr", "fr.json"), (language["languageTag"]!.GetValue<string>(), language["file"]!.GetValue<string>()));
        var errors = TeamsManifestSchema.ValidateLocalization(ReadText(archive, "fr.json"), manifest["manifestVersion"]!.GetValue<string>());
        Assert.True(errors.Count == 0, string.Join('\n', errors));
    }

    [Fact]
    public void TheFrenchFileTranslatesTheNameTheDescriptionsAndEveryCommandOfTheManifest()
    {
        var manifest = SourceManifest();
        var french = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.TeamsApp, "fr.json")))!.AsObject();
        var commands = manifest["bots"]![0]!["commandLists"]![0]!["commands"]!.AsArray();

        foreach (var key in (string[])["name.short", "name.full", "description.short", "description.full"])
        {
            Assert.False(string.IsNullOrWhiteSpace(french[key]?.GetValue<string>()), key);
        }
        Assert.NotEqual(manifest["description"]!["full"]!.GetValue<string>(), french["description.full"]!.GetValue<string>());
        var translated = french.Select(p => p.Key).Where(k => k.StartsWith("bots[0].commandLists[0].commands[", StringComparison.Ordinal)).ToHashSet();
        Assert.Equal(Enumerable.Range(0, commands.Count).SelectMany(i => new[] { $"bots[0].commandLists[0].commands[{i}].title", $"bots[0].commandLists[0].commands[{i}].description" }).ToHashSet(), translated);
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("5f1e4c1a8b1e4f579d7a2c3b4d5e6f70")]
    [InlineData("5f1e4c1a-8b1e-4f57-9d7a-2c3b4d5e6f7")]
    [InlineData("{{BOT_ID}}")]
    [InlineData("")]
    public async Task PackagingScriptRefusesABotIdThatIsNotAGuid(string botId)
    {
        var zip = Path.Combine(output.FullName, "app.zip");

        var run = await ProcessRun.StartAsync("bash", [RepositoryFiles.PackagingScript, botId, zip], output.FullName);

        Assert.True(run.ExitCode != 0, run.Output);
        Assert.Contains("is not a GUID", run.StdErr);
        Assert.False(File.Exists(zip));
    }

    [Fact]
    public async Task PackagedManifestFollowsTheOfficialTeamsSchema()
    {
        using var archive = ZipFile.OpenRead(await PackageAsync(SampleBotId));

        var errors = TeamsManifestSchema.Validate(ReadText(archive, "manifest.json"));

        Assert.True(errors.Count == 0, string.Join('\n', errors));
    }

    [Theory]
    [InlineData("placeholder left in")]
    [InlineData("botId missing")]
    [InlineData("botId not a GUID")]
    public void ManifestWithoutAValidBotIdFailsTheSchema(string defect)
    {
        var manifest = SourceManifest();
        var bot = manifest["bots"]![0]!.AsObject();
        switch (defect)
        {
            case "botId missing":
                bot.Remove("botId");
                break;
            case "botId not a GUID":
                bot["botId"] = "coachbot";
                break;
        }

        var errors = TeamsManifestSchema.Validate(manifest.ToJsonString());

        Assert.NotEmpty(errors);
        Assert.Contains(errors, e => e.StartsWith("/bots/0", StringComparison.Ordinal));
    }

    [Fact]
    public void ManifestDescribesABotForPersonalChatsAndTeamsWithoutFiles()
    {
        var manifest = SourceManifest();
        var bot = Assert.Single(manifest["bots"]!.AsArray())!;

        // The team scope lets reach keep a team's members (issue 21); the commands stay personal.
        Assert.Equal(["personal", "team"], bot["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.False(bot["supportsFiles"]!.GetValue<bool>());
        Assert.Equal("{{BOT_ID}}", bot["botId"]!.GetValue<string>());
        Assert.Equal("CoachBot", manifest["name"]?["short"]?.GetValue<string>());
        Assert.Equal("CoachBot", manifest["developer"]?["name"]?.GetValue<string>());
        Assert.Equal("color.png", manifest["icons"]?["color"]?.GetValue<string>());
        Assert.Equal("outline.png", manifest["icons"]?["outline"]?.GetValue<string>());
        Assert.InRange(Version.Parse(manifest["manifestVersion"]!.GetValue<string>()), new Version(1, 19), new Version(1, 24));
    }

    [Fact]
    public void ColorIconIsA192PixelPng()
    {
        var icon = PngImage.Read(File.ReadAllBytes(Path.Combine(RepositoryFiles.TeamsApp, "color.png")));

        Assert.Equal((192, 192), (icon.Width, icon.Height));
    }

    [Fact]
    public void OutlineIconIsA32PixelPngInWhiteOnTransparent()
    {
        var icon = PngImage.Read(File.ReadAllBytes(Path.Combine(RepositoryFiles.TeamsApp, "outline.png")));

        Assert.Equal((32, 32), (icon.Width, icon.Height));
        Assert.Equal((8, PngImage.ColorTypeRgba), (icon.BitDepth, icon.ColorType));
        var pixels = icon.Pixels().ToList();
        Assert.Contains(pixels, p => p.A == 0);
        Assert.Contains(pixels, p => p.A == 255);
        Assert.All(pixels.Where(p => p.A > 0), p => Assert.True(p is { R: 255, G: 255, B: 255 }, $"Outline pixel {p} is not white."));
    }

    private async Task<string> PackageAsync(string botId)
    {
        var zip = Path.Combine(output.FullName, "coachbot.zip");
        var run = await ProcessRun.StartAsync("bash", [RepositoryFiles.PackagingScript, botId, zip], output.FullName);
        Assert.True(run.ExitCode == 0, run.Output);
        return zip;
    }

    private static JsonObject SourceManifest() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.TeamsApp, "manifest.json")))!.AsObject();

    private static string ReadText(ZipArchive archive, string name)
    {
        using var reader = new StreamReader(archive.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }

    private static byte[] ReadBytes(ZipArchive archive, string name)
    {
        using var stream = archive.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
