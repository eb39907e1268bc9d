using System.Globalization;

namespace CoachBot.SupportRequests.Escalation;

/// <summary>
/// The escalation ladder's thresholds and the business hours they are counted in (section <c>Escalation</c>):
/// a request nobody acknowledges within <see cref="AckWithinBusinessHours"/> goes to the director, and one the director
/// leaves alone for <see cref="DirectorWithinBusinessHours"/> goes to the sponsor. Validated at start by
/// <see cref="EscalationOptionsValidator"/>.
/// </summary>
public sealed class EscalationOptions
{
    public const string Section = "Escalation";

    /// <summary>Business hours the BU leads have to acknowledge a request; decimals allowed (0.01 h = 36 s).</summary>
    public decimal AckWithinBusinessHours { get; set; } = 16m;

    /// <summary>Business hours the director has to act on an escalated request before the sponsor gets it.</summary>
    public decimal DirectorWithinBusinessHours { get; set; } = 8m;

    /// <summary>IANA zone the business hours are counted in, for a BU that sets no <c>TimeZone</c> of its own in the roster.</summary>
    public string TimeZone { get; set; } = "Europe/Paris";

    public BusinessHoursOptions BusinessHours { get; set; } = new();
}

/// <summary>The working day, as wall-clock times in the zone, and the days of the week that have one.</summary>
public sealed class BusinessHoursOptions
{
    /// <summary>All seven days, in English, as configuration writes them.</summary>
    private static readonly string[] DayNames = Enum.GetNames<DayOfWeek>();

    /// <summary><c>HH:mm</c>, from <c>00:00</c> to <c>23:59</c>.</summary>
    public string Start { get; set; } = "09:00";

    /// <summary><c>HH:mm</c>, after <see cref="Start"/>; <c>24:00</c> is the end of the day (<c>00:00</c>–<c>24:00</c> is the whole day).</summary>
    public string End { get; set; } = "18:00";

    /// <summary>
    /// English day names (<c>Monday</c>, …). Null means Monday to Friday: a default list here would have the configured
    /// days appended to it by the configuration binder instead of replacing it.
    /// </summary>
    public List<string>? Days { get; set; }

    /// <summary>The start of the working day since midnight; null when <see cref="Start"/> is not a time of day.</summary>
    public TimeSpan? StartOfDay => ParseTime(Start, allowEndOfDay: false);

    /// <summary>The end of the working day since midnight (24 h for <c>24:00</c>); null when <see cref="End"/> is not a time.</summary>
    public TimeSpan? EndOfDay => ParseTime(End, allowEndOfDay: true);

    /// <summary>The configured days that are known English day names; see <see cref="UnknownDays"/> for the others.</summary>
    public IReadOnlySet<DayOfWeek> WorkingDays =>
        (Days ?? DefaultDays).Select(ParseDay).OfType<DayOfWeek>().ToHashSet();

    /// <summary>The configured day names that are not English day names.</summary>
    public IReadOnlyList<string> UnknownDays => (Days ?? DefaultDays).Where(d => ParseDay(d) is null).ToList();

    private static readonly List<string> DefaultDays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];

    private static DayOfWeek? ParseDay(string? name)
    {
        var match = DayNames.FirstOrDefault(d => string.Equals(d, name?.Trim(), StringComparison.OrdinalIgnoreCase));
        return match is null ? null : Enum.Parse<DayOfWeek>(match);
    }

    private static TimeSpan? ParseTime(string? value, bool allowEndOfDay)
    {
        var text = value?.Trim();
        if (allowEndOfDay && text is "24:00")
        {
            return TimeSpan.FromHours(24);
        }
        return TimeOnly.TryParseExact(text, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time.ToTimeSpan()
            : null;
    }
}
