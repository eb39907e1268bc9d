using CoachBot.Calendar;
using CoachBot.CheckIns;
using CoachBot.Coaching;
using CoachBot.Roster;
using CoachBot.SupportRequests;

namespace CoachBot.Digests;

/// <summary>
/// One rep's week as the digest sees it: the working days of their region that week (0 for a week of holidays), whether
/// they were away when the week's card went out, and their answer if any.
/// </summary>
public sealed record RepWeek(IsoWeek Week, int WorkingDays, bool Away, WeeklyCheckIn? CheckIn, bool Former = false)
{
    /// <summary>
    /// A week expects an answer when the region worked that week and the rep was not away when its card went out (the
    /// check-in campaign skips both). An answer given anyway always counts, so answered never exceeds expected. Of a rep
    /// who left, only the weeks they answered count: the roster does not say since when they were on it (someone added
    /// and removed the same day was never sent a card), and a digest must not expect more answers than its reps give.
    /// </summary>
    public bool Expected => CheckIn is not null || (!Former && WorkingDays > 0 && !Away);

    public double? Presence => CheckIn?.PresenceRate;
}

/// <summary>A rep and their weeks, oldest first; a former member's stop with the week they left.</summary>
public sealed record RepHistory(RosterMember Rep, IReadOnlyList<RepWeek> Weeks, bool Former = false)
{
    public RepWeek? Week(IsoWeek week) => Weeks.FirstOrDefault(w => w.Week == week);
}

/// <summary>
/// What the figures are computed from, read once per run: the reps in scope with their weeks, the support requests in
/// scope and the coaching entries in scope.
/// </summary>
public sealed record DigestInput(
    IsoWeek Week,
    DateTimeOffset Now,
    TimeZoneInfo Zone,
    double Target,
    IReadOnlyList<RepHistory> Reps,
    IReadOnlyList<SupportRequestSnapshot> Requests,
    CoachingFacts Coaching);

/// <summary>The coaching entries in scope and the programme's length per track.</summary>
public sealed record CoachingFacts(IReadOnlyList<CoachingEntry> Entries, Func<string, int> TrackLength)
{
    /// <summary>No coaching in scope: for figures that read only the requests.</summary>
    public static CoachingFacts None { get; } = new([], _ => 0);
}

public sealed record WeekPresence(IsoWeek Week, double? Rate, int Answered, int Expected)
{
    /// <summary>Answered ÷ expected; null when nobody was expected (a week of holidays everywhere).</summary>
    public double? ResponseRate => Expected == 0 ? null : (double)Answered / Expected;
}

/// <summary>A rep the digest points at: this week's presence and, for the early warning, the projection for next week.</summary>
public sealed record RepAlert(RosterMember Rep, double ThisWeek, double? Projected);

public sealed record OpenRequests(string BusinessUnitId, int Count, int OldestDays, IReadOnlyList<int> AgesDays);

public sealed record AcknowledgeTime(string BusinessUnitId, double MedianHours, int Count);

/// <summary>
/// Escalations: raised during the week reported; of those raised in the 8 weeks, how many are still unanswered at the
/// director's or the sponsor's level and how many were answered since (acknowledged, declined, delivered, closed, withdrawn).
/// </summary>
public sealed record EscalationFigures(int RaisedThisWeek, int WaitingOnDirector, int WaitingOnSponsor, int Resolved)
{
    public bool Any => RaisedThisWeek + WaitingOnDirector + WaitingOnSponsor + Resolved > 0;
}

public sealed record ObjectionCount(ObjectionCategory Category, int Count);

/// <summary>
/// A coaching track: prompts done of prompts sent, the people it reached, and their average progress through the
/// programme (distinct prompts done ÷ the track's length).
/// </summary>
public sealed record TrackCompletion(string Track, int Done, int Sent, int People, int Length, double? Progress);

