using System.Globalization;
using System.Text.RegularExpressions;

namespace CoachBot.CheckIns;

/// <summary>
/// The date typed after <c>away until</c> / <c>absent(e) jusqu’au</c>: <c>2026-12-24</c>, <c>24/12/2026</c> or
/// <c>24/12</c> (day first, as both languages of the bot write it; without a year, the 24 December nearest to today).
/// </summary>
public static partial class AwayDate
{
    public static bool TryParse(string argument, DateOnly today, out DateOnly date)
    {
        date = default;
        var match = Argument().Match(argument.Trim());
        if (!match.Success)
        {
            return false;
        }
        var text = match.Groups["date"].Value;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return true;
        }
        var dayMonth = DayMonth().Match(text);
        if (!dayMonth.Success)
        {
            return false;
        }
        var day = int.Parse(dayMonth.Groups["day"].Value, CultureInfo.InvariantCulture);
        var month = int.Parse(dayMonth.Groups["month"].Value, CultureInfo.InvariantCulture);
        if (dayMonth.Groups["year"].Success)
        {
            return TryDate(int.Parse(dayMonth.Groups["year"].Value, CultureInfo.InvariantCulture), month, day, out date);
        }
        // No year: the year that puts the date nearest to today (24/12 typed in November is this December, 05/01 typed
        // at the end of December next January, 20/11 typed on 27 November has just passed); 29/02 only in a leap year.
        var nearest = Enumerable.Range(today.Year - 1, 3)
            .Select(year => TryDate(year, month, day, out var candidate) ? candidate : (DateOnly?)null)
            .OfType<DateOnly>()
            .OrderBy(candidate => Math.Abs(candidate.DayNumber - today.DayNumber))
            .ToList();
        if (nearest.Count == 0)
        {
            return false;
        }
        date = nearest[0];
        return true;
    }

    private static bool TryDate(int year, int month, int day, out DateOnly date)
    {
        date = default;
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }
        date = new DateOnly(year, month, day);
        return true;
    }

    // "until 2026-12-24", "jusqu'au 24/12" (either apostrophe), or the date alone.
    [GeneratedRegex(@"^(?:(?:until|till|jusqu['’]\s?(?:au|à))\s+)?(?<date>\S+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Argument();

    [GeneratedRegex(@"^(?<day>\d{1,2})/(?<month>\d{1,2})(?:/(?<year>\d{4}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex DayMonth();
}
