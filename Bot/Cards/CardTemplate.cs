using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CoachBot.Cards;

/// <summary>
/// An Adaptive Card JSON template, filled from a JSON data object. A small subset of Adaptive Card Templating
/// (whose .NET package is not available to us):
/// <list type="bullet">
/// <item><c>${a.b}</c> inside a string is replaced by the value; a string that is only <c>${a.b}</c> takes the value's own JSON type.</item>
/// <item><c>"$data": "${items}"</c> on an array element repeats it for each item, with the item as scope (<c>$root.x</c> reaches the top).</item>
/// <item><c>"$when": "${flag}"</c> drops the element when the value is false, null, empty or zero.</item>
/// </list>
/// A path that does not resolve is an error: a card never goes out with a placeholder in it. Every value bound into a
/// <c>TextBlock</c>'s text or a fact's title or value is plain text (<see cref="PlainText"/>): names from Teams or a file
/// never turn into links or emphasis; a template's own literal text and the strings it binds as <c>${text.key}</c> keep their markdown.
/// </summary>
public sealed partial class CardTemplate
{
    private static readonly ConcurrentDictionary<string, CardTemplate> Embedded = new();
    private readonly JsonNode _template;

    public CardTemplate(string json, string name)
    {
        Name = name;
        _template = JsonNode.Parse(json) ?? throw new InvalidOperationException($"Card template {name} is empty.");
    }

    public string Name { get; }

    /// <summary>The embedded template at a path relative to the project, such as <c>Roster/Cards/welcome.json</c>; loaded once.</summary>
    public static CardTemplate Load(string path) => Embedded.GetOrAdd(path, static p =>
    {
        var resource = "CoachBot." + p.Replace('/', '.');
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Card template {resource} is not embedded.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return new CardTemplate(reader.ReadToEnd(), p);
    });

    /// <summary>The names of every embedded card template, for the tests that check them all.</summary>
    public static IEnumerable<string> EmbeddedNames() =>
        Assembly.GetExecutingAssembly().GetManifestResourceNames()
            .Where(n => n.Contains(".Cards.", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal));

    public JsonObject Fill(JsonObject data)
    {
        var filled = Bind(_template, data, data) ?? throw new InvalidOperationException($"Card template {Name} filled to nothing.");
        return filled.AsObject();
    }

    // The keys whose bound values Teams renders as markdown, per kind of element: a TextBlock's text, a fact's title and value.
    private static readonly string[] TextBlockKeys = ["text"];
    private static readonly string[] FactKeys = ["title", "value"];

    private JsonNode? Bind(JsonNode? node, JsonNode? scope, JsonObject root, string[]? itemKeys = null) => node switch
    {
        JsonObject obj => BindObject(obj, scope, root, itemKeys),
        JsonArray array => BindArray(array, scope, root, itemKeys),
        JsonValue value when value.TryGetValue<string>(out var text) => BindString(text, scope, root, plain: false),
        _ => node?.DeepClone(),
    };

    /// <param name="markdownKeys">Keys of this object whose bound values are escaped (a fact's, set by its FactSet); a TextBlock sets its own.</param>
    private JsonObject BindObject(JsonObject obj, JsonNode? scope, JsonObject root, string[]? markdownKeys = null)
    {
        var type = obj["type"] is JsonValue t && t.TryGetValue<string>(out var name) ? name : null;
        var escaped = type == "TextBlock" ? TextBlockKeys : markdownKeys;
        var result = new JsonObject();
        foreach (var (key, value) in obj)
        {
            if (key is "$data" or "$when")
            {
                continue;
            }
            result[key] = value switch
            {
                JsonValue v when escaped is not null && escaped.Contains(key) && v.TryGetValue<string>(out var text) => BindString(text, scope, root, plain: true),
                JsonArray facts when type == "FactSet" && key == "facts" => BindArray(facts, scope, root, FactKeys),
                _ => Bind(value, scope, root),
            };
        }
        return result;
    }