/// <summary>
/// The days a request or coaching figure covers, as dates in the reader's zone: the weeks × 7 days ending today, today
/// included (what was acknowledged, declined or escalated an hour ago is in). The one rule of the digests, <c>team</c>
/// and the Dashboard; presence is by the weeks the check-ins answer instead.
/// </summary>
public sealed record DigestPeriod(DateOnly From, DateOnly To)
{
    public static DigestPeriod EndingToday(DateTimeOffset now, TimeZoneInfo zone, int weeks)
    {
        var today = DigestFigures.LocalDate(now, zone);
        return new DigestPeriod(today.AddDays(1 - 7 * weeks), today);
    }

    public bool Contains(DateOnly day) => day >= From && day <= To;

    /// <summary>The last 7 days of the period, today included ("this week" of the escalations).</summary>
    public DigestPeriod LastSevenDays => new(To.AddDays(-6) > From ? To.AddDays(-6) : From, To);
}

public sealed record RequestFigures(
    IReadOnlyList<OpenRequests> OpenByBusinessUnit,
    IReadOnlyList<AcknowledgeTime> AcknowledgeByBusinessUnit,
    EscalationFigures Escalations,
    IReadOnlyList<ObjectionCount> Objections,
    int InWindow,
    DigestPeriod Period)
{
    public int OpenCount => OpenByBusinessUnit.Sum(b => b.Count);
}

/// <summary>
/// Everything a director's or sponsor's digest shows: presence for the 8 weeks ending with <see cref="Week"/>, requests
/// and coaching over <see cref="RequestFigures.Period"/> (8 weeks to today). <see cref="FormerReps"/> counts the reps who
/// left and whose answers are in the figures.
/// </summary>
public sealed record TeamFigures(
    IsoWeek Week,
    int Reps,
    double Target,
    IReadOnlyList<WeekPresence> Presence,
    IReadOnlyList<RepAlert> UnderTargetTwoWeeks,
    IReadOnlyList<RepAlert> EarlyWarnings,
    RequestFigures Requests,
    IReadOnlyList<TrackCompletion> Coaching,
    IReadOnlyList<RepWin>? Wins = null,
    IReadOnlyList<RepBlocker>? Blockers = null,
    int FormerReps = 0)
{
    public WeekPresence ThisWeek => Presence[^1];

    /// <summary>True when no rep answered any of the 8 weeks: the card says so instead of drawing zeros.</summary>
    public bool NoCheckIns => Presence.All(p => p.Answered == 0);
}

/// <summary>A BU's progress against its international objective: delivered deal sizes this year in the objective's currency.</summary>
public sealed record ObjectiveProgress(decimal Objective, string Currency, decimal Delivered, int DeliveredCount, int OtherCurrencyCount)
{
    public double? Share => Objective <= 0 ? null : (double)(Delivered / Objective);
}

/// <summary>One line of the <c>team</c> table.</summary>
public sealed record TeamRow(RosterMember Rep, IsoWeek Week, RepWeek? ThisWeek, int OpenRequests, int CoachingDone, int CoachingLength);

/// <summary>
/// The digests' figures: plain records in, plain records out, no storage and no cards. Every figure is defined here.
/// </summary>
public static class DigestFigures
{
    public const int Weeks = 8;

    /// <summary>Requests still waiting for the BU's work: opened, or acknowledged and not yet delivered.</summary>
    public static bool IsOpen(SupportRequestSnapshot request) => request.State is RequestState.Open or RequestState.Acknowledged;

    public static TeamFigures Team(DigestInput input, Func<SupportRequestSnapshot, double> hoursToAcknowledge)
    {
        var weeks = Enumerable.Range(0, Weeks).Select(i => input.Week.Plus(i - (Weeks - 1))).ToList();
        var presence = weeks.Select(week => PresenceOf(input.Reps, week)).ToList();
        var requests = Requests(input.Requests, input, hoursToAcknowledge);
        return new TeamFigures(
            input.Week,
            input.Reps.Count(r => !r.Former),
            input.Target,
            presence,
            UnderTargetTwoWeeksRunning(input.Reps, input.Week, input.Target),
            EarlyWarnings(input.Reps, input.Week, input.Target),
            requests,
            Coaching(input.Coaching, requests.Period, input.Zone),
            FormerReps: input.Reps.Count(r => r.Former && weeks.Any(w => r.Week(w)?.CheckIn is not null)));
    }

