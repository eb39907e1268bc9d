using CoachBot.Calendar;
using CoachBot.CheckIns;
using CoachBot.Coaching;
using CoachBot.Localization;
using CoachBot.Roster;
using CoachBot.SupportRequests;

namespace CoachBot.Digests;

/// <summary>
/// A win a rep wrote in a check-in: the customer it names (the delivered request's customer when it follows one, else
/// the first customer the rep listed) and the BU it credits, when it is shared (<see cref="WinCredit"/>).
/// </summary>
public sealed record RepWin(
    RosterMember Rep, IsoWeek Week, DateTimeOffset SubmittedAt, string Text, string Customer, bool Shared,
    string? CreditedBusinessUnit, string? RequestReference);

/// <summary>A blocker a rep wrote, with the theme it speaks of (null: none the programme knows).</summary>
public sealed record RepBlocker(RosterMember Rep, IsoWeek Week, DateTimeOffset SubmittedAt, string Text, string? Theme);

/// <summary>The last answered weeks of a rep as <c>brief</c> shows them, newest first, and whether confidence dropped.</summary>
public sealed record RepVoice(IReadOnlyList<WeeklyCheckIn> Weeks, ConfidenceDrop? Drop);

/// <summary>Why <c>brief</c> flags a rep's confidence: down by two or more since the week before, or at most two two weeks running.</summary>
public sealed record ConfidenceDrop(int Earlier, int Latest, bool LowTwoWeeks);

/// <summary>
/// What reps wrote, as the digests, <c>brief</c>, the thanks cards, the monthly export card and the Dashboard read it:
/// plain records in, plain records out.
/// </summary>
public static class RepVoices
{
    /// <summary>How far back a delivered request makes a win of the same customer the BU's.</summary>
    public static readonly TimeSpan CreditWindow = TimeSpan.FromDays(12 * 7);

    /// <summary>The weeks <c>brief</c> shows.</summary>
    public const int BriefWeeks = 4;

    /// <summary>The wins of the weeks kept by <paramref name="inWeeks"/>, newest first, each with its credit.</summary>
    public static IReadOnlyList<RepWin> Wins(IEnumerable<RepHistory> reps, Func<IsoWeek, bool> inWeeks, IReadOnlyList<SupportRequestSnapshot> requests) =>
        reps.SelectMany(r => r.Weeks.Where(w => w.CheckIn is { Answer.Win.Length: > 0 } && inWeeks(w.Week)).Select(w => Win(r.Rep, w.CheckIn!, requests)))
            .OrderByDescending(w => w.Week).ThenByDescending(w => w.SubmittedAt).ThenBy(w => w.Rep.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>The blockers of the weeks kept by <paramref name="inWeeks"/> (not those saying there is none), newest first, each with its theme.</summary>
    public static IReadOnlyList<RepBlocker> Blockers(IEnumerable<RepHistory> reps, Func<IsoWeek, bool> inWeeks, IBlockerThemes themes) =>
        reps.SelectMany(r => r.Weeks.Where(w => w.CheckIn is { } c && inWeeks(w.Week) && !themes.IsNone(c.Answer.Blocker))
                .Select(w => new RepBlocker(r.Rep, w.Week, w.CheckIn!.SubmittedAt, w.CheckIn.Answer.Blocker, themes.ThemeOf(w.CheckIn.Answer.Blocker))))
            .OrderByDescending(b => b.Week).ThenByDescending(b => b.SubmittedAt).ThenBy(b => b.Rep.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>A rep's win with its credit: see <see cref="WinCredit"/>.</summary>
    public static RepWin Win(RosterMember rep, WeeklyCheckIn checkIn, IReadOnlyList<SupportRequestSnapshot> requests)
    {
        var answer = checkIn.Answer;
        var request = answer.ShareWin ? WinCredit.FollowedRequest(rep.Id, checkIn, requests) : null;
        var customer = request?.Customer ?? FirstCustomer(answer.Customers);
        var unit = !answer.ShareWin ? null : answer.WinBusinessUnit ?? request?.BusinessUnitId;
        return new RepWin(rep, checkIn.Week, checkIn.SubmittedAt, answer.Win, customer, answer.ShareWin, unit,
            unit is not null && request is not null && string.Equals(request.BusinessUnitId, unit, StringComparison.OrdinalIgnoreCase) ? request.Reference : null);
    }

    /// <summary>The last <see cref="BriefWeeks"/> answered weeks, newest first, and the confidence drop among them.</summary>
    public static RepVoice Voice(IEnumerable<WeeklyCheckIn> answered)
    {
        var weeks = answered.OrderByDescending(c => c.Week).Take(BriefWeeks).ToList();
        ConfidenceDrop? drop = null;
        if (weeks.Count >= 2)
        {
            var (latest, earlier) = (weeks[0].Answer.Confidence, weeks[1].Answer.Confidence);
            var lowTwice = latest <= CoachingTracks.LowConfidence && earlier <= CoachingTracks.LowConfidence;
            if (earlier - latest >= 2 || lowTwice)
            {
                drop = new ConfidenceDrop(earlier, latest, lowTwice);
            }
        }
        return new RepVoice(weeks, drop);
    }

    /// <summary>The first customer of "Customers / countries visited" (<c>OCP (Maroc), Sonatrach</c> → <c>OCP (Maroc)</c>).</summary>
    public static string FirstCustomer(string customers) =>
        customers.Split([',', ';', '/', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";

    /// <summary>Text cut at a word to at most <paramref name="max"/> characters, with "…" when cut.</summary>
    public static string Cut(string text, int max)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (flat.Length <= max)
        {
            return flat;
        }
        var cut = flat.LastIndexOf(' ', max - 1);
        return flat[..(cut > max / 2 ? cut : max - 1)].TrimEnd(',', ';', ':', '.', ' ') + "…";
    }
}

/// <summary>
/// Which BU a shared win credits: the one the rep named on the card, else the BU of a support request of theirs that BU
/// delivered for the same customer in the <see cref="RepVoices.CreditWindow"/> before the win (the latest such delivery).
/// The customer matches when the request's customer, folded (no case, no accents), is among the words the rep wrote in
/// "customers visited" or in the win itself.
/// </summary>
public static class WinCredit
{
    public static SupportRequestSnapshot? FollowedRequest(string repId, WeeklyCheckIn checkIn, IReadOnlyList<SupportRequestSnapshot> requests)
    {
        var written = $" {Words(checkIn.Answer.Customers)} {Words(checkIn.Answer.Win)} ";
        var at = checkIn.SubmittedAt;
        return requests
            .Where(r => r.RepMemberId == repId && r.DeliveredAt is { } delivered && delivered <= at && delivered >= at - RepVoices.CreditWindow
                && Words(r.Customer) is { Length: > 0 } customer && written.Contains($" {customer} ", StringComparison.Ordinal)
                && (checkIn.Answer.WinBusinessUnit is null || string.Equals(r.BusinessUnitId, checkIn.Answer.WinBusinessUnit, StringComparison.OrdinalIgnoreCase)))
            .MaxBy(r => r.DeliveredAt);
    }

    /// <summary>Folded words separated by single spaces, punctuation dropped: « Société Chérifienne (OCP) » → <c>societe cherifienne ocp</c>.</summary>
    public static string Words(string text) => string.Join(' ', BlockerWords.Tokens(text).Select(t => t.Trim('*')).Where(t => t.Length > 0));
}
