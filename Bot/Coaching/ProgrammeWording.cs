using System.Text.RegularExpressions;

namespace CoachBot.Coaching;

/// <summary>
/// The wording rules of the programme a machine can check: French typography (non-breaking space before « : ; ? » and
/// inside « », the typographic apostrophe), no exclamation mark, only known placeholders, a question that looks back, no
/// "next week" in a prompt read after the week it meant has started, and figures that come from configuration.
/// </summary>
public static class ProgrammeWording
{
    /// <summary>
    /// A pattern a prompt's or question's text must not hold, in one language or both (null), and what is wrong with
    /// what it found (null: nothing). Only the first match counts, unless <see cref="EveryMatch"/>.
    /// </summary>
    private sealed record TextRule(Regex Pattern, string? Language, Func<string, string?> Problem, bool EveryMatch = false);

    private static readonly TextRule[] TextRules =
    [
        new(new Regex("!"), null, _ => "has an exclamation mark: the programme speaks to adults without raising its voice."),
        new(new Regex(@"\{[^{}]*\}"), null, found => CoachingPlaceholders.All.Contains(found) ? null
            : $"has the placeholder '{found}', which the code does not fill (placeholders: {string.Join(", ", CoachingPlaceholders.All)}).", EveryMatch: true),
        new(new Regex(@"\b(?:two|deux|\d+)\s+(?:days?|jours?)\s+(?:in|out of|sur)\s+(?:five|cinq|5)\b", RegexOptions.IgnoreCase), null,
            found => $"writes the presence target as '{found}': use {CoachingPlaceholders.PresenceTarget}, which comes from CheckIns:PresenceTarget."),
        new(new Regex(@"\b(?:under|below|behind|above|over|on)\s+(?:the\s+)?target\b|\bsous\s+l[’']objectif\b(?!\s+de\s+présence)", RegexOptions.IgnoreCase), null,
            found => $"says '{found}' without naming the target: say the presence target."),
        new(new Regex("'"), Languages.French, _ => "has a straight apostrophe: French uses ’."),
        // A plain space (or none) before : ; ? or after «, or before »: French wants a non-breaking one (U+00A0 or U+202F).
        new(new Regex(@"(?:[^\u00A0\u202F][:;?»])|(?:«[^\u00A0\u202F])"), Languages.French,
            found => $"needs a non-breaking space at '{found.Trim()}' (before : ; ? and inside « »)."),
        new(new Regex(@"\s[:;?]"), Languages.English, found => $"has a space before '{found.Trim()}': English puts none."),
    ];

    private static readonly Regex ForwardQuestion = new(@"\b(?:will you|are you going to|do you plan|do you intend|would you like to)\b", RegexOptions.IgnoreCase);

    private static readonly Regex NextWeek = new(@"\bnext week\b|\bsemaine prochaine\b|\bprochaine semaine\b", RegexOptions.IgnoreCase);

    /// <summary>Adds to <paramref name="problems"/> what the prompt <paramref name="where"/> breaks, each named by field and language.</summary>
    public static void Check(List<string> problems, string where, LocalizedText? prompt, LocalizedText? question, IReadOnlyList<string?>? triggers)
    {
        foreach (var (field, text) in (ReadOnlySpan<(string, LocalizedText?)>)[("prompt", prompt), ("question", question)])
        {
            foreach (var (language, value) in (ReadOnlySpan<(string, string?)>)[(Languages.English, text?.En), (Languages.French, text?.Fr)])
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    continue;
                }
                foreach (var rule in TextRules.Where(r => r.Language is null || r.Language == language))
                {
                    var found = rule.EveryMatch ? rule.Pattern.Matches(value).ToList() : [rule.Pattern.Match(value)];
                    foreach (var problem in found.Where(m => m.Success).Select(m => rule.Problem(m.Value)).OfType<string>())
                    {
                        problems.Add($"{where}: the {field} in '{language}' {problem}");
                    }
                }
            }
        }
        if (question?.En is { } english && ForwardQuestion.Match(english) is { Success: true } forward)
        {
            problems.Add($"{where}: the question in 'en' looks forward ('{forward.Value}'): the question looks back at what happened, the commitment box looks forward.");
        }
        if (triggers?.Contains(CoachingTracks.NoVisitsPlanned) == true)
        {
            foreach (var (language, value) in (ReadOnlySpan<(string, string?)>)[(Languages.English, prompt?.En), (Languages.French, prompt?.Fr)])
            {
                if (value is not null && NextWeek.Match(value) is { Success: true } next)
                {
                    problems.Add($"{where}: the prompt in '{language}' says '{next.Value}', which is untrue when it is read: the check-in's next week has already started.");
                }
            }
        }
    }
}
