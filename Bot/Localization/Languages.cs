namespace CoachBot;

/// <summary>The languages CoachBot speaks. Teams locales such as <c>fr-FR</c> or <c>fr-CA</c> map to <c>fr</c>.</summary>
public static class Languages
{
    public const string English = "en";
    public const string French = "fr";

    public static IReadOnlyList<string> All { get; } = [English, French];

    public static bool IsSupported(string? language) => Normalize(language) is not null;

    /// <summary>The supported language for a language tag or locale, or null.</summary>
    public static string? Normalize(string? localeOrLanguage)
    {
        if (string.IsNullOrWhiteSpace(localeOrLanguage))
        {
            return null;
        }
        var primary = localeOrLanguage.Trim().Split('-', '_')[0].ToLowerInvariant();
        return primary is English or French ? primary : null;
    }
}
