using System.Diagnostics;
using CoachBot.Roster;
using Microsoft.Extensions.Options;

namespace CoachBot.SupportRequests.Escalation;

/// <summary>
/// Counts business hours (<c>Escalation:BusinessHours</c>) in a time zone: when a number of them will have elapsed
/// after an instant, and how many elapsed between two instants. The working day is local wall-clock time, so 09:00
/// is 09:00 in the zone whatever its offset that day. A business hour is a real hour inside a working day: on the
/// night the clocks change, a 00:00–24:00 day holds 23 or 25 of them.
/// </summary>
public sealed class BusinessHours
{
    private readonly TimeSpan _start;
    private readonly TimeSpan _end;
    private readonly IReadOnlySet<DayOfWeek> _days;
    private readonly TimeZoneInfo _defaultZone;
    private readonly Organization _organization;

    public BusinessHours(IOptions<EscalationOptions> options, Organization organization)
    {
        var o = options.Value;
        _start = o.BusinessHours.StartOfDay ?? throw new ArgumentException("Escalation:BusinessHours:Start is not valid.", nameof(options));
        _end = o.BusinessHours.EndOfDay ?? throw new ArgumentException("Escalation:BusinessHours:End is not valid.", nameof(options));
        _days = o.BusinessHours.WorkingDays;
        if (_end <= _start || _days.Count == 0)
        {
            throw new ArgumentException("Escalation:BusinessHours needs End after Start and at least one day.", nameof(options));
        }
        _defaultZone = TimeZoneInfo.FindSystemTimeZoneById(o.TimeZone);
        _organization = organization;
    }

    /// <summary>
    /// The zone a BU's business hours are counted in: its own <c>TimeZone</c> in the roster when set, else
    /// <c>Escalation:TimeZone</c> (also for a BU no longer on the roster, so an old request still escalates).
    /// </summary>
    public TimeZoneInfo ZoneFor(string businessUnitId) =>
        _organization.BusinessUnits.TryGetValue(businessUnitId, out var unit) && !string.IsNullOrWhiteSpace(unit.TimeZone)
            ? TimeZoneInfo.FindSystemTimeZoneById(unit.TimeZone)
            : _defaultZone;

    /// <summary>
    /// The instant at which <paramref name="hours"/> business hours will have elapsed from <paramref name="start"/>
    /// in <paramref name="zone"/>. Time outside business hours does not count; a count that ends exactly at the close
    /// of a working day is due then, not at the next opening. Zero hours is <paramref name="start"/> itself.
    /// </summary>
    public DateTimeOffset DueAt(DateTimeOffset start, decimal hours, TimeZoneInfo zone)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(hours);
        ArgumentNullException.ThrowIfNull(zone);
        var remaining = TimeSpan.FromTicks((long)decimal.Round(hours * TimeSpan.TicksPerHour));
        if (remaining == TimeSpan.Zero)
        {
            return start;
        }
        // Working days never run out (there is one every week), so this ends; a count past year 9999 throws.
        using var windows = WindowsFrom(start, zone).GetEnumerator();
        while (windows.MoveNext())
        {
            var (opens, closes) = windows.Current;
            var from = opens > start ? opens : start;
            var available = closes - from;
            if (remaining <= available)
            {
                return (from + remaining).ToUniversalTime();
            }
            remaining -= available;
        }
        throw new UnreachableException();
    }

    /// <summary>The business time elapsed between two instants in <paramref name="zone"/>; zero when <paramref name="to"/> is not after <paramref name="from"/>.</summary>
    public TimeSpan ElapsedBetween(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var total = TimeSpan.Zero;
        if (to <= from)
        {
            return total;
        }
        foreach (var (opens, closes) in WindowsFrom(from, zone))
        {
            if (opens >= to)
            {
                break;
            }
            var overlapStart = opens > from ? opens : from;
            var overlapEnd = closes < to ? closes : to;
            total += overlapEnd - overlapStart;
        }
        return total;
    }

    /// <summary>The working days' windows, in order, from the one that is open at or closes after <paramref name="from"/>.</summary>
    private IEnumerable<(DateTimeOffset Opens, DateTimeOffset Closes)> WindowsFrom(DateTimeOffset from, TimeZoneInfo zone)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, zone).DateTime);
        for (; ; day = day.AddDays(1))
        {
            if (!_days.Contains(day.DayOfWeek))
            {
                continue;
            }
            var midnight = day.ToDateTime(TimeOnly.MinValue);
            var opens = FirstInstantAtOrAfter(midnight + _start, zone);
            var closes = FirstInstantAtOrAfter(midnight + _end, zone, lastOccurrence: true);
            if (closes > from)
            {
                yield return (opens, closes);
            }
        }
    }

    /// <summary>
    /// The first instant whose wall-clock time in <paramref name="zone"/> is <paramref name="local"/> or later. A time
    /// the clocks skip (spring forward) is the instant they jump, so a window never gains the missing hour. A time the
    /// clocks repeat (fall back) is its first occurrence for an opening and its second for a closing
    /// (<paramref name="lastOccurrence"/>), so the window holds every instant whose wall-clock time lies within it.
    /// </summary>
    private static DateTimeOffset FirstInstantAtOrAfter(DateTime local, TimeZoneInfo zone, bool lastOccurrence = false)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            // Business hours are whole minutes, and skipped wall-clock times run up to a jump on a whole minute.
            var next = local;
            do
            {
                next = next.AddMinutes(1);
            }
            while (zone.IsInvalidTime(next));
            local = next;
        }
        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            return new DateTimeOffset(local, lastOccurrence ? offsets.Min() : offsets.Max());
        }
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