    private JsonArray BindArray(JsonArray array, JsonNode? scope, JsonObject root, string[]? itemKeys = null)
    {
        var result = new JsonArray();
        foreach (var item in array)
        {
            if (item is JsonObject element && element["$data"] is JsonValue dataPath)
            {
                var items = Resolve(Placeholder(dataPath.GetValue<string>()), scope, root);
                foreach (var itemScope in items is JsonArray many ? many.ToList() : [items])
                {
                    if (IsIncluded(element, itemScope, root))
                    {
                        result.Add(BindObject(element, itemScope, root, itemKeys));
                    }
                }
            }
            else if (item is not JsonObject conditional || IsIncluded(conditional, scope, root))
            {
                result.Add(Bind(item, scope, root, itemKeys));
            }
        }
        return result;
    }

    private bool IsIncluded(JsonObject element, JsonNode? scope, JsonObject root)
    {
        if (element["$when"] is not JsonValue when)
        {
            return true;
        }
        return Resolve(Placeholder(when.GetValue<string>()), scope, root) switch
        {
            null => false,
            JsonValue v when v.TryGetValue<bool>(out var b) => b,
            JsonValue v when v.TryGetValue<string>(out var s) => s.Length > 0,
            JsonValue v when v.TryGetValue<double>(out var d) => d != 0,
            JsonArray a => a.Count > 0,
            _ => true,
        };
    }

    /// <param name="plain">True where the text is markdown: each bound value is escaped (<see cref="PlainText"/>), the template's own text is not.</param>
    private JsonNode? BindString(string text, JsonNode? scope, JsonObject root, bool plain)
    {
        var whole = WholePlaceholder().Match(text);
        if (whole.Success)
        {
            var value = Resolve(whole.Groups[1].Value, scope, root);
            return plain && !IsOwnText(whole.Groups[1].Value) && value is JsonValue v && v.TryGetValue<string>(out var bound) ? JsonValue.Create(PlainText.Escape(bound)) : value?.DeepClone();
        }
        if (!text.Contains("${", StringComparison.Ordinal))
        {
            return JsonValue.Create(text);
        }
        return JsonValue.Create(AnyPlaceholder().Replace(text, m =>
        {
            var bound = Resolve(m.Groups[1].Value, scope, root) switch
            {
                null => "",
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                var other => other.ToJsonString(),
            };
            return plain && !IsOwnText(m.Groups[1].Value) ? PlainText.Escape(bound) : bound;
        }));
    }

    /// <summary>The service's own strings (<c>${text.key}</c>, from strings.*.json) keep their markdown; everything else bound is data.</summary>
    private static bool IsOwnText(string path) => path.StartsWith("text.", StringComparison.Ordinal) || path.StartsWith("$root.text.", StringComparison.Ordinal);

    private string Placeholder(string text)
    {
        var match = WholePlaceholder().Match(text);
        return match.Success ? match.Groups[1].Value : throw new InvalidOperationException($"Card template {Name}: '{text}' is not a ${{path}} expression.");
    }

    private JsonNode? Resolve(string path, JsonNode? scope, JsonObject root)
    {
        var current = scope;
        var segments = path.Split('.');
        var start = 0;
        if (segments[0] == "$root")
        {
            current = root;
            start = 1;
        }
        for (var i = start; i < segments.Length; i++)
        {
            if (current is JsonObject obj && obj.TryGetPropertyValue(segments[i], out var next))
            {
                current = next;
            }
            else if (scope != root && i == start && root.TryGetPropertyValue(segments[i], out var fromRoot))
            {
                // Inside a repeated element, names the item lacks come from the top (strings, mostly).
                current = fromRoot;
            }
            else
            {
                throw new InvalidOperationException($"Card template {Name}: '${{{path}}}' does not resolve.");
            }
        }
        return current;
    }

    [GeneratedRegex(@"^\$\{([A-Za-z0-9_$.]+)\}$")]
    private static partial Regex WholePlaceholder();

    [GeneratedRegex(@"\$\{([A-Za-z0-9_$.]+)\}")]
    private static partial Regex AnyPlaceholder();
}
