using CoachBot.Calendar;
using CoachBot.Features;
using CoachBot.Roster;
using CoachBot.Storage;

namespace CoachBot.CheckIns;

public enum CheckInOutcome
{
    /// <summary>The week's form, to fill in.</summary>
    Form,
    /// <summary>A form refused: the reasons are on it, the rep's answers kept, nothing stored.</summary>
    Refused,
    /// <summary>The first answer for the week was stored.</summary>
    Stored,
    /// <summary>A different answer replaced the earlier one before the cut-off.</summary>
    Corrected,
    /// <summary>The same answer again (double click, Teams resending): nothing written.</summary>
    Unchanged,
    /// <summary>The stored answer, shown again.</summary>
    Answered,
    /// <summary>The week's cut-off has passed: nothing accepted.</summary>
    Closed,
    /// <summary>No check-in for that week: it has no working day, or it has not started.</summary>
    NotOpen,
    /// <summary>The caller is not a rep (a card forwarded, a role changed since it was sent): check-ins are reps' alone.</summary>
    RepsOnly,
}

/// <summary>The check-in form for a week: the values to show (the rep's own, when refused) and the reasons per field.</summary>
public sealed record CheckInForm(
    IsoWeek Week,
    int WorkingDays,
    DateTime CutOffLocal,
    IReadOnlyDictionary<string, string?> Values,
    IReadOnlyDictionary<string, FieldError> Errors,
    bool IsCorrection,
    bool IsReminder = false);

/// <summary>A week's answer with the figures the summary shows. Rates are between 0 and 1; the trend is in rate points.</summary>
public sealed record CheckInSummary(
    WeeklyCheckIn CheckIn,
    double? Presence,
    double? FourWeekAverage,
    double Target,
    double? TrendVersusLastWeek,
    DateTime CutOffLocal,
    bool CanCorrect);

/// <summary>What the rep sees after an action: a form or a summary, and why.</summary>
public sealed record CheckInView(CheckInOutcome Outcome, IsoWeek Week, CheckInForm? Form = null, CheckInSummary? Summary = null, DateTime? CutOffLocal = null);

/// <summary>
/// Told of every answer stored (a first answer or a correction), after it is stored: how other features act on what a
/// rep wrote (the thanks card to the BU a win credits) without the check-in knowing them.
/// </summary>
public interface ICheckInStored
{
    Task OnStoredAsync(RosterMember rep, WeeklyCheckIn checkIn, CancellationToken cancellationToken);
}

/// <summary>The last weeks of a rep, oldest first; a week without an answer has a null check-in.</summary>
public sealed record CheckInStats(IReadOnlyList<(IsoWeek Week, WeeklyCheckIn? CheckIn)> Weeks, double Target, double? Average);

