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
public sealed partial class Texts
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
        var incomplete = english.Where(k => k.EndsWith(PluralSuffixes[0], StringComparison.Ordinal) || k.EndsWith(PluralSuffixes[1], StringComparison.Ordinal))
            .Select(k => k[..k.LastIndexOf('.')])
            .Distinct()
            .Where(k => !english.Contains(k + ".one") || !english.Contains(k + ".other"))
            .ToList();
        if (incomplete.Count > 0)
        {
            throw new InvalidOperationException($"Plural strings need both a '.one' and an '.other' form: {string.Join(", ", incomplete)}");
        }
    }

    private static readonly string[] PluralSuffixes = [".zero", ".one"];

    public IReadOnlyDictionary<string, string> For(string language) =>
        _byLanguage.TryGetValue(language, out var strings) ? strings : _byLanguage[Languages.English];

    public string Get(string language, string key) =>
        For(language).TryGetValue(key, out var text) ? text : throw new KeyNotFoundException($"No string '{key}'.");

    public string Format(string language, string key, params object?[] args) =>
        string.Format(CultureInfo.GetCultureInfo(language), Elide(language, Get(language, key), args), args);

    /// <summary>
    /// French elides "de" before a vowel: "les responsables de {1}" with Automation reads "les responsables d’Automation".
    /// Only where a placeholder follows "de" and its value starts with a vowel; English and every other word are left as written.
    /// </summary>
    internal static string Elide(string language, string format, object?[] args)
    {
        if (language != Languages.French || !format.Contains("de {", StringComparison.Ordinal))
        {
            return format;
        }
        return ElisionPoint().Replace(format, m =>
            int.TryParse(m.Groups[2].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < args.Length
                && args[index] is string { Length: > 0 } value && "aeiouyàâäéèêëîïôöùûüœAEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŒ".Contains(value[0])
                ? $"{m.Groups[1].Value}d’{{{m.Groups[2].Value}}}"
                : m.Value);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(^|[\s(«\u00a0])de \{(\d+)\}")]
    private static partial System.Text.RegularExpressions.Regex ElisionPoint();

    /// <summary>
    /// A sentence with a count in it, in the form the language gives that count: the key's <c>.zero</c> form for 0 when
    /// the key has one ("no request yet"), else <c>.one</c> (English: 1; French: 0 and 1, "0 jour", "1 demande"), else
    /// <c>.other</c>. The count is <c>{0}</c>, written as the language writes numbers; <paramref name="args"/> follow as
    /// <c>{1}</c>, <c>{2}</c>, ... The one place plural forms are chosen: no string writes "(s)".
    /// </summary>
    public string Plural(string language, string key, long count, params object?[] args)
    {
        var strings = For(language);
        var form = count == 0 && strings.ContainsKey(key + ".zero") ? "zero" : PluralCategory(language, count);
        if (!strings.TryGetValue(key + "." + form, out var text))
        {
            throw new KeyNotFoundException($"No plural string '{key}.{form}'.");
        }
        var culture = CultureInfo.GetCultureInfo(language);
        object?[] all = [count.ToString("N0", culture), .. args];
        return string.Format(culture, Elide(language, text, all), all);
    }

    /// <summary>The CLDR plural category of a whole count: French puts 0 and 1 in "one", English only 1.</summary>
    public static string PluralCategory(string language, long count) =>
        (language == Languages.French ? count is 0 or 1 : count == 1) ? "one" : "other";

    /// <summary>
    /// A date written out in the language: "24 December 2026", "24 décembre 2026"; the first of the month is
    /// "1er octobre 2026" in French.
    /// </summary>
    public static string LongDate(DateOnly date, string language) => DayAndMonth(date, language) + date.ToString(" yyyy", CultureInfo.GetCultureInfo(language));

    /// <summary>A date in short: "1 Oct 2026", « 1er oct. 2026 », "24 déc." (without the year).</summary>
    public static string ShortDate(DateOnly date, string language, bool withYear = true)
    {
        var culture = CultureInfo.GetCultureInfo(language);
        var day = language == Languages.French && date.Day == 1 ? "1er" : date.Day.ToString(culture);
        return day + " " + date.ToString(withYear ? "MMM yyyy" : "MMM", culture);
    }

    /// <summary>A day and month written out in the language: "1 October", « 1er octobre », "24 décembre".</summary>
    public static string DayAndMonth(DateOnly date, string language) =>
        language == Languages.French && date.Day == 1
            ? "1er " + date.ToString("MMMM", CultureInfo.GetCultureInfo(language))
            : date.ToString("d MMMM", CultureInfo.GetCultureInfo(language));

    /// <summary>A rate (0–1) as a whole percentage, "40%", « 40 % »; "n/a" when there is none.</summary>
    public string Percent(double? rate, string language) =>
        rate is { } value ? Format(language, "percent", Math.Round(value * 100, MidpointRounding.AwayFromZero)) : Get(language, "not_applicable");

    /// <summary>A local day and time written out: "Friday 4 December at 17:00", « vendredi 4 décembre à 17:00 ».</summary>
    public string When(DateTime local, string language) =>
        Format(language, "day_at_time", local.ToString("dddd ", CultureInfo.GetCultureInfo(language)) + DayAndMonth(DateOnly.FromDateTime(local), language),
            local.ToString("HH:mm", CultureInfo.InvariantCulture));

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