    /// <summary>
    /// The team's presence rate for a week: field days ÷ working days summed over the reps who answered it (so a rep
    /// with a holiday weighs less, as in <see cref="CheckInRules.AveragePresence"/>); null when nobody answered.
    /// </summary>
    public static WeekPresence PresenceOf(IReadOnlyList<RepHistory> reps, IsoWeek week)
    {
        var repWeeks = reps.Select(r => r.Week(week)).OfType<RepWeek>().ToList();
        var answered = repWeeks.Where(w => w.CheckIn is not null).Select(w => w.CheckIn!).ToList();
        return new WeekPresence(week, CheckInRules.AveragePresence(answered), answered.Count, repWeeks.Count(w => w.Expected));
    }

    /// <summary>Reps who answered both the week reported and the one before, below target both times.</summary>
    public static IReadOnlyList<RepAlert> UnderTargetTwoWeeksRunning(IReadOnlyList<RepHistory> reps, IsoWeek week, double target) =>
        reps.Select(r => (r.Rep, This: r.Week(week)?.Presence, Before: r.Week(week.Previous)?.Presence))
            .Where(r => r.This < target && r.Before < target)
            .Select(r => new RepAlert(r.Rep, r.This!.Value, null))
            .OrderBy(a => a.ThisWeek).ThenBy(a => a.Rep.Name, StringComparer.CurrentCulture)
            .ToList();

    /// <summary>
    /// The early warning, before the target is missed. Over the 4 weeks ending with the week reported, take the weeks the
    /// rep answered (at least 3 of them), fit a least-squares line through (week index 0..3, presence rate), and project
    /// it one week ahead (index 4). The rep is flagged when the week reported is at or above target and the projection is
    /// below it: the trend will take them under target next week although they are not under it yet.
    /// </summary>
    public static IReadOnlyList<RepAlert> EarlyWarnings(IReadOnlyList<RepHistory> reps, IsoWeek week, double target)
    {
        var alerts = new List<RepAlert>();
        foreach (var rep in reps)
        {
            if (rep.Week(week)?.Presence is not { } thisWeek || thisWeek < target)
            {
                continue;
            }
            var points = Enumerable.Range(0, 4)
                .Select(i => (X: (double)i, Y: rep.Week(week.Plus(i - 3))?.Presence))
                .Where(p => p.Y is not null)
                .Select(p => (p.X, Y: p.Y!.Value))
                .ToList();
            if (points.Count >= 3 && Projection(points, 4) is { } projected && projected < target)
            {
                alerts.Add(new RepAlert(rep.Rep, thisWeek, projected));
            }
        }
        return alerts.OrderBy(a => a.Projected).ThenBy(a => a.Rep.Name, StringComparer.CurrentCulture).ToList();
    }

    /// <summary>The least-squares line through <paramref name="points"/>, evaluated at <paramref name="x"/>; null when every x is the same.</summary>
    public static double? Projection(IReadOnlyList<(double X, double Y)> points, double x)
    {
        var meanX = points.Average(p => p.X);
        var meanY = points.Average(p => p.Y);
        var spread = points.Sum(p => (p.X - meanX) * (p.X - meanX));
        if (spread == 0)
        {
            return null;
        }
        var slope = points.Sum(p => (p.X - meanX) * (p.Y - meanY)) / spread;
        return meanY + slope * (x - meanX);
    }

