using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace CoachBot.Coaching;

/// <summary>A text in both languages of the bot.</summary>
public sealed record LocalizedText(string? En, string? Fr)
{
    public string In(string language) => (language == Languages.French ? Fr : En) ?? "";
}

/// <summary>A theme of the programme: its kind (<c>technical</c> or <c>behavioural</c>) and the tracks it belongs to.</summary>
public sealed record CoachingTheme(string Id, string Kind, IReadOnlyList<string> Tracks, LocalizedText Label);

/// <summary>
/// One prompt: what to do this week, the reflection question, the triggers that bring it forward, whether it asks for a
/// commitment, and its level in its theme (<see cref="CoachingLevels"/>: 1 foundations, 2 practice, 3 mastery).
/// </summary>
public sealed record CoachingPrompt(
    string Id,
    string Track,
    string Theme,
    LocalizedText Prompt,
    LocalizedText Question,
    IReadOnlyList<string> Triggers,
    bool Commitment,
    int Level = CoachingLevels.Foundations)
{
    /// <summary>True for a prompt written for a situation (a trigger other than the welcome weeks): it comes only when that situation holds.</summary>
    public bool IsSituation => Triggers.Any(t => t != CoachingTracks.FirstWeeks);
}

/// <summary>The three levels of a theme: a person moves to the next one after doing the one before.</summary>
public static class CoachingLevels
{
    public const int Foundations = 1;
    public const int Practice = 2;
    public const int Mastery = 3;
}

/// <summary>
/// The placeholders a prompt may hold, filled by the code when the card is made: figures come from configuration,
/// never from the programme's text.
/// </summary>
public static class CoachingPlaceholders
{
    /// <summary>The presence target (<c>CheckIns:PresenceTarget</c>) as a percentage in the person's language.</summary>
    public const string PresenceTarget = "{presenceTarget}";

    public static IReadOnlyList<string> All { get; } = [PresenceTarget];
}

/// <summary>
/// The coaching programme as shipped in <c>Coaching/programme.json</c>: content, not code. Loaded and checked once at
/// start (<see cref="ProgrammeFile"/>); a file that breaks a rule stops the service.
/// </summary>
public sealed class CoachingProgramme
{
    private readonly Dictionary<string, CoachingPrompt> _byId;
    private readonly Dictionary<string, CoachingTheme> _themes;

    public CoachingProgramme(string version, IReadOnlyList<CoachingTheme> themes, IReadOnlyList<CoachingPrompt> prompts)
    {
        Version = version;
        Themes = themes;
        Prompts = prompts;
        _byId = prompts.ToDictionary(p => p.Id, StringComparer.Ordinal);
        _themes = themes.ToDictionary(t => t.Id, StringComparer.Ordinal);
    }

    public string Version { get; }
    public IReadOnlyList<CoachingTheme> Themes { get; }

    /// <summary>Every prompt, in file order: the order a track is followed in.</summary>
    public IReadOnlyList<CoachingPrompt> Prompts { get; }

    public CoachingPrompt? Find(string? id) => id is not null && _byId.TryGetValue(id, out var prompt) ? prompt : null;

    public CoachingTheme Theme(string id) => _themes[id];

    public IReadOnlyList<CoachingPrompt> Track(string track) => Prompts.Where(p => p.Track == track).ToList();
}

/// <summary>The tracks, the trigger ids the code knows, and which track may use which trigger.</summary>
public static class CoachingTracks
{
    public const string Rep = "rep";
    public const string Director = "director";
    public const string Lead = "lead";
    public const string Sponsor = "sponsor";

    public static IReadOnlyList<string> All { get; } = [Rep, Director, Lead, Sponsor];

    /// <summary>The fewest prompts each track may have (issue 9): a rep's programme runs half a year before repeating.
    /// The shipped edition holds more (<see cref="EditionLength"/>, checked by the tests of the shipped file).</summary>
    public static int MinimumLength(string track) => track == Rep ? 24 : 8;

