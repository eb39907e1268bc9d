namespace CoachBot.Coaching;

/// <summary>A text in both languages of the bot.</summary>
public sealed record LocalizedText(string? En, string? Fr)
{
    public string In(string language) => (language == Languages.French ? Fr : En) ?? "";
}

/// <summary>Words and phrases in both languages of the bot.</summary>
public sealed record LocalizedWords(IReadOnlyList<string>? En, IReadOnlyList<string>? Fr)
{
    public static LocalizedWords None { get; } = new([], []);

    /// <summary>Both languages' words: a rep may write a blocker in either.</summary>
    public IEnumerable<string> All => (En ?? []).Concat(Fr ?? []);
}

/// <summary>
/// A theme of the programme: its kind (<c>technical</c> or <c>behavioural</c>), the tracks it belongs to, and for a rep
/// theme the words and phrases that tell a blocker of that theme (<see cref="BlockerThemes"/>).
/// </summary>
public sealed record CoachingTheme(string Id, string Kind, IReadOnlyList<string> Tracks, LocalizedText Label, LocalizedWords? BlockerWords = null);

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

    public CoachingProgramme(string version, IReadOnlyList<CoachingTheme> themes, IReadOnlyList<CoachingPrompt> prompts, LocalizedWords? noBlocker = null)
    {
        Version = version;
        NoBlocker = noBlocker ?? LocalizedWords.None;
        Themes = themes;
        Prompts = prompts;
        _byId = prompts.ToDictionary(p => p.Id, StringComparer.Ordinal);
        _themes = themes.ToDictionary(t => t.Id, StringComparer.Ordinal);
    }

    public string Version { get; }
    public IReadOnlyList<CoachingTheme> Themes { get; }

    /// <summary>What a rep writes when there is no blocker ("RAS", "nothing", "-"): never given a theme.</summary>
    public LocalizedWords NoBlocker { get; }

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
    public const string ConfidenceLow = "confidence-low-2w";

    /// <summary>The rep's last check-in named a blocker of a theme (<see cref="SelectionReason.Name"/> quotes it): a prompt of that theme.</summary>
    public const string Blocker = "blocker-theme";

    /// <summary>Confidence at most this, two weeks running, brings a <see cref="ConfidenceLow"/> prompt.</summary>
    public const int LowConfidence = 2;

    /// <summary>
    /// Every trigger, in the order they are tried: the person's own figures first, then a rep of theirs in difficulty,
    /// then the welcome weeks. The first one that holds and has an eligible prompt decides.
    /// </summary>
    public static IReadOnlyList<string> TriggerPriority { get; } = [PresenceLow, NoVisitsPlanned, RequestDeclined, ConfidenceLow, RepUnderTarget, FirstWeeks];

    public static bool Allows(string track, string trigger) => trigger switch
    {
        PresenceLow or NoVisitsPlanned or RequestDeclined or ConfidenceLow => track == Rep,
        RepUnderTarget => track == Director,
        FirstWeeks => All.Contains(track),
        _ => false,
    };
}
