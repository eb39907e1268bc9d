using CoachBot.Calendar;
using CoachBot.CheckIns;
using CoachBot.Roster;
using CoachBot.SupportRequests;
using Microsoft.Extensions.Options;

namespace CoachBot.Coaching;

/// <summary>
/// The figures the triggers look at, read once per weekly run: the check-ins of the four weeks up to this one and the
/// away periods (one query), and the support requests (one read, when a rep's triggers need them).
/// </summary>
public sealed class CoachingSignals(
    CheckInStore checkIns,
    IOptions<CheckInOptions> checkInOptions,
    Organization organization,
    ISupportRequestHistory requestHistory,
    CoachingCalendar calendar,
    IBlockerThemes blockerThemes,
    TimeProvider clock)
{
    /// <summary>Reads what the triggers of <paramref name="people"/> need for <paramref name="week"/>.</summary>
    public async Task<SignalSnapshot> ReadAsync(IReadOnlyList<RosterMember> people, IsoWeek week, CancellationToken cancellationToken)
    {
        var tracks = people.Select(CoachingCalendar.TrackOf).ToHashSet();
        // The director's trigger looks at every rep; a rep's triggers at their own figures.
        var reps = tracks.Contains(CoachingTracks.Director)
            ? organization.Members.Where(m => m.Has(Role.Rep)).ToList()
            : people.Where(p => CoachingCalendar.TrackOf(p) == CoachingTracks.Rep).ToList();
        // One query over the check-ins of the four weeks (and the away periods), whatever the number of people.
        var team = await checkIns.ListAllAsync(week.Plus(-3), week, cancellationToken);
        var byRep = reps.ToDictionary(rep => rep.Id, rep => (IReadOnlyDictionary<IsoWeek, WeeklyCheckIn>)team.Of(rep.Id).ToDictionary(c => c.Week), StringComparer.Ordinal);
        var away = people.Where(p => p.Has(Role.Rep) && team.AwayOf(p.Id) is { } period && period.Covers(DateOnly.FromDateTime(calendar.LocalTime(p, clock.GetUtcNow()))))
            .Select(p => p.Id)
            .ToHashSet(StringComparer.Ordinal);
        IReadOnlyList<SupportRequestSnapshot> requests = [];
        if (tracks.Contains(CoachingTracks.Rep))
        {
            requests = await requestHistory.ListAllAsync(cancellationToken);
        }
        return new SignalSnapshot(week, clock.GetUtcNow(), checkInOptions.Value.PresenceTarget, reps, byRep, requests, organization, calendar, away, blockerThemes);
    }
}

