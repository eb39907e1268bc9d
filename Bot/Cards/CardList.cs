using CoachBot.Localization;

namespace CoachBot.Cards;

/// <summary>
/// How a long list goes on a card, the same on every card: the newest entries up to a bound, and a sentence saying how
/// many are left out ("… and 3 more not shown.", in the person's language and plural form). Teams refuses a message
/// over about 28 KB (<see cref="Teams.MessageSize"/>), so no card lists everything; the whole list is in the Dashboard or
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

    /// <summary>
    /// Lines of <paramref name="newestFirst"/> up to <paramref name="max"/> of them and <paramref name="maxBytes"/> of UTF-8
    /// text in all (the first line always), for lists whose entries can be long (comments): a count alone would not bound the card.
    /// </summary>
    public static (IReadOnlyList<string> Shown, int LeftOut) Newest(IReadOnlyList<string> newestFirst, int max, int maxBytes)
    {
        var shown = new List<string>();
        var bytes = 0;
        foreach (var line in newestFirst)
        {
            bytes += System.Text.Encoding.UTF8.GetByteCount(line);
            if (shown.Count == max || (shown.Count > 0 && bytes > maxBytes))
            {
                break;
            }
            shown.Add(line);
        }
        return (shown, newestFirst.Count - shown.Count);
    }

    /// <summary>"… and N more not shown." for <paramref name="leftOut"/> entries, or null when nothing was left out.</summary>
    public static string? More(Texts texts, string language, int leftOut) =>
        leftOut <= 0 ? null : texts.Plural(language, "list_and_more", leftOut);
}
