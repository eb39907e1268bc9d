using CoachBot.Localization;

namespace CoachBot.Coaching;

// The read side other features (digests, the Dashboard) use to name the theme of a blocker a rep wrote; they depend on
// this contract only, never on the programme's file.

/// <summary>The theme a blocker speaks of, from the words and phrases each rep theme of the programme lists.</summary>
public interface IBlockerThemes
{
    /// <summary>The id of the rep theme <paramref name="blocker"/> matches best; null when it says there is no blocker, or matches none.</summary>
    string? ThemeOf(string? blocker);

    /// <summary>True for an empty blocker or one that says there is none ("RAS", "nothing", "-").</summary>
    bool IsNone(string? blocker);

    /// <summary>The theme's label in <paramref name="language"/> (the id itself for an unknown theme).</summary>
    string Label(string themeId, string language);
}

/// <summary>
/// Gives a blocker the rep theme whose words it holds most. Text and words are compared folded (no case, no accents),
/// word by word, each word reduced to its stem by <see cref="BlockerWords.Stem"/> (plurals, "-ed", "-ing", "-é", "-ement"),
/// so "meetings" finds "meeting" and « planifiés » finds « planifié »; a word ending in <c>*</c> matches every word
/// starting with it. A theme scores the number of the blocker's words its words and phrases cover, so "letter of credit"
/// outweighs a lone "credit" and a word both languages list counts once. The theme with the highest score wins; on a
/// tie, the one listed first in the programme.
/// </summary>
public sealed class BlockerThemes : IBlockerThemes
{
    private readonly CoachingProgramme _programme;
    private readonly List<(string Theme, BlockerWords.Pattern Pattern)> _patterns;
    private readonly HashSet<string> _none;

    public BlockerThemes(CoachingProgramme programme)
    {
        _programme = programme;
        _patterns = programme.Themes
            .Where(t => t.BlockerWords is not null)
            .SelectMany(t => t.BlockerWords!.All.Select(w => (t.Id, BlockerWords.Pattern.Of(w))))
            .Where(p => p.Item2.Tokens.Count > 0)
            .ToList();
        _none = programme.NoBlocker.All.SelectMany(BlockerWords.Tokens).Select(BlockerWords.Stem).ToHashSet(StringComparer.Ordinal);
    }

    public bool IsNone(string? blocker)
    {
        var tokens = BlockerWords.Tokens(blocker ?? "");
        if (tokens.Count == 0)
        {
            return true;
        }
        // Every word is one of the "no blocker" words ("nothing to report", « rien à signaler cette semaine »), or the
        // first clause is ("RAS, bonne semaine"): « Rien de planifié » or « Aucun support de la BU » hold other words and are blockers.
        if (OnlyNoneWords(tokens))
        {
            return true;
        }
        var firstClause = BlockerWords.Tokens((blocker ?? "").Split([',', '.', ';', '!', '–', '—', ':', '(', '\n'], 2)[0]);
        return firstClause.Count > 0 && OnlyNoneWords(firstClause);
    }

    private bool OnlyNoneWords(IReadOnlyList<string> tokens) => tokens.All(t => _none.Contains(BlockerWords.Stem(t)));

    public string? ThemeOf(string? blocker)
    {
        if (IsNone(blocker))
        {
            return null;
        }
        var words = BlockerWords.Tokens(blocker!);
        var stems = words.Select(BlockerWords.Stem).ToList();
        var covered = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        foreach (var (theme, pattern) in _patterns)
        {
            foreach (var start in pattern.Starts(words, stems))
            {
                if (!covered.TryGetValue(theme, out var positions))
                {
                    covered[theme] = positions = [];
                }
                positions.UnionWith(Enumerable.Range(start, pattern.Tokens.Count));
            }
        }
        string? best = null;
        var bestScore = 0;
        foreach (var theme in _programme.Themes)
        {
            if (covered.TryGetValue(theme.Id, out var positions) && positions.Count > bestScore)
            {
                (best, bestScore) = (theme.Id, positions.Count);
            }
        }
        return best;
    }

    public string Label(string themeId, string language) =>
        _programme.Themes.FirstOrDefault(t => t.Id == themeId)?.Label.In(language) is { Length: > 0 } label ? label : themeId;
}

/// <summary>How blockers and the programme's words are cut into words and reduced to stems, the same way on both sides.</summary>
public static class BlockerWords
{
    /// <summary>Folded words: letters and digits, split on everything else (apostrophes and hyphens included: « l’agent », "follow-up").</summary>
    public static IReadOnlyList<string> Tokens(string text)
    {
        var folded = Folding.Fold(text);
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= folded.Length; i++)
        {
            var inWord = i < folded.Length && (char.IsLetterOrDigit(folded[i]) || folded[i] == '*');
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                words.Add(folded[start..i]);
                start = -1;
            }
        }
        return words;
    }

    // Longest first; an ending is removed only when at least MinStem letters remain, so short words stay whole.
    private static readonly string[] Endings = ["ements", "ement", "ations", "ation", "ments", "ment", "ings", "ing", "ees", "ies", "ed", "es", "ee", "e", "s", "x"];
    private const int MinStem = 4;

    /// <summary>
    /// The word without its usual endings, removed up to twice: "meetings" → "meet", "answered" → "answer",
    /// « bloquées » → « bloqu », « planification » → « planific ». Crude on purpose: it runs the same on the text and on
    /// the programme's words, so it only has to agree with itself.
    /// </summary>
    public static string Stem(string word)
    {
        var stem = word;
        for (var pass = 0; pass < 2; pass++)
        {
            var ending = Endings.FirstOrDefault(e => stem.Length - e.Length >= MinStem && stem.EndsWith(e, StringComparison.Ordinal)
                && !(e == "s" && (stem.EndsWith("ss", StringComparison.Ordinal) || stem.EndsWith("us", StringComparison.Ordinal))));
            if (ending is null)
            {
                break;
            }
            stem = stem[..^ending.Length];
        }
        return stem;
    }

    /// <summary>A word or phrase of the programme, as stems; a word ending in <c>*</c> is a prefix.</summary>
    public sealed record Pattern(IReadOnlyList<(string Stem, bool Prefix)> Tokens)
    {
        public static Pattern Of(string phrase) => new(BlockerWords.Tokens(phrase)
            .Select(t => t.EndsWith('*') ? (t.TrimEnd('*'), true) : (Stem(t), false))
            .Where(t => t.Item1.Length > 0)
            .ToList());

        /// <summary>
        /// Where the phrase's words follow each other in the text: a whole word compares stems, a prefix the word as
        /// written (« connaissance* » finds « connaissances », whose stem is shorter than the prefix).
        /// </summary>
        public IEnumerable<int> Starts(IReadOnlyList<string> words, IReadOnlyList<string> stems)
        {
            for (var start = 0; start + Tokens.Count <= stems.Count; start++)
            {
                var all = true;
                for (var i = 0; i < Tokens.Count && all; i++)
                {
                    var (stem, prefix) = Tokens[i];
                    all = prefix ? words[start + i].StartsWith(stem, StringComparison.Ordinal) : stems[start + i] == stem;
                }
                if (all)
                {
                    yield return start;
                }
            }
        }
    }
}
