using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace CoachBot.Coaching;

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
        var themes = document.Themes!.Select(t => new CoachingTheme(t!.Id!, t.Kind!, t.Tracks!.Select(x => x!).ToList(), t.Label!, Words(t.BlockerWords))).ToList();
        var prompts = document.Prompts!.Select(p => new CoachingPrompt(
            p!.Id!, p.Track!, p.Theme!, Trimmed(p.Prompt!), Trimmed(p.Question!), (p.Triggers ?? []).Select(x => x!).ToList(), p.Commitment, p.Level!.Value)).ToList();
        return (new CoachingProgramme(document.Version!, themes, prompts, Words(document.NoBlocker)), []);
    }

    private static LocalizedWords? Words(WordsDocument? words) =>
        words is null ? null : new((words.En ?? []).Select(w => w!.Trim()).ToList(), (words.Fr ?? []).Select(w => w!.Trim()).ToList());

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
            if (theme.Tracks?.Contains(CoachingTracks.Rep) == true)
            {
                CheckWords(problems, where, "blocker words", theme.BlockerWords);
            }
            else if (theme.BlockerWords is not null)
            {
                problems.Add($"{where}: has blocker words, but only the rep track's themes are given to blockers.");
            }
        }
        if (themes.Count == 0)
        {
            problems.Add("The coaching programme has no theme.");
        }
        CheckWords(problems, "noBlocker", "words", document.NoBlocker);
        CheckWordsUsedOnce(problems, document.Themes ?? []);

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
            ProgrammeWording.Check(problems, where, prompt.Prompt, prompt.Question, prompt.Triggers);
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

    /// <summary>The longest word or phrase a theme may list: a phrase, not a sentence.</summary>
    public const int MaxBlockerWordLength = 40;

    private static void CheckWords(List<string> problems, string where, string what, WordsDocument? words)
    {
        foreach (var (language, list) in (ReadOnlySpan<(string, List<string?>?)>)[(Languages.English, words?.En), (Languages.French, words?.Fr)])
        {
            if (list is not { Count: > 0 })
            {
                problems.Add($"{where}: the {what} in '{language}' are missing.");
                continue;
            }
            foreach (var word in list)
            {
                if (string.IsNullOrWhiteSpace(word) || BlockerWords.Tokens(word).All(t => t.Trim('*').Length == 0))
                {
                    problems.Add($"{where}: the {what} in '{language}' hold an empty word.");
                }
                else if (word.Trim().Length > MaxBlockerWordLength)
                {
                    problems.Add($"{where}: the {what} in '{language}' hold '{word.Trim()}', longer than {MaxBlockerWordLength} characters.");
                }
            }
        }
    }

    /// <summary>A word listed by two themes could never tell them apart: each word belongs to one theme.</summary>
    private static void CheckWordsUsedOnce(List<string> problems, IEnumerable<ThemeDocument?> themes)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var theme in themes)
        {
            if (theme?.Id is not { } id || theme.BlockerWords is not { } words)
            {
                continue;
            }
            foreach (var word in (words.En ?? []).Concat(words.Fr ?? []).OfType<string>())
            {
                var key = string.Join(' ', BlockerWords.Pattern.Of(word).Tokens.Select(t => t.Prefix ? t.Stem + "*" : t.Stem));
                if (key.Length == 0)
                {
                    continue;
                }
                if (owners.TryGetValue(key, out var owner) && owner != id)
                {
                    problems.Add($"Theme '{id}': the blocker word '{word.Trim()}' is also a word of theme '{owner}'.");
                }
                else
                {
                    owners[key] = id;
                }
            }
        }
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

    private static bool IsId(string? id) => id is { Length: > 0 and <= MaxIdLength } && IdPattern().IsMatch(id);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    // The file as written; every field nullable so a missing one is reported by name rather than failing the parse.
    private sealed record ProgrammeDocument(string? Version, List<ThemeDocument?>? Themes, List<PromptDocument?>? Prompts, WordsDocument? NoBlocker);

    private sealed record ThemeDocument(string? Id, string? Kind, List<string?>? Tracks, LocalizedText? Label, WordsDocument? BlockerWords);

    private sealed record WordsDocument(List<string?>? En, List<string?>? Fr);

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