    /// <summary>The size of the second edition (issue 19): a rep at least 40 prompts, every other track at least 14.</summary>
    public static int EditionLength(string track) => track == Rep ? 40 : 14;

    /// <summary>The fewest welcome (<see cref="FirstWeeks"/>) prompts a track of the shipped edition has: one per welcome week.</summary>
    public const int EditionWelcomePrompts = 4;

    /// <summary>The fewest prompts the shipped edition has for a situation trigger: a rep under the presence target for 8 weeks gets no text twice.</summary>
    public static int EditionSituationPrompts(string trigger) => trigger == PresenceLow ? 6 : 3;

    public const string PresenceLow = "presence-low-2w";
    public const string NoVisitsPlanned = "no-visits-planned";
    public const string RequestDeclined = "bu-request-declined-14d";
    public const string RepUnderTarget = "rep-under-target-3w";
    public const string FirstWeeks = "first-4-weeks";

    /// <summary>
    /// Every trigger, in the order they are tried: the person's own figures first, then a rep of theirs in difficulty,
    /// then the welcome weeks. The first one that holds and has an eligible prompt decides.
    /// </summary>
    public static IReadOnlyList<string> TriggerPriority { get; } = [PresenceLow, NoVisitsPlanned, RequestDeclined, RepUnderTarget, FirstWeeks];

    public static bool Allows(string track, string trigger) => trigger switch
    {
        PresenceLow or NoVisitsPlanned or RequestDeclined => track == Rep,
        RepUnderTarget => track == Director,
        FirstWeeks => All.Contains(track),
        _ => false,
    };
}

/// <summary>Reads the programme file and checks every rule; each problem names the prompt (or theme) and what is wrong.</summary>
public static partial class ProgrammeFile
{
    public const int MaxIdLength = 60;
    public const int MaxLabelLength = 80;
    /// <summary>A prompt fits in three lines on a phone.</summary>
    public const int MaxPromptLength = 200;

    /// <summary>Half the prompts of a language are at most this long.</summary>
    public const int MaxMedianPromptLength = 160;

    /// <summary>The reflection question fits in one line.</summary>
    public const int MaxQuestionLength = 90;

    private static readonly string[] Kinds = ["technical", "behavioural"];

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>The programme at <paramref name="path"/> (relative to the service's folder), or the problems that stop it from loading.</summary>
    public static (CoachingProgramme? Programme, IReadOnlyList<string> Problems) Load(string path)
    {
        var full = Path.IsPathRooted(path) ? path : Path.Combine(AppContext.BaseDirectory, path);
        if (!File.Exists(full))
        {
            return (null, [$"Coaching:ProgrammeFile: the programme file '{full}' does not exist."]);
        }
        return Parse(File.ReadAllText(full), full);
    }

    public static (CoachingProgramme? Programme, IReadOnlyList<string> Problems) Parse(string json, string name)
    {
        ProgrammeDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<ProgrammeDocument>(json, Json);
        }
        catch (JsonException ex)
        {
            return (null, [$"The coaching programme {name} is not valid JSON: {ex.Message}"]);
        }
        if (document is null)
        {
            return (null, [$"The coaching programme {name} is empty."]);
        }
        var problems = Check(document);
        if (problems.Count > 0)
        {
            return (null, problems);
        }
        var themes = document.Themes!.Select(t => new CoachingTheme(t!.Id!, t.Kind!, t.Tracks!.Select(x => x!).ToList(), t.Label!)).ToList();
        var prompts = document.Prompts!.Select(p => new CoachingPrompt(
            p!.Id!, p.Track!, p.Theme!, Trimmed(p.Prompt!), Trimmed(p.Question!), (p.Triggers ?? []).Select(x => x!).ToList(), p.Commitment, p.Level!.Value)).ToList();
        return (new CoachingProgramme(document.Version!, themes, prompts), []);
    }

    private static LocalizedText Trimmed(LocalizedText text) => new(text.En?.Trim(), text.Fr?.Trim());

