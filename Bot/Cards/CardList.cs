using CoachBot.Localization;

namespace CoachBot.Cards;

/// <summary>
/// How a long list goes on a card, the same on every card: the newest entries up to a bound, and a sentence saying how
/// many are left out ("… and 3 more not shown.", in the person's language and plural form). Teams refuses a message
/// over about 28 KB (<see cref="TeamsMessageSize"/>), so no card lists everything; the whole list is in the Dashboard or
/// the CSV export.
/// </summary>
public static class CardList
{
    /// <summary>The first <paramref name="max"/> of <paramref name="newestFirst"/> (already in newest-first order), and how many are left out.</summary>
    public static (IReadOnlyList<T> Shown, int LeftOut) Newest<T>(IReadOnlyList<T> newestFirst, int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        return newestFirst.Count <= max ? (newestFirst, 0) : (newestFirst.Take(max).ToList(), newestFirst.Count - max);
    }

    /// <summary>"… and N more not shown." for <paramref name="leftOut"/> entries, or null when nothing was left out.</summary>
    public static string? More(Texts texts, string language, int leftOut) =>
        leftOut <= 0 ? null : texts.Plural(language, "list_and_more", leftOut);
}
