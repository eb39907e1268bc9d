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

/// <summary>One prompt: what to do this week, the reflection question, the triggers that bring it forward, and whether it asks for a commitment.</summary>
public sealed record CoachingPrompt(
    string Id,
    string Track,
    string Theme,
    LocalizedText Prompt,
    LocalizedText Question,
    IReadOnlyList<string> Triggers,
    bool Commitment);

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

    /// <summary>The fewest prompts each track may have (issue 9): a rep's programme runs half a year before repeating.</summary>
    public static int MinimumLength(string track) => track == Rep ? 24 : 8;

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
    public const int MaxPromptLength = 400;
    public const int MaxQuestionLength = 200;

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
            p!.Id!, p.Track!, p.Theme!, Trimmed(p.Prompt!), Trimmed(p.Question!), (p.Triggers ?? []).Select(x => x!).ToList(), p.Commitment)).ToList();
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
        [property: JsonPropertyName("commitment")] bool Commitment);
}