/// <summary>
/// The weekly check-in for one rep: the week's form, submitting and correcting it, the summary, stats and away periods.
/// The rep is always the caller the edge identified; card data only ever names a week.
/// </summary>
public sealed class CheckInService(
    CheckInStore store, CheckInCalendar calendar, Organization organization, IEnumerable<ICheckInStored> observers, TimeProvider clock, ILogger<CheckInService> logger)
{
    public const int StatsWeeks = 8;

    /// <summary>The open week's form, or its summary once answered.</summary>
    public async Task<CheckInView> OpenAsync(RosterMember rep, CancellationToken cancellationToken)
    {
        var region = RegionOf(rep);
        var week = calendar.OpenWeek(region, clock.GetUtcNow());
        return await ShowAsync(rep, week, edit: false, cancellationToken);
    }

    /// <summary>The form for <paramref name="week"/>, filled with the stored answer when there is one (a correction).</summary>
    public Task<CheckInView> EditAsync(RosterMember rep, string? week, CancellationToken cancellationToken)
    {
        if (!IsRep(rep))
        {
            return Task.FromResult(RepsOnly);
        }
        var region = RegionOf(rep);
        return ShowAsync(rep, WeekOrOpen(region, week), edit: true, cancellationToken);
    }

    public async Task<CheckInView> SubmitAsync(RosterMember rep, string? weekId, IReadOnlyDictionary<string, string?> form, CancellationToken cancellationToken)
    {
        if (!IsRep(rep))
        {
            return RepsOnly;
        }
        var region = RegionOf(rep);
        var now = clock.GetUtcNow();
        var week = WeekOrOpen(region, weekId);
        var cutOff = calendar.CutOffLocal(week);
        var workingDays = calendar.WorkingDays(region, week).Count;
        if (week > IsoWeek.Of(calendar.LocalDate(region, now)) || workingDays == 0)
        {
            return new CheckInView(CheckInOutcome.NotOpen, week, CutOffLocal: cutOff);
        }
        if (calendar.IsClosed(region, week, now))
        {
            Log.RefusedClosed(logger, week.ToString());
            return await ShowAsync(rep, week, edit: false, cancellationToken);
        }

        var validation = CheckInRules.Validate(form, workingDays, organization.BusinessUnits.Keys.ToList());
        if (validation.Answer is not { } answer)
        {
            Log.Refused(logger, week.ToString(), string.Join(",", validation.Errors.Keys));
            var kept = CheckInRules.Fields.ToDictionary(f => f, f => form.GetValueOrDefault(f)?.Trim(), StringComparer.Ordinal);
            var existing = (await store.ReadWeeksAsync(rep.Id, week, week, cancellationToken)).Count > 0;
            return new CheckInView(CheckInOutcome.Refused, week, new CheckInForm(week, workingDays, cutOff, kept, validation.Errors, existing));
        }

        // One range read (this week, with its version, and the three before it for the summary), then one write. A lost
        // race is another submit for the same week landing between our read and our write (Teams resending, a second
        // click): read again; an identical answer is then "unchanged", a different one replaces it.
        var view = await Optimistic.ChangeAsync<CheckInView>(async () =>
        {
            var history = await store.ReadWeeksAsync(rep.Id, week.Plus(-3), week, cancellationToken);
            var current = history.FirstOrDefault(h => h.CheckIn.Week == week);
            if (current is not null && current.CheckIn.Answer == answer)
            {
                Log.Unchanged(logger, week.ToString());
                return Summary(CheckInOutcome.Unchanged, region, current.CheckIn, history.Select(h => h.CheckIn), now);
            }

            var checkIn = new WeeklyCheckIn(week, answer, workingDays, now, (current?.CheckIn.Revision ?? 0) + 1);
            var written = current is null
                ? await store.TryAddAsync(rep.Id, checkIn, cancellationToken)
                : await store.TryReplaceAsync(rep.Id, checkIn, current.Version, cancellationToken);
            if (!written)
            {
                return Optimistic.Lost;
            }
            var outcome = current is null ? CheckInOutcome.Stored : CheckInOutcome.Corrected;
            Log.Stored(logger, week.ToString(), outcome, checkIn.Revision);
            var weeks = history.Select(h => h.CheckIn).Where(c => c.Week != week).Append(checkIn);
            return Summary(outcome, region, checkIn, weeks, now);
        }, $"The check-in for {week} kept changing while it was being stored.");
        if (view is { Outcome: CheckInOutcome.Stored or CheckInOutcome.Corrected, Summary.CheckIn: { } stored })
        {
            foreach (var observer in observers)
            {
                // The answer is stored and the rep sees it so; what others do with it must not turn that into an apology.
                try
                {
                    await observer.OnStoredAsync(rep, stored, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.ObserverFailed(logger, week.ToString(), ex);
                }
            }
        }
        return view;
    }

    public async Task<CheckInStats> StatsAsync(RosterMember rep, CancellationToken cancellationToken)
    {
        var region = RegionOf(rep);
        var last = calendar.OpenWeek(region, clock.GetUtcNow());
        var first = last.Plus(-(StatsWeeks - 1));
        var stored = (await store.ReadWeeksAsync(rep.Id, first, last, cancellationToken)).ToDictionary(s => s.CheckIn.Week, s => s.CheckIn);
        var weeks = Enumerable.Range(0, StatsWeeks).Select(i => first.Plus(i)).Select(w => (w, stored.GetValueOrDefault(w))).ToList();
        return new CheckInStats(weeks, calendar.Options.PresenceTarget, CheckInRules.AveragePresence(stored.Values));
    }

    /// <summary>Today in the rep's region: the day an away period starts, and the year a date typed without one falls in.</summary>
    public DateOnly Today(RosterMember rep) => calendar.LocalDate(RegionOf(rep), clock.GetUtcNow());

    /// <summary>Records that the rep is away from today (their region's date) until <paramref name="until"/>; null when that date has passed.</summary>
    public async Task<AwayPeriod?> SetAwayAsync(RosterMember rep, DateOnly until, CancellationToken cancellationToken)
    {
        var today = Today(rep);
        if (until < today)
        {
            return null;
        }
        var away = new AwayPeriod(today, until);
        await store.SetAwayAsync(rep.Id, away, cancellationToken);
        return away;
    }

    /// <summary>Ends the rep's away period; false when none was set.</summary>
    public Task<bool> BackAsync(RosterMember rep, CancellationToken cancellationToken) => store.ClearAwayAsync(rep.Id, cancellationToken);

    private async Task<CheckInView> ShowAsync(RosterMember rep, IsoWeek week, bool edit, CancellationToken cancellationToken)
    {
        var region = RegionOf(rep);
        var now = clock.GetUtcNow();
        var workingDays = calendar.WorkingDays(region, week).Count;
        var cutOff = calendar.CutOffLocal(week);
        if (week > IsoWeek.Of(calendar.LocalDate(region, now)) || workingDays == 0)
        {
            return new CheckInView(CheckInOutcome.NotOpen, week, CutOffLocal: cutOff);
        }
        var history = (await store.ReadWeeksAsync(rep.Id, week.Plus(-3), week, cancellationToken)).Select(h => h.CheckIn).ToList();
        var current = history.FirstOrDefault(c => c.Week == week);
        var closed = calendar.IsClosed(region, week, now);
        if (current is not null && (!edit || closed))
        {
            return Summary(closed ? CheckInOutcome.Closed : CheckInOutcome.Answered, region, current, history, now);
        }
        if (closed)
        {
            return new CheckInView(CheckInOutcome.Closed, week, CutOffLocal: cutOff);
        }
        // A new week's card remembers whether the rep shared their last win.
        var values = ValuesOf(current?.Answer);
        if (current is null && history.Where(c => c.Week < week).MaxBy(c => c.Week) is { } last)
        {
            values = new Dictionary<string, string?>(values, StringComparer.Ordinal) { [CheckInRules.ShareWin] = last.Answer.ShareWin ? "true" : "false" };
        }
        return new CheckInView(CheckInOutcome.Form, week, new CheckInForm(week, workingDays, cutOff, values, new Dictionary<string, FieldError>(), current is not null));
    }

    private CheckInView Summary(CheckInOutcome outcome, string region, WeeklyCheckIn checkIn, IEnumerable<WeeklyCheckIn> lastFourWeeks, DateTimeOffset now)
    {
        var weeks = lastFourWeeks.Where(w => w.Week > checkIn.Week.Plus(-4) && w.Week <= checkIn.Week).ToList();
        var lastWeek = weeks.FirstOrDefault(w => w.Week == checkIn.Week.Previous);
        var trend = checkIn.PresenceRate is { } rate && lastWeek?.PresenceRate is { } before ? rate - before : (double?)null;
        var closed = calendar.IsClosed(region, checkIn.Week, now);
        var summary = new CheckInSummary(checkIn, checkIn.PresenceRate, CheckInRules.AveragePresence(weeks), calendar.Options.PresenceTarget,
            trend, calendar.CutOffLocal(checkIn.Week), CanCorrect: !closed);
        return new CheckInView(closed && outcome is not CheckInOutcome.Closed ? CheckInOutcome.Closed : outcome, checkIn.Week, Summary: summary,
            CutOffLocal: summary.CutOffLocal);
    }

    /// <summary>The week the card names, if it is one; otherwise the open week. Only ever a week: never whose check-in it is.</summary>
    private IsoWeek WeekOrOpen(string region, string? weekId) =>
        IsoWeek.TryParse(weekId, out var week) ? week : calendar.OpenWeek(region, clock.GetUtcNow());

    private static IReadOnlyDictionary<string, string?> ValuesOf(CheckInAnswer? answer) => new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        [CheckInRules.Visits] = answer?.Visits.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [CheckInRules.FieldDays] = answer?.FieldDays.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [CheckInRules.PlannedVisits] = answer?.PlannedVisits.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [CheckInRules.Customers] = answer?.Customers,
        [CheckInRules.Win] = answer?.Win,
        [CheckInRules.Blocker] = answer?.Blocker,
        [CheckInRules.Confidence] = answer?.Confidence.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [CheckInRules.NeedsBuSupport] = answer is null ? null : answer.NeedsBuSupport ? "true" : "false",
        [CheckInRules.ShareWin] = answer is null ? null : answer.ShareWin ? "true" : "false",
        [CheckInRules.WinBusinessUnit] = answer?.WinBusinessUnit,
    };

    /// <summary>What a card click by someone who is not a rep gets: no week is read or written for them.</summary>
    private static readonly CheckInView RepsOnly = new(CheckInOutcome.RepsOnly, default);

    private static bool IsRep(RosterMember member) => member.Has(Role.Rep) && member.RegionId is not null;

    // The commands reach the service for reps only (their roles), and card clicks are checked above: anyone else here is a bug.
    private static string RegionOf(RosterMember rep) =>
        IsRep(rep) ? rep.RegionId! : throw new ArgumentException("Only reps have check-ins.", nameof(rep));
}
