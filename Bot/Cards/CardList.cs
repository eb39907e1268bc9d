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
    /// <summary>The most a card may weigh, leaving room for the activity around it under <see cref="Teams.MessageSize.MaxBytes"/>.</summary>
    public const int CardBudget = 26_000;

    private static readonly System.Text.Json.JsonSerializerOptions AsSent = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The card's size as it goes out (UTF-8 JSON, characters written as they are, as the SDK writes them).</summary>
    public static int Bytes(System.Text.Json.Nodes.JsonObject card) => System.Text.Encoding.UTF8.GetByteCount(card.ToJsonString(AsSent));

    /// <summary>
    /// Builds a card listing up to <paramref name="max"/> entries, and again with fewer while it weighs more than
    /// <see cref="CardBudget"/>: for cards whose entries each carry buttons, where only the whole card can be measured.
    /// </summary>
    public static System.Text.Json.Nodes.JsonObject Fit(int max, Func<int, System.Text.Json.Nodes.JsonObject> build)
    {
        var shown = max;
        var card = build(shown);
        for (var size = Bytes(card); size > CardBudget && shown > 1; size = Bytes(card))
        {
            shown = Math.Max(1, Math.Min(shown - 1, (int)(shown * (double)CardBudget / size * 0.95)));
            card = build(shown);
        }
        return card;
    }

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
    public static (IReadOnlyList<string> Shown, int LeftOut) Newest(IReadOnlyList<string> newestFirst, int max, int maxBytes) =>
        Newest(newestFirst, max, maxBytes, line => line);

    /// <summary>The same, for entries whose shown text is <paramref name="text"/>.</summary>
    public static (IReadOnlyList<T> Shown, int LeftOut) Newest<T>(IReadOnlyList<T> newestFirst, int max, int maxBytes, Func<T, string> text)
    {
        var shown = new List<T>();
        var bytes = 0;
        foreach (var entry in newestFirst)
        {
            bytes += System.Text.Encoding.UTF8.GetByteCount(text(entry));
            if (shown.Count == max || (shown.Count > 0 && bytes > maxBytes))
            {
                break;
            }
            shown.Add(entry);
        }
        return (shown, newestFirst.Count - shown.Count);
    }

    /// <summary>"… and N more not shown." for <paramref name="leftOut"/> entries, or null when nothing was left out.</summary>
    public static string? More(Texts texts, string language, int leftOut) =>
        leftOut <= 0 ? null : texts.Plural(language, "list_and_more", leftOut);
}
