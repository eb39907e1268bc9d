using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CoachBot.Tests.Deployment;

/// <summary>
/// The compiled ARM template, with the resources of its nested deployments (Bicep modules) flattened.
/// Values stay ARM expressions; <see cref="Resolve"/> follows <c>[parameters('x')]</c> into the caller.
/// </summary>
internal sealed partial class ArmTemplate
{
    private ArmTemplate(JsonObject root)
    {
        Root = root;
        Resources = Collect(new TemplateScope(root, null, null)).ToList();
    }

    public JsonObject Root { get; }

    public IReadOnlyList<ArmResource> Resources { get; }

    public static ArmTemplate Load(string path) =>
        new(JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new InvalidDataException($"{path} is empty."));

    public IReadOnlyList<ArmResource> All(string type) =>
        Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase)).ToList();

    public ArmResource Single(string type)
    {
        var matches = All(type).ToList();
        Assert.True(matches.Count == 1, $"Expected exactly one {type} resource, found {matches.Count}.");
        return matches[0];
    }

    /// <summary>
    /// Follows a value of the form <c>[parameters('x')]</c> to what the caller passes (or to the default at the top),
    /// and writes string variables of the template into the expression it ends at.
    /// </summary>
    public static JsonNode? Resolve(TemplateScope scope, JsonNode? value)
    {
        if (value is not JsonValue v || !v.TryGetValue<string>(out var text))
        {
            return value;
        }

        if (ParameterReference().Match(text) is not { Success: true } match)
        {
            return JsonValue.Create(VariableReference().Replace(text, m =>
                scope.Template["variables"]?[m.Groups["name"].Value] is JsonValue variable
                && variable.TryGetValue<string>(out var literal) && !literal.StartsWith('[')
                    ? $"'{literal}'"
                    : m.Value));
        }

        var name = match.Groups["name"].Value;
        if (scope.Deployment is null || scope.Parent is null)
        {
            return scope.Template["parameters"]?[name]?["defaultValue"];
        }

        var passed = scope.Deployment["properties"]?["parameters"]?[name];
        Assert.True(passed is not null, $"The deployment of a module does not pass its parameter '{name}'.");
        // A conditional value is passed as one expression that builds the { value } object.
        return Resolve(scope.Parent, passed is JsonObject ? passed["value"] : passed);
    }

    private static IEnumerable<ArmResource> Collect(TemplateScope scope)
    {
        IEnumerable<JsonNode?> resources = scope.Template["resources"] switch
        {
            JsonArray array => array,
            JsonObject symbolic => symbolic.Select(p => p.Value), // languageVersion 2.0 keys resources by symbolic name
            _ => [],
        };
        foreach (var resource in resources.OfType<JsonObject>())
        {
            var arm = new ArmResource(resource, scope);
            yield return arm;
            if (arm.Type == "Microsoft.Resources/deployments" && resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in Collect(new TemplateScope(nested, resource, scope)))
                {
                    yield return inner;
                }
            }
        }
    }

    [GeneratedRegex(@"^\[parameters\('(?<name>[^']+)'\)\]$")]
    private static partial Regex ParameterReference();

    [GeneratedRegex(@"variables\('(?<name>[^']+)'\)")]
    private static partial Regex VariableReference();
}

/// <summary>A template and, for a nested one, the deployment resource that holds it and the scope around that.</summary>
internal sealed record TemplateScope(JsonObject Template, JsonObject? Deployment, TemplateScope? Parent);

internal sealed record ArmResource(JsonObject Json, TemplateScope Scope)
{
    public string Type => Json["type"]?.GetValue<string>() ?? "";

    public JsonNode? Properties => Json["properties"];

    /// <summary>The value at a path of property names, with module parameters resolved to what main.bicep passes.</summary>
    public JsonNode? Get(params string[] path)
    {
        JsonNode? node = Json;
        foreach (var name in path)
        {
            node = ArmTemplate.Resolve(Scope, node?[name]);
        }

        return node;
    }

    public string? GetString(params string[] path) => Get(path)?.ToString();

    /// <summary>What the template holding this resource receives for one of its parameters.</summary>
    public string? Parameter(string name) => ArmTemplate.Resolve(Scope, JsonValue.Create($"[parameters('{name}')]"))?.ToString();
}
