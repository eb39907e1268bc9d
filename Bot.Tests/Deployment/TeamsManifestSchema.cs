using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace CoachBot.Tests.Deployment;

/// <summary>The official Teams app manifest schema from npm <c>@microsoft/app-manifest</c> (installed by <c>npm install</c>).</summary>
internal static class TeamsManifestSchema
{
    private static readonly ConcurrentDictionary<string, Lazy<JsonSchema>> Schemas = new();

    /// <summary>Evaluates a manifest against the schema of the manifestVersion it declares; returns the errors, empty when valid.</summary>
    public static IReadOnlyList<string> Validate(string manifestJson)
    {
        using var manifest = JsonDocument.Parse(manifestJson);
        var version = manifest.RootElement.TryGetProperty("manifestVersion", out var v) ? v.GetString() : null;
        Assert.False(string.IsNullOrEmpty(version), "The manifest has no manifestVersion.");
        return Evaluate(manifest.RootElement, version!, "MicrosoftTeams.schema.json");
    }

    /// <summary>Evaluates a language file (<c>localizationInfo.additionalLanguages[].file</c>) against the official localization schema of that manifest version.</summary>
    public static IReadOnlyList<string> ValidateLocalization(string languageFileJson, string manifestVersion)
    {
        using var file = JsonDocument.Parse(languageFileJson);
        return Evaluate(file.RootElement, manifestVersion, "MicrosoftTeams.Localization.schema.json");
    }

    private static IReadOnlyList<string> Evaluate(JsonElement document, string version, string schemaFile)
    {
        var schema = Schemas.GetOrAdd(version + "/" + schemaFile, _ => new Lazy<JsonSchema>(() => Load(version, schemaFile))).Value;
        var result = schema.Evaluate(document, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return [];
        }

        var errors = (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value} ({e.Key} at {d.EvaluationPath})"))
            .ToList();
        return errors.Count > 0 ? errors : ["The manifest does not match the schema (no details given)."];
    }

    private static JsonSchema Load(string version, string schemaFile)
    {
        var path = Path.Combine(RepositoryFiles.TeamsSchemaFolder, $"v{version}", schemaFile);
        if (!File.Exists(path))
        {
            Assert.Fail(
                $"The Teams manifest schema v{version} is missing at {path}. " +
                "Run `npm install --no-audit --no-fund` at the repository root (package.json pins @microsoft/app-manifest).");
        }

        var schema = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        // The official files declare draft-04 but use later keywords (`const`); JsonSchema.Net evaluates
        // draft-06 and up, and the files use nothing whose meaning changed from draft-04 to draft-07.
        schema["$schema"] = "http://json-schema.org/draft-07/schema#";
        using var document = JsonDocument.Parse(schema.ToJsonString());
        return JsonSchema.Build(
            document.RootElement.Clone(),
            new BuildOptions(),
            new Uri($"https://coachbot.invalid/teams/v{version}/{schemaFile}"));
    }
}