    /// <summary>The middle value (the mean of the two middle ones for an even count); null for none.</summary>
    public static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Whole calendar days from the day a request was opened to today, both as dates in <paramref name="zone"/>: Friday to Monday is 3.</summary>
    public static int AgeInDays(DateTimeOffset openedAt, DateTimeOffset now, TimeZoneInfo zone) =>
        LocalDate(now, zone).DayNumber - LocalDate(openedAt, zone).DayNumber;

    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>
    /// Request figures over the 8 weeks (or <paramref name="weeks"/>) to today, today included (<see cref="DigestPeriod"/>,
    /// dates in the recipient's zone): open requests per BU with their age (whatever their opening date), median time to
    /// acknowledge of requests acknowledged in the period, escalations (raised in its last 7 days; of those raised in the
    /// period, where they stand), and objections of requests declined in the period.
    /// </summary>
    public static RequestFigures Requests(IReadOnlyList<SupportRequestSnapshot> requests, DigestInput input, Func<SupportRequestSnapshot, double> hoursToAcknowledge, int weeks = Weeks)
    {
        var period = DigestPeriod.EndingToday(input.Now, input.Zone, weeks);
        var lastSevenDays = period.LastSevenDays;
        bool InWindow(DateTimeOffset? at) => at is { } instant && period.Contains(LocalDate(instant, input.Zone));
        bool InWeek(DateTimeOffset at) => lastSevenDays.Contains(LocalDate(at, input.Zone));

        var open = requests.Where(IsOpen)
            .GroupBy(r => r.BusinessUnitId, StringComparer.OrdinalIgnoreCase)
            .Select(g =>
            {
                var ages = g.Select(r => AgeInDays(r.OpenedAt, input.Now, input.Zone)).OrderDescending().ToList();
                return new OpenRequests(g.Key, ages.Count, ages[0], ages);
            })
            .OrderByDescending(b => b.OldestDays).ThenBy(b => b.BusinessUnitId, StringComparer.Ordinal)
            .ToList();

        var acknowledge = requests.Where(r => InWindow(r.AcknowledgedAt))
            .GroupBy(r => r.BusinessUnitId, StringComparer.OrdinalIgnoreCase)
            .Select(g => new AcknowledgeTime(g.Key, Median(g.Select(hoursToAcknowledge))!.Value, g.Count()))
            .OrderByDescending(a => a.MedianHours).ThenBy(a => a.BusinessUnitId, StringComparer.Ordinal)
            .ToList();

        var escalated = requests.Where(r => r.Escalation != EscalationLevel.None)
            .Select(r => (Request: r, Raised: r.Trail.Where(t => t.Action is RequestAction.EscalatedToDirector or RequestAction.EscalatedToSponsor).Select(t => t.At).ToList()))
            .Where(e => e.Raised.Any(at => InWindow(at)))
            .ToList();
        var escalations = new EscalationFigures(
            RaisedThisWeek: escalated.Sum(e => e.Raised.Count(InWeek)),
            WaitingOnDirector: escalated.Count(e => e.Request.State == RequestState.Open && e.Request.Escalation == EscalationLevel.Director),
            WaitingOnSponsor: escalated.Count(e => e.Request.State == RequestState.Open && e.Request.Escalation == EscalationLevel.Sponsor),
            Resolved: escalated.Count(e => e.Request.State != RequestState.Open));

        var objections = requests.Where(r => r.Objection is not null && InWindow(r.DeclinedAt))
            .GroupBy(r => r.Objection!.Value)
            .Select(g => new ObjectionCount(g.Key, g.Count()))
            .OrderByDescending(o => o.Count).ThenBy(o => o.Category)
            .ToList();

        var inWindow = requests.Count(r => IsOpen(r) || InWindow(r.OpenedAt) || r.Trail.Any(t => InWindow(t.At)));
        return new RequestFigures(open, acknowledge, escalations, objections, inWindow, period);
    }