    private static List<string> Check(ProgrammeDocument document)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(document.Version))
        {
            problems.Add("The coaching programme has no version.");
        }

        var themes = new Dictionary<string, ThemeDocument>(StringComparer.Ordinal);
        foreach (var (theme, index) in (document.Themes ?? []).Select((t, i) => (t, i)))
        {
            var where = theme?.Id is { Length: > 0 } id ? $"Theme '{id}'" : $"Theme #{index + 1}";
            if (theme is null || !IsId(theme.Id))
            {
                problems.Add($"{where}: the id must be lower-case letters, digits and hyphens, at most {MaxIdLength} characters.");
                continue;
            }
            if (!themes.TryAdd(theme.Id!, theme))
            {
                problems.Add($"{where}: the id is used twice.");
            }
            if (!Kinds.Contains(theme.Kind))
            {
                problems.Add($"{where}: the kind '{theme.Kind}' is neither 'technical' nor 'behavioural'.");
            }
            if (theme.Tracks is not { Count: > 0 } || theme.Tracks.Any(t => !CoachingTracks.All.Contains(t)))
            {
                problems.Add($"{where}: tracks must be some of {string.Join(", ", CoachingTracks.All)}.");
            }
            CheckText(problems, where, "label", theme.Label, MaxLabelLength);
        }
        if (themes.Count == 0)
        {
            problems.Add("The coaching programme has no theme.");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (prompt, index) in (document.Prompts ?? []).Select((p, i) => (p, i)))
        {
            var where = prompt?.Id is { Length: > 0 } id ? $"Prompt '{id}'" : $"Prompt #{index + 1}";
            if (prompt is null || !IsId(prompt.Id))
            {
                problems.Add($"{where}: the id must be lower-case letters, digits and hyphens, at most {MaxIdLength} characters.");
                continue;
            }
            if (!ids.Add(prompt.Id!))
            {
                problems.Add($"{where}: the id is used twice.");
            }
            var trackKnown = CoachingTracks.All.Contains(prompt.Track);
            if (!trackKnown)
            {
                problems.Add($"{where}: the track '{prompt.Track}' is unknown (tracks: {string.Join(", ", CoachingTracks.All)}).");
            }
            if (prompt.Theme is null || !themes.TryGetValue(prompt.Theme, out var theme))
            {
                problems.Add($"{where}: the theme '{prompt.Theme}' is not one of the programme's themes.");
            }
            else if (trackKnown && theme.Tracks?.Contains(prompt.Track) != true)
            {
                problems.Add($"{where}: the theme '{prompt.Theme}' is not a theme of the {prompt.Track} track.");
            }
            CheckText(problems, where, "prompt", prompt.Prompt, MaxPromptLength);
            CheckText(problems, where, "question", prompt.Question, MaxQuestionLength);
            CheckWording(problems, where, prompt);
            if (prompt.Level is not (>= CoachingLevels.Foundations and <= CoachingLevels.Mastery))
            {
                problems.Add($"{where}: the level must be 1 (foundations), 2 (practice) or 3 (mastery).");
            }
            else if (prompt.Level != CoachingLevels.Foundations && prompt.Triggers?.Contains(CoachingTracks.FirstWeeks) == true)
            {
                problems.Add($"{where}: a prompt of the first four weeks must be of level 1 (foundations), not {prompt.Level}.");
            }
            foreach (var trigger in prompt.Triggers ?? [])
            {
                if (trigger is null || !CoachingTracks.TriggerPriority.Contains(trigger))
                {
                    problems.Add($"{where}: the trigger '{trigger}' is unknown (triggers: {string.Join(", ", CoachingTracks.TriggerPriority)}).");
                }
                else if (trackKnown && !CoachingTracks.Allows(prompt.Track!, trigger))
                {
                    problems.Add($"{where}: the trigger '{trigger}' does not apply to the {prompt.Track} track.");
                }
            }
        }

        CheckLevels(problems, document.Prompts ?? []);
        CheckMedian(problems, document.Prompts ?? []);
        foreach (var track in CoachingTracks.All)
        {
            var count = (document.Prompts ?? []).Count(p => p?.Track == track);
            if (count < CoachingTracks.MinimumLength(track))
            {
                problems.Add($"Track '{track}': {count} prompts, at least {CoachingTracks.MinimumLength(track)} are needed.");
            }
        }
        return problems;
    }

    private static void CheckText(List<string> problems, string where, string field, LocalizedText? text, int maxLength)
    {
        foreach (var (language, value) in (ReadOnlySpan<(string, string?)>)[(Languages.English, text?.En), (Languages.French, text?.Fr)])
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add($"{where}: the {field} in '{language}' is missing.");
            }
            else if (value.Trim().Length > maxLength)
            {
                problems.Add($"{where}: the {field} in '{language}' has {value.Trim().Length} characters, at most {maxLength} are allowed.");
            }
        }
    }

    /// <summary>
    /// The wording rules a machine can check: French typography (non-breaking space before « : ; ? » and inside
    /// « », the typographic apostrophe), no exclamation mark, only known placeholders, a question that looks back, no
    /// "next week" in a prompt read after the week it meant has started, and figures that come from configuration.
    /// </summary>
    private static void CheckWording(List<string> problems, string where, PromptDocument prompt)
    {
        foreach (var (field, text) in (ReadOnlySpan<(string, LocalizedText?)>)[("prompt", prompt.Prompt), ("question", prompt.Question)])
        {
            foreach (var (language, value) in (ReadOnlySpan<(string, string?)>)[(Languages.English, text?.En), (Languages.French, text?.Fr)])
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    continue;
                }
                var about = $"{where}: the {field} in '{language}'";
                if (value.Contains('!'))
                {
                    problems.Add($"{about} has an exclamation mark: the programme speaks to adults without raising its voice.");
                }
                foreach (Match placeholder in Placeholder().Matches(value))
                {
                    if (!CoachingPlaceholders.All.Contains(placeholder.Value))
                    {
                        problems.Add($"{about} has the placeholder '{placeholder.Value}', which the code does not fill (placeholders: {string.Join(", ", CoachingPlaceholders.All)}).");
                    }
                }
                if (HardCodedPresence().Match(value) is { Success: true } figure)
                {
                    problems.Add($"{about} writes the presence target as '{figure.Value}': use {CoachingPlaceholders.PresenceTarget}, which comes from CheckIns:PresenceTarget.");
                }
                if (UnnamedTarget().Match(value) is { Success: true } target)
                {
                    problems.Add($"{about} says '{target.Value}' without naming the target: say the presence target.");
                }
                if (language == Languages.French)
                {
                    if (value.Contains('\''))
                    {
                        problems.Add($"{about} has a straight apostrophe: French uses ’.");
                    }
                    if (FrenchSpacing().Match(value) is { Success: true } spacing)
                    {
                        problems.Add($"{about} needs a non-breaking space at '{spacing.Value.Trim()}' (before : ; ? and inside « »).");
                    }
                }
                else if (EnglishSpacing().Match(value) is { Success: true } spacing)
                {
                    problems.Add($"{about} has a space before '{spacing.Value.Trim()}': English puts none.");
                }
            }
        }
        if (prompt.Question?.En is { } question && ForwardQuestion().Match(question) is { Success: true } forward)
        {
            problems.Add($"{where}: the question in 'en' looks forward ('{forward.Value}'): the question looks back at what happened, the commitment box looks forward.");
        }
        if (prompt.Triggers?.Contains(CoachingTracks.NoVisitsPlanned) == true)
        {
            foreach (var (language, value) in (ReadOnlySpan<(string, string?)>)[(Languages.English, prompt.Prompt?.En), (Languages.French, prompt.Prompt?.Fr)])
            {
                if (value is not null && NextWeek().Match(value) is { Success: true } next)
                {
                    problems.Add($"{where}: the prompt in '{language}' says '{next.Value}', which is untrue when it is read: the check-in's next week has already started.");
                }
            }
        }
    }

    /// <summary>Within a track and theme, the programme's prompts (not those written for a situation) climb one level at a time from 1.</summary>
    private static void CheckLevels(List<string> problems, IEnumerable<PromptDocument?> prompts)
    {
        var climbing = prompts
            .Where(p => p is { Track: not null, Theme: not null, Level: >= CoachingLevels.Foundations and <= CoachingLevels.Mastery }
                && (p.Triggers ?? []).All(t => t == CoachingTracks.FirstWeeks))
            .GroupBy(p => (p!.Track!, p.Theme!));
        foreach (var group in climbing)
        {
            var levels = group.Select(p => p!.Level!.Value).ToHashSet();
            foreach (var level in levels.Where(l => l > CoachingLevels.Foundations && !levels.Contains(l - 1)).Order())
            {
                problems.Add($"Theme '{group.Key.Item2}' ({group.Key.Item1}): a prompt of level {level} and none of level {level - 1} to do before it.");
            }
        }
    }

    private static void CheckMedian(List<string> problems, IReadOnlyCollection<PromptDocument?> prompts)
    {
        foreach (var (language, texts) in new[]
        {
            (Languages.English, prompts.Select(p => p?.Prompt?.En)),
            (Languages.French, prompts.Select(p => p?.Prompt?.Fr)),
        })
        {
            var lengths = texts.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => (double)t!.Trim().Length).Order().ToList();
            if (lengths.Count > 0 && Median(lengths) is var median && median > MaxMedianPromptLength)
            {
                problems.Add($"The prompts in '{language}' have a median length of {median} characters, at most {MaxMedianPromptLength} are allowed.");
            }
        }
    }

    /// <summary>The median of lengths in ascending order.</summary>
    public static double Median(IReadOnlyList<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\b(?:two|deux|\d+)\s+(?:days?|jours?)\s+(?:in|out of|sur)\s+(?:five|cinq|5)\b", RegexOptions.IgnoreCase)]
    private static partial Regex HardCodedPresence();

    [GeneratedRegex(@"\b(?:under|below|behind|above|over|on)\s+(?:the\s+)?target\b|\bsous\s+l[’']objectif\b(?!\s+de\s+présence)", RegexOptions.IgnoreCase)]
    private static partial Regex UnnamedTarget();

    // A plain space (or none) before : ; ? or after «, or before »: French wants a non-breaking one (U+00A0 or U+202F).
    [GeneratedRegex(@"(?:[^\u00A0\u202F][:;?»])|(?:«[^\u00A0\u202F])")]
    private static partial Regex FrenchSpacing();

    [GeneratedRegex(@"\s[:;?]")]
    private static partial Regex EnglishSpacing();

    [GeneratedRegex(@"\b(?:will you|are you going to|do you plan|do you intend|would you like to)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ForwardQuestion();

    [GeneratedRegex(@"\bnext week\b|\bsemaine prochaine\b|\bprochaine semaine\b", RegexOptions.IgnoreCase)]
    private static partial Regex NextWeek();

    private static bool IsId(string? id) => id is { Length: > 0 and <= MaxIdLength } && IdPattern().IsMatch(id);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    // The file as written; every field nullable so a missing one is reported by name rather than failing the parse.
    private sealed record ProgrammeDocument(string? Version, List<ThemeDocument?>? Themes, List<PromptDocument?>? Prompts);

    private sealed record ThemeDocument(string? Id, string? Kind, List<string?>? Tracks, LocalizedText? Label);

    private sealed record PromptDocument(
        string? Id,
        string? Track,
        string? Theme,
        LocalizedText? Prompt,
        LocalizedText? Question,
        List<string?>? Triggers,
        [property: JsonPropertyName("commitment")] bool Commitment,
        int? Level);
}
