using CoachBot.Calendar;
using CoachBot.Roster;
using CoachBot.Scheduling;
using Microsoft.Extensions.Options;

namespace CoachBot.Coaching;

/// <summary>Whose track is which, which time zone each person's prompt goes out in, and the week it is for them.</summary>
public sealed class CoachingCalendar(IOptions<CoachingOptions> options, Organization organization)
{
    public CoachingOptions Options => options.Value;

    /// <summary>
    /// The one track a person follows. Someone with several roles gets the one that weighs most on the export plan's
    /// success: the director's, then a sponsor's, then a BU lead's, then a rep's.
    /// </summary>
    public static string TrackOf(RosterMember member) =>
        member.Has(Role.Director) ? CoachingTracks.Director
        : member.Has(Role.Sponsor) ? CoachingTracks.Sponsor
        : member.Has(Role.BusinessUnitLead) ? CoachingTracks.Lead
        : CoachingTracks.Rep;

    /// <summary>The IANA id of the zone the person's prompt goes out in: the zone they read times in (<see cref="PersonZones"/>).</summary>
    public string ZoneIdOf(RosterMember member) => organization.ZoneIdOf(member);

    /// <summary>Every zone someone's prompt goes out in, each once: one weekly job per zone.</summary>
    public IReadOnlyList<string> Zones => organization.Members.Select(ZoneIdOf).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    public IReadOnlyList<RosterMember> MembersIn(string zoneId) =>
        organization.Members.Where(m => string.Equals(ZoneIdOf(m), zoneId, StringComparison.OrdinalIgnoreCase)).ToList();

    public IsoWeek WeekIn(string zoneId, DateTimeOffset instant) =>
        IsoWeek.Of(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(zoneId)).DateTime));

    public IsoWeek WeekOf(RosterMember member, DateTimeOffset instant) => WeekIn(ZoneIdOf(member), instant);

    /// <summary>The person's wall-clock time at <paramref name="instant"/>, for the card.</summary>
    public DateTime LocalTime(RosterMember member, DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(ZoneIdOf(member))).DateTime;

    /// <summary>Quartz cron for the weekly send (seconds minutes hours day-of-month month day-of-week).</summary>
    public string SendCron => CronJobs.Weekly(Options.SendDay, Options.SendTime);
}
