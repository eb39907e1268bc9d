using System.Globalization;
using CoachBot.Calendar;
using CoachBot.Features;

namespace CoachBot.CheckIns;

/// <summary>
/// What a rep answers about one week. Text is trimmed; an unchanged answer compares equal. <see cref="ShareWin"/>: the win
/// may reach the BU it credits and the monthly "Export wins" card (the director and the region's sponsor read it
/// either way); <see cref="WinBusinessUnit"/>: the BU the rep says helped, a roster id, or null.
/// </summary>
public sealed record CheckInAnswer(
    int Visits,
    int FieldDays,
    int PlannedVisits,
    string Customers,
    string Win,
    string Blocker,
    int Confidence,
    bool NeedsBuSupport,
    bool ShareWin = true,
    string? WinBusinessUnit = null);

/// <summary>A rep's stored answer for one ISO week, with the working days of that week (holidays removed) it counts against.</summary>
public sealed record WeeklyCheckIn(IsoWeek Week, CheckInAnswer Answer, int WorkingDays, DateTimeOffset SubmittedAt, int Revision)
{
    /// <summary>Field days ÷ working days; null for a week with no working day.</summary>
    public double? PresenceRate => CheckInRules.PresenceRate(Answer.FieldDays, WorkingDays);
}

/// <summary>The validated answer, or the reason for each refused field (keyed by input id). Never both.</summary>
public sealed record CheckInValidation(CheckInAnswer? Answer, IReadOnlyDictionary<string, FieldError> Errors)
{
    public bool IsValid => Answer is not null;
}

/// <summary>The check-in's rules: the fields and their limits, validation, working days and presence rates.</summary>
public static class CheckInRules
{
    public const string Visits = "visits";
    public const string FieldDays = "fieldDays";
    public const string PlannedVisits = "plannedVisits";
    public const string Customers = "customers";
    public const string Win = "win";
    public const string ShareWin = "shareWin";
    public const string WinBusinessUnit = "winBu";
    public const string Blocker = "blocker";
    public const string Confidence = "confidence";
    public const string NeedsBuSupport = "needsBuSupport";

    /// <summary>Every input of the card, by id, in card order.</summary>
    public static IReadOnlyList<string> Fields { get; } = [Visits, FieldDays, PlannedVisits, Customers, Win, ShareWin, WinBusinessUnit, Blocker, Confidence, NeedsBuSupport];

    public const int MaxVisits = 50;
    public const int MaxFieldDays = 5;
    public const int MaxConfidence = 5;
    public const int MaxTextLength = 500;

    /// <summary>
    /// Checks every field of a submitted form (raw strings as the card sends them) against the limits and the week's
    /// working days. Text is trimmed; over-long text is refused rather than cut, so nothing the rep wrote is lost silently.
    /// "Share this win" left out (a card sent before it existed) shares it; the BU that helped must be one of
    /// <paramref name="businessUnits"/> (roster ids, any case), or none.
    /// </summary>
    public static CheckInValidation Validate(IReadOnlyDictionary<string, string?> form, int workingDays, IReadOnlyCollection<string>? businessUnits = null)
    {
        var errors = new Dictionary<string, FieldError>(StringComparer.Ordinal);
        var visits = WholeNumber(form, Visits, 0, MaxVisits, errors);
        var fieldDays = WholeNumber(form, FieldDays, 0, MaxFieldDays, errors);
        if (fieldDays is { } days && days > workingDays)
        {
            errors[FieldDays] = new FieldError("checkin_error_more_than_working_days", workingDays);
        }
        var planned = WholeNumber(form, PlannedVisits, 0, MaxVisits, errors);
        var customers = Text(form, Customers, errors);
        var win = Text(form, Win, errors);
        var blocker = Text(form, Blocker, errors);
        var confidence = WholeNumber(form, Confidence, 1, MaxConfidence, errors);
        var needsSupport = YesNo(form, NeedsBuSupport, errors);
        var share = string.IsNullOrWhiteSpace(form.GetValueOrDefault(ShareWin)) || YesNo(form, ShareWin, errors);
        var unit = form.GetValueOrDefault(WinBusinessUnit)?.Trim();
        string? winUnit = null;
        if (!string.IsNullOrEmpty(unit))
        {
            winUnit = businessUnits?.FirstOrDefault(u => string.Equals(u, unit, StringComparison.OrdinalIgnoreCase));
            if (winUnit is null)
            {
                errors[WinBusinessUnit] = new FieldError("checkin_error_unknown_bu");
            }
        }

        if (errors.Count > 0)
        {
            return new CheckInValidation(null, errors);
        }
        return new CheckInValidation(
            new CheckInAnswer(visits!.Value, fieldDays!.Value, planned!.Value, customers, win, blocker, confidence!.Value, needsSupport, share, winUnit),
            errors);
    }

    /// <summary>Monday to Friday of the week, less the region's holidays.</summary>
    public static IReadOnlyList<DateOnly> WorkingDays(IsoWeek week, IEnumerable<DateOnly> holidays)
    {
        var off = holidays.ToHashSet();
        return Enumerable.Range(0, 5).Select(week.Monday.AddDays).Where(day => !off.Contains(day)).ToList();
    }

    public static double? PresenceRate(int fieldDays, int workingDays) => workingDays <= 0 ? null : (double)fieldDays / workingDays;

    /// <summary>Field days over working days across the given weeks (weeks without working days weigh nothing); null when there are none.</summary>
    public static double? AveragePresence(IEnumerable<WeeklyCheckIn> weeks)
    {
        var list = weeks.ToList();
        return PresenceRate(list.Sum(w => w.Answer.FieldDays), list.Sum(w => w.WorkingDays));
    }

    private static int? WholeNumber(IReadOnlyDictionary<string, string?> form, string field, int min, int max, Dictionary<string, FieldError> errors)
    {
        var raw = form.GetValueOrDefault(field)?.Trim();
        if (string.IsNullOrEmpty(raw))
        {
            errors[field] = new FieldError("checkin_error_required");
            return null;
        }
        // Teams sends Input.Number values as text ("3", sometimes "3.0"); a fraction is not a count of days or visits.
        if (!decimal.TryParse(raw, NumberStyles.Integer | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            || number != decimal.Truncate(number) || number < int.MinValue || number > int.MaxValue)
        {
            errors[field] = new FieldError("checkin_error_whole_number");
            return null;
        }
        var value = (int)number;
        if (value < min || value > max)
        {
            errors[field] = new FieldError("checkin_error_range", min, max);
            return null;
        }
        return value;
    }

    private static string Text(IReadOnlyDictionary<string, string?> form, string field, Dictionary<string, FieldError> errors)
    {
        var text = form.GetValueOrDefault(field)?.Trim() ?? "";
        if (text.Length > MaxTextLength)
        {
            errors[field] = new FieldError("checkin_error_too_long", MaxTextLength, text.Length);
        }
        return text;
    }

    private static bool YesNo(IReadOnlyDictionary<string, string?> form, string field, Dictionary<string, FieldError> errors)
    {
        var raw = form.GetValueOrDefault(field)?.Trim();
        if (string.IsNullOrEmpty(raw) || raw.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        if (raw.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        errors[field] = new FieldError("checkin_error_yes_no");
        return false;
    }
}
