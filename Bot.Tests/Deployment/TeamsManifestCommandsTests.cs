using System.Text.Json.Nodes;
using CoachBot.Localization;
using CoachBot.Roster;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Deployment;

/// <summary>The command menu Teams shows (manifest and its French file) is the features' own commands, in both languages.</summary>
public sealed class TeamsManifestCommandsTests
{
    private static string Words(string usage) => string.Join(' ', usage.Split(' ', StringSplitOptions.RemoveEmptyEntries)
        .TakeWhile(w => !w.Contains('|') && w == w.ToLowerInvariant() && w.Any(char.IsLetter)));

    private static string Sentence(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    [Fact]
    public async Task EveryCommandInTheManifestIsAFeatureCommandWithItsDescriptionInEnglishAndFrench()
    {
        await using var bot = await BotApp.StartAsync();
        var commands = bot.Service<Onboarding>().Commands;
        var texts = bot.Service<Texts>();
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.TeamsApp, "manifest.json")))!;
        var french = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.TeamsApp, "fr.json")))!.AsObject();
        var listed = manifest["bots"]![0]!["commandLists"]![0]!["commands"]!.AsArray();

        // Teams shows at most 10 commands per list: the manifest lists 10 of the features' commands, each once.
        Assert.Equal(Math.Min(10, commands.Select(c => Words(c.English)).Distinct().Count()), listed.Count);
        for (var i = 0; i < listed.Count; i++)
        {
            var title = listed[i]!["title"]!.GetValue<string>();
            var command = Assert.Single(commands, c => Words(c.English) == title && c.DescriptionKey != "cmd_request_show");
            Assert.Equal(Sentence(texts.Get("en", command.DescriptionKey)), listed[i]!["description"]!.GetValue<string>());
            Assert.Equal(Words(command.French), french[$"bots[0].commandLists[0].commands[{i}].title"]!.GetValue<string>());
            Assert.Equal(Sentence(texts.Get("fr", command.DescriptionKey)), french[$"bots[0].commandLists[0].commands[{i}].description"]!.GetValue<string>());
        }
        Assert.Equal(listed.Count, listed.Select(c => c!["title"]!.GetValue<string>()).Distinct().Count());
    }
}
