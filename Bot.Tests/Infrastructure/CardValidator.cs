using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CoachBot.Tests.Infrastructure;

/// <summary>Runs scripts/validate-cards.js (the official Adaptive Cards parser under Node) over cards and returns each one's errors.</summary>
public static class CardValidator
{
    public static async Task<Dictionary<string, List<string>>> ValidateAsync(IReadOnlyDictionary<string, JsonObject> cards)
    {
        var parser = Repository.PathOf("node_modules", "adaptivecards", "dist", "adaptivecards.js");
        if (!File.Exists(parser))
        {
            throw new InvalidOperationException($"The Adaptive Cards parser is not installed ({parser}): run 'npm ci' at the repository root.");
        }
        var folder = Directory.CreateTempSubdirectory("coachbot-cards-");
        try
        {
            var files = new Dictionary<string, string>();
            foreach (var (name, card) in cards)
            {
                var file = Path.Combine(folder.FullName, $"{files.Count:D3}.json");
                await File.WriteAllTextAsync(file, card.ToJsonString());
                files[file] = name;
            }
            var start = new ProcessStartInfo("node", [Repository.PathOf("scripts", "validate-cards.js"), .. files.Keys])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();

            var results = new Dictionary<string, List<string>>();
            foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var result = JsonNode.Parse(line)!;
                results[files[result["file"]!.GetValue<string>()]] = result["errors"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
            }
            if (results.Count != cards.Count)
            {
                throw new InvalidOperationException($"The card validator answered for {results.Count} of {cards.Count} cards: {error}");
            }
            return results;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
