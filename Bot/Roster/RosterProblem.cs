using CoachBot.Localization;

namespace CoachBot.Roster;

/// <summary>
/// A problem the roster's validation found: the roster string that says it (<c>roster_invalid_*</c>) with its arguments,
/// and the sentence in English (the start-up log, the admin routes' 422). A validator without keys gives a null key:
/// its English sentence is shown as it is.
/// </summary>
public sealed record RosterProblem(string? Key, IReadOnlyList<object?> Args, string English)
{
    public string In(Texts texts, string language) => Key is null ? English : texts.Format(language, Key, [.. Args]);
}