/// <summary>The figures of one weekly run, and the triggers that hold for each person.</summary>
public sealed class SignalSnapshot(
    IsoWeek week,
    DateTimeOffset now,
    double target,
    IReadOnlyList<RosterMember> reps,
    IReadOnlyDictionary<string, IReadOnlyDictionary<IsoWeek, WeeklyCheckIn>> checkIns,
    IReadOnlyList<SupportRequestSnapshot> requests,
    Organization organization,
    CoachingCalendar calendar,
    IReadOnlySet<string> away,
    IBlockerThemes blockerThemes)
{
    public static readonly TimeSpan DeclineWindow = TimeSpan.FromDays(14);

    /// <summary>The longest part of a blocker a card quotes; a longer one is cut at a word and ends with "…".</summary>
    public const int MaxQuote = 140;

    /// <summary>True for a rep who said they are away (<c>away until …</c>) on the day the prompts go out: they get none that week.</summary>
    public bool IsAway(RosterMember member) => away.Contains(member.Id);

    /// <summary>The triggers that hold for <paramref name="member"/> on <paramref name="track"/>, given their earlier records.</summary>
    public IReadOnlyDictionary<string, SelectionReason> TriggersFor(RosterMember member, string track, IReadOnlyList<CoachingRecord> history)
    {
        var found = new Dictionary<string, SelectionReason>(StringComparer.Ordinal);
        if (track == CoachingTracks.Rep)
        {
            var weeks = checkIns.GetValueOrDefault(member.Id) ?? new Dictionary<IsoWeek, WeeklyCheckIn>();
            // Last week and the week before, both answered and both under target (a week not answered proves nothing).
            if (Rate(weeks, week.Plus(-1)) is { } last && Rate(weeks, week.Plus(-2)) is { } earlier && last < target && earlier < target)
            {
                found[CoachingTracks.PresenceLow] = new SelectionReason(CoachingTracks.PresenceLow, LastRate: last, EarlierRate: earlier, Target: target);
            }
            // The latest check-in (this week's if answered early, else last week's) planned no visit.
            var latest = new[] { week, week.Plus(-1) }.Select(w => weeks.GetValueOrDefault(w)).FirstOrDefault(c => c is not null);
            if (latest is { Answer.PlannedVisits: 0 })
            {
                found[CoachingTracks.NoVisitsPlanned] = new SelectionReason(CoachingTracks.NoVisitsPlanned, Number: latest.Week.Week);
            }
            // Confidence in the deals ahead at most 2 (of 5) last week and the week before.
            if (weeks.GetValueOrDefault(week.Plus(-1)) is { Answer.Confidence: <= CoachingTracks.LowConfidence } lastConfident
                && weeks.GetValueOrDefault(week.Plus(-2)) is { Answer.Confidence: <= CoachingTracks.LowConfidence } earlierConfident)
            {
                found[CoachingTracks.ConfidenceLow] = new SelectionReason(CoachingTracks.ConfidenceLow,
                    Number: lastConfident.Answer.Confidence, EarlierNumber: earlierConfident.Answer.Confidence);
            }
            // Last week's blocker, when it speaks of a theme: the card quotes it.
            if (weeks.GetValueOrDefault(week.Plus(-1)) is { } lastWeek && blockerThemes.ThemeOf(lastWeek.Answer.Blocker) is { } theme)
            {
                found[CoachingTracks.Blocker] = new SelectionReason(CoachingTracks.Blocker, Name: Quote(lastWeek.Answer.Blocker), Number: lastWeek.Week.Week, Theme: theme);
            }
            var declined = requests
                .Where(r => r.RepMemberId == member.Id)
                .Select(r => (Request: r, At: DeclinedAt(r)))
                .Where(d => d.At is { } at && at > now - DeclineWindow && at <= now)
                .OrderByDescending(d => d.At)
                .FirstOrDefault();
            if (declined.Request is not null)
            {
                var unit = organization.BusinessUnits.TryGetValue(declined.Request.BusinessUnitId, out var bu) && bu.Name.Length > 0 ? bu.Name : declined.Request.BusinessUnitId;
                var day = DateOnly.FromDateTime(calendar.LocalTime(member, declined.At!.Value));
                found[CoachingTracks.RequestDeclined] = new SelectionReason(CoachingTracks.RequestDeclined, Date: day, Name: unit);
            }
        }
        if (track == CoachingTracks.Director)
        {
            var under = reps
                .Where(rep => checkIns.TryGetValue(rep.Id, out var weeks)
                    && Enumerable.Range(1, 3).All(back => Rate(weeks, week.Plus(-back)) is { } rate && rate < target))
                .Select(rep => rep.Name)
                .Order(StringComparer.Ordinal)
                .ToList();
            if (under.Count > 0)
            {
                found[CoachingTracks.RepUnderTarget] = new SelectionReason(CoachingTracks.RepUnderTarget, Target: target, Name: string.Join(", ", under), Number: under.Count);
            }
        }
        var first = history.Count > 0 ? history.Min(r => r.Week) : week;
        var weekOfProgramme = (week.Monday.DayNumber - first.Monday.DayNumber) / 7 + 1;
        if (weekOfProgramme <= 4)
        {
            found[CoachingTracks.FirstWeeks] = new SelectionReason(CoachingTracks.FirstWeeks, Number: weekOfProgramme);
        }
        return found;
    }

    /// <summary>The blocker as the card quotes it: whole when short, else cut at the last space before <see cref="MaxQuote"/> with "…".</summary>
    public static string Quote(string blocker)
    {
        var text = string.Join(' ', blocker.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length <= MaxQuote)
        {
            return text;
        }
        var cut = text.LastIndexOf(' ', MaxQuote - 1);
        return text[..(cut > MaxQuote / 2 ? cut : MaxQuote - 1)].TrimEnd(',', ';', ':', '.', ' ') + "…";
    }

    private static double? Rate(IReadOnlyDictionary<IsoWeek, WeeklyCheckIn> weeks, IsoWeek week) => weeks.GetValueOrDefault(week)?.PresenceRate;

    /// <summary>When the request was last declined: its own date, else the trail's last decline.</summary>
    private static DateTimeOffset? DeclinedAt(SupportRequestSnapshot request) =>
        request.DeclinedAt ?? request.Trail.Where(t => t.Action == RequestAction.Declined).Select(t => (DateTimeOffset?)t.At).LastOrDefault();
}