    /// <summary>
    /// Per track: prompts done ÷ prompts sent in <paramref name="period"/> (sent on a day of it in <paramref name="zone"/>;
    /// every entry without one), the people they reached, and those people's average share of the programme done to date.
    /// Done is <see cref="CoachingDone"/>'s rule: a commitment counts once the follow-up reported it done.
    /// </summary>
    public static IReadOnlyList<TrackCompletion> Coaching(CoachingFacts coaching, DigestPeriod? period = null, TimeZoneInfo? zone = null)
    {
        var allByPerson = coaching.Entries.ToLookup(e => (e.Track.ToLowerInvariant(), e.MemberId));
        return coaching.Entries.Where(e => period is null || period.Contains(LocalDate(e.SentAt, zone ?? TimeZoneInfo.Utc)))
            .GroupBy(e => e.Track, StringComparer.OrdinalIgnoreCase)
            .Select(track =>
            {
                var length = coaching.TrackLength(track.Key);
                var people = track.GroupBy(e => e.MemberId, StringComparer.Ordinal).ToList();
                double? progress = length <= 0 ? null
                    : people.Average(p => Math.Min(1.0, (double)DistinctDone(allByPerson[(track.Key.ToLowerInvariant(), p.Key)]) / length));
                return new TrackCompletion(track.Key, track.Count(e => e.IsDone), track.Count(), people.Count, length, progress);
            })
            .OrderBy(t => t.Track, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>How many different prompts of the programme someone has done (<see cref="CoachingDone"/>: a commitment once reported done).</summary>
    public static int DistinctDone(IEnumerable<CoachingEntry> entries) =>
        entries.Where(e => e.IsDone).Select(e => e.PromptId).Distinct(StringComparer.Ordinal).Count();

    /// <summary>
    /// A BU's progress: the deal sizes of its requests delivered this calendar year (in <paramref name="zone"/>) whose
    /// currency is the objective's; deliveries in another currency or without a deal size are counted apart, not converted.
    /// </summary>
    public static ObjectiveProgress Objective(BusinessUnitOptions unit, IReadOnlyList<SupportRequestSnapshot> requests, DateTimeOffset now, TimeZoneInfo zone)
    {
        var year = LocalDate(now, zone).Year;
        var delivered = requests.Where(r => string.Equals(r.BusinessUnitId, unit.Id, StringComparison.OrdinalIgnoreCase)
                && r.DeliveredAt is { } at && LocalDate(at, zone).Year == year)
            .ToList();
        var counted = delivered.Where(r => r.DealSize is not null && string.Equals(r.Currency, unit.ObjectiveCurrency, StringComparison.OrdinalIgnoreCase)).ToList();
        return new ObjectiveProgress(unit.InternationalObjective, unit.ObjectiveCurrency, counted.Sum(r => r.DealSize!.Value), counted.Count, delivered.Count - counted.Count);
    }

    /// <summary>
    /// The <c>team</c> table: one line per rep for the week they answer now (<paramref name="openWeek"/>), their open
    /// requests and the coaching prompts they have done.
    /// </summary>
    public static IReadOnlyList<TeamRow> TeamTable(
        IReadOnlyList<RepHistory> reps, Func<RosterMember, IsoWeek> openWeek,
        IReadOnlyList<SupportRequestSnapshot> requests, CoachingFacts coaching, string coachingTrack) =>
        reps.Select(r =>
            {
                var week = openWeek(r.Rep);
                return new TeamRow(
                    r.Rep,
                    week,
                    r.Week(week),
                    requests.Count(q => IsOpen(q) && q.RepMemberId == r.Rep.Id),
                    DistinctDone(coaching.Entries.Where(e => e.MemberId == r.Rep.Id && e.Track == coachingTrack)),
                    coaching.TrackLength(coachingTrack));
            })
            .OrderBy(row => row.Rep.RegionId, StringComparer.OrdinalIgnoreCase).ThenBy(row => row.Rep.Name, StringComparer.CurrentCulture)
            .ToList();
}
