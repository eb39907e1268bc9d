using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CoachBot.Localization;

/// <summary>
/// French and English strings, from the embedded <c>Localization/strings.{lang}.json</c> and each feature folder's own
/// <c>strings.{lang}.json</c> (<c>CheckIns/strings.fr.json</c>), loaded once. A key missing in one language, or defined in
/// two files, is a start-up error, not a blank on a user's card.
/// </summary>
public sealed class Texts
{
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _byLanguage = new();

    public Texts()
    {
        foreach (var language in Languages.All)
        {
            _byLanguage[language] = Load(language);
        }
        var english = _byLanguage[Languages.English].Keys.ToHashSet();
        foreach (var (language, strings) in _byLanguage)
        {
            var missing = english.Except(strings.Keys).Concat(strings.Keys.Except(english)).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidOperationException($"Strings differ between English and '{language}': {string.Join(", ", missing)}");
            }
        }
    }

    public IReadOnlyDictionary<string, string> For(string language) =>
        _byLanguage.TryGetValue(language, out var strings) ? strings : _byLanguage[Languages.English];

    public string Get(string language, string key) =>
        For(language).TryGetValue(key, out var text) ? text : throw new KeyNotFoundException($"No string '{key}'.");

    public string Format(string language, string key, params object?[] args) =>
        string.Format(CultureInfo.GetCultureInfo(language), Get(language, key), args);

    /// <summary>A date written out in the language: "24 December 2026", "24 décembre 2026".</summary>
    public static string LongDate(DateOnly date, string language) => date.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo(language));

    /// <summary>All strings of a language as a JSON object, for binding card templates (<c>${text.key}</c>).</summary>
    public JsonObject AsJson(string language)
    {
        var json = new JsonObject();
        foreach (var (key, value) in For(language))
        {
            json[key] = value;
        }
        return json;
    }

    private static Dictionary<string, string> Load(string language)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var main = $"CoachBot.Localization.strings.{language}.json";
        var suffix = $".strings.{language}.json";
        var names = assembly.GetManifestResourceNames()
            .Where(n => n != main && n.StartsWith("CoachBot.", StringComparison.Ordinal) && n.EndsWith(suffix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Prepend(main);

        var strings = new Dictionary<string, string>(StringComparer.Ordinal);
        var origin = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            using var stream = assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"Embedded resource {name} is missing.");
            var file = JsonSerializer.Deserialize<Dictionary<string, string>>(stream)
                ?? throw new InvalidOperationException($"{name} is empty.");
            foreach (var (key, value) in file)
            {
                if (!strings.TryAdd(key, value))
                {
                    throw new InvalidOperationException($"String '{key}' is defined in both {origin[key]} and {name}.");
                }
                origin[key] = name;
            }
        }
        return strings;
    }
}
