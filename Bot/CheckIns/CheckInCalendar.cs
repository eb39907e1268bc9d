using System.Collections.Concurrent;
using CoachBot.Calendar;
using CoachBot.Roster;
using CoachBot.Scheduling;
using Microsoft.Extensions.Options;

namespace CoachBot.CheckIns;

/// <summary>
/// The check-in's dates in a region's own time zone: when a week's card goes out, its reminder, its cut-off, its working
/// days, and which week is open at a given instant.
/// </summary>
public sealed class CheckInCalendar(IOptions<CheckInOptions> options, Organization organization)
{
    private readonly ConcurrentDictionary<string, TimeZoneInfo> _zones = new(StringComparer.OrdinalIgnoreCase);

    public CheckInOptions Options => options.Value;

    public RegionOptions Region(string regionId) =>
        organization.Regions.TryGetValue(regionId, out var region) ? region : throw new ArgumentException($"No region '{regionId}' on the roster.", nameof(regionId));

    // Cached by zone id, not region: a region's zone may change with the roster.
    public TimeZoneInfo Zone(string regionId) => _zones.GetOrAdd(Region(regionId).TimeZone, TimeZoneInfo.FindSystemTimeZoneById);

    public DateOnly LocalDate(string regionId, DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone(regionId)).DateTime);

    public DateTimeOffset SendAt(string regionId, IsoWeek week) => Instant(regionId, SendLocal(week));

    public DateTimeOffset ReminderAt(string regionId, IsoWeek week) => Instant(regionId, SendLocal(week) + Options.ReminderDelay);

    public DateTimeOffset CutOffAt(string regionId, IsoWeek week) => Instant(regionId, SendLocal(week) + Options.CutOffDelay);

    /// <summary>The cut-off as the region's wall-clock time, for the card.</summary>
    public DateTime CutOffLocal(IsoWeek week) => SendLocal(week) + Options.CutOffDelay;

    public IReadOnlyList<DateOnly> WorkingDays(string regionId, IsoWeek week) => CheckInRules.WorkingDays(week, Region(regionId).Holidays);

    /// <summary>
    /// The week a rep of the region answers at <paramref name="now"/>: last week until its cut-off, then this week
    /// (which may be answered before its card goes out).
    /// </summary>
    public IsoWeek OpenWeek(string regionId, DateTimeOffset now)
    {
        var current = IsoWeek.Of(LocalDate(regionId, now));
        return now < CutOffAt(regionId, current.Previous) ? current.Previous : current;
    }

    public bool IsClosed(string regionId, IsoWeek week, DateTimeOffset now) => now >= CutOffAt(regionId, week);

    /// <summary>Quartz cron for the weekly send (seconds minutes hours day-of-month month day-of-week).</summary>
    public string SendCron => CronJobs.Weekly(Options.SendDay, Options.SendTime);

    public string ReminderCron => CronJobs.Weekly(Options.ReminderDay, Options.ReminderTime);

    private DateTime SendLocal(IsoWeek week) =>
        week.Monday.AddDays(((int)Options.SendDay + 6) % 7).ToDateTime(Options.SendTime);

    /// <summary>
    /// A wall-clock time in the region as an instant. A time skipped by a DST change moves forward by the gap (as Quartz
    /// fires it); a repeated time is the first of the two.
    /// </summary>
    private DateTimeOffset Instant(string regionId, DateTime local)
    {
        var zone = Zone(regionId);
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            var before = zone.GetUtcOffset(local.AddHours(-3));
            var after = zone.GetUtcOffset(local.AddHours(3));
            return new DateTimeOffset(local + (after - before), after);
        }
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}
