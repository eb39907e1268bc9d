using System.ComponentModel.DataAnnotations;

namespace CoachBot.CheckIns;

/// <summary>
/// The weekly check-in's schedule, in each region's local time: the card goes out on <see cref="SendDay"/> at
/// <see cref="SendTime"/> of the week it asks about; the reminder and the cut-off are the first
/// <see cref="ReminderDay"/>/<see cref="CutOffDay"/> at their time after that send (by default the following Monday 09:00
/// and Wednesday 18:00).
/// </summary>
public sealed class CheckInOptions
{
    public const string Section = "CheckIns";

    [EnumDataType(typeof(DayOfWeek))]
    public DayOfWeek SendDay { get; set; } = DayOfWeek.Friday;

    public TimeOnly SendTime { get; set; } = new(15, 0);

    [EnumDataType(typeof(DayOfWeek))]
    public DayOfWeek ReminderDay { get; set; } = DayOfWeek.Monday;

    public TimeOnly ReminderTime { get; set; } = new(9, 0);

    [EnumDataType(typeof(DayOfWeek))]
    public DayOfWeek CutOffDay { get; set; } = DayOfWeek.Wednesday;

    public TimeOnly CutOffTime { get; set; } = new(18, 0);

    /// <summary>The team's presence-rate target (field days ÷ working days), between 0 and 1.</summary>
    [Range(0.01, 1.0, ErrorMessage = "CheckIns:PresenceTarget must be between 0.01 and 1 (0.40 is 40 %).")]
    public double PresenceTarget { get; set; } = 0.40;

    /// <summary>How long after the send the reminder goes out (wall-clock, within the week after the send).</summary>
    public TimeSpan ReminderDelay => Delay(SendDay, SendTime, ReminderDay, ReminderTime);

    /// <summary>How long after the send answers are accepted (wall-clock, within the week after the send).</summary>
    public TimeSpan CutOffDelay => Delay(SendDay, SendTime, CutOffDay, CutOffTime);

    /// <summary>From one weekly day and time to the first later one: more than zero, at most 7 days.</summary>
    private static TimeSpan Delay(DayOfWeek fromDay, TimeOnly fromTime, DayOfWeek toDay, TimeOnly toTime)
    {
        var delay = TimeSpan.FromDays(((int)toDay - (int)fromDay + 7) % 7) + (toTime.ToTimeSpan() - fromTime.ToTimeSpan());
        return delay <= TimeSpan.Zero ? delay + TimeSpan.FromDays(7) : delay;
    }
}
