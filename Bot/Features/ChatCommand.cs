using CoachBot.Localization;
using CoachBot.Roster;

namespace CoachBot.Features;

/// <summary>
/// A chat command: its English and French usage, what it does, and who may use it (null: everyone on the roster).
/// The usage's leading lower-case words are what the user types (<c>away until</c>); what follows is the argument's
/// placeholder (<c>YYYY-MM-DD</c>, <c>en|fr</c>). A command that <paramref name="AnswersEveryone"/> reaches its feature
/// whoever types it (the feature tells the others who may use it); the help card still lists it only for <paramref name="For"/>.
/// </summary>
public sealed record ChatCommand(string English, string French, string DescriptionKey, IReadOnlySet<Role>? For = null, bool AnswersEveryone = false)
{
    public bool IsFor(RosterMember member) => For is null || For.Overlaps(member.Roles);

    /// <summary>True when the command goes to its feature for this member.</summary>
    public bool Accepts(RosterMember member) => AnswersEveryone || IsFor(member);

    /// <summary>
    /// True when <paramref name="text"/> starts with the command's words in either language (case, extra spaces and
    /// typographic apostrophes ignored); <paramref name="argument"/> is the rest. The longer match wins between
    /// commands sharing a first word, so callers try commands by <see cref="Length"/>, longest first.
    /// </summary>
    public bool TryMatch(string text, out string argument)
    {
        var words = Words(text);
        foreach (var usage in (string[])[English, French])
        {
            var literal = Literal(usage);
            if (literal.Length > 0 && words.Length >= literal.Length && literal.Zip(words).All(pair => Same(pair.First, pair.Second)))
            {
                argument = string.Join(' ', Original(text).Skip(literal.Length));
                return true;
            }
        }
        argument = "";
        return false;
    }

    /// <summary>How many words the command takes before its argument (its longest usage).</summary>
    public int Length => Math.Max(Literal(English).Length, Literal(French).Length);

    private static string[] Literal(string usage) =>
        usage.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .TakeWhile(w => !w.Contains('|') && w == w.ToLowerInvariant() && w.Any(char.IsLetter))
            .Select(Normalize)
            .ToArray();

    private static string[] Original(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private static string[] Words(string text) => Original(text).Select(Normalize).ToArray();

    /// <summary>A word of the command and a word typed: equal, or "absent(e)" written « absent » or « absente ».</summary>
    private static bool Same(string literal, string word) =>
        literal == word || (literal.EndsWith("(e)", StringComparison.Ordinal) && (word == literal[..^3] || word == literal[..^3] + "e"));

    // Case and accents never matter: "equipe" is "équipe", "Mes Stats" is "mes stats".
    private static string Normalize(string word) => Folding.Fold(word.Replace('\u2019', '\''));
}
