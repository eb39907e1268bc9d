using CoachBot.Calendar;
using CoachBot.CheckIns;
using CoachBot.Digests;
using CoachBot.Roster;
using CoachBot.SupportRequests;

namespace CoachBot.Dashboard;

/// <summary>The filters every view takes: a region, a BU and a period (12, 26 or 52 weeks), already checked against the viewer's scope.</summary>
public sealed record DashboardFilter(string? RegionId, string? BusinessUnitId, int Weeks)
{
    public static IReadOnlyList<int> Periods { get; } = [12, 26, 52];
}

public sealed record Named(string Id, string Name);

/// <summary>
/// What the page needs first: who is looking, which views they may open, the filters they may use, the CSV exports.
/// The page's language follows the rule of the chat: <see cref="ChosenLanguage"/> (<c>language en|fr</c>) when the person
/// chose one, else the tab's Teams locale, else <see cref="Language"/> (the roster's, else the organisation's default).
/// </summary>
public sealed record DashboardMe(
    string Name, string Language, IReadOnlyList<string> Views, string? RepId,
    IReadOnlyList<Named> Regions, IReadOnlyList<Named> BusinessUnits, IReadOnlyList<int> Periods, IReadOnlyList<ExportLinkView>? Exports,
    string? ChosenLanguage = null);

public sealed record ExportLinkView(string Dataset, string Url);

/// <summary>Presence rate per week, oldest first; null for a week nobody answered (a gap on the chart, not a zero).</summary>
public sealed record PresenceSeries(string Id, string Name, IReadOnlyList<double?> Rates);

public sealed record RegionsView(IReadOnlyList<string> Weeks, double Target, PresenceSeries Team, IReadOnlyList<PresenceSeries> Regions);

/// <summary>One rep: presence per week (null when unanswered), this week, and the trend (the slope per week of the least-squares line through the answered weeks).</summary>
public sealed record RepRow(string Id, string Name, string RegionId, double? ThisWeek, double? Trend, int Answered, int Expected, IReadOnlyList<double?> Presence);

public sealed record TeamView(IReadOnlyList<string> Weeks, double Target, IReadOnlyList<RepRow> Reps);

public sealed record ObjectionLine(string Category, int Count);

public sealed record BusinessUnitRequests(
    string Id, string Name, int Open, int OldestDays, double? MedianHoursToAcknowledge, int Acknowledged,
    int EscalationsRaised, int WaitingOnDirector, int WaitingOnSponsor, IReadOnlyList<ObjectionLine> Objections);

/// <summary>The requests of the period (<see cref="From"/> to <see cref="To"/>, today, both included; see <see cref="DigestPeriod"/>).</summary>
public sealed record RequestsView(IReadOnlyList<BusinessUnitRequests> BusinessUnits, DateOnly From, DateOnly To);

public sealed record ScoreLine(string Id, string Name, decimal Objective, string Currency, decimal Delivered, int DeliveredCount, int OtherCurrencyCount, double? Share,
    int WinsCredited = 0);

public sealed record ScoreboardView(int Year, IReadOnlyList<ScoreLine> BusinessUnits);

/// <summary>Coaching prompts sent in the period (<see cref="From"/> to <see cref="To"/>, today, both included) and how far each track is.</summary>
public sealed record CoachingView(IReadOnlyList<TrackCompletion> Tracks, DateOnly From, DateOnly To);

/// <summary>A blocker as <c>GET /api/dashboard/blockers</c> lists it: the theme's id, or null when it matches none.</summary>
public sealed record BlockerLine(string Rep, string RepId, string Week, string Text, string? Theme);

/// <summary>The blockers of the period, newest first, and the themes' labels in the viewer's language.</summary>
public sealed record BlockersView(IReadOnlyList<BlockerLine> Blockers, IReadOnlyList<Named> Themes);

/// <summary>A win as <c>GET /api/dashboard/wins</c> lists it: the BU it credits (null: none), and whether the rep shared it.</summary>
public sealed record WinLine(string Rep, string Week, string Text, string Customer, string? BuCredited, bool Shared);

public sealed record WinsView(IReadOnlyList<WinLine> Wins);

public sealed record RepRequestLine(string Reference, string BusinessUnitId, string Customer, string State, int AgeDays, string BusinessUnitName = "");


public sealed record RepCommitmentLine(string Week, string Commitment, string? FollowUp);

public sealed record RepView(
    string Id, string Name, string RegionId, IReadOnlyList<string> Weeks, double Target, double? Average,
    IReadOnlyList<double?> Presence, IReadOnlyList<int?> Visits, IReadOnlyList<int?> PlannedVisits,
    int CoachingDone, int CoachingLength, IReadOnlyList<RepRequestLine> OpenRequests, IReadOnlyList<RepCommitmentLine> Commitments);

/// <summary>
/// The views, computed from one <see cref="DashboardSnapshot"/> and a viewer's scope with the digests' own figures
/// (<see cref="DigestFigures"/>): the same definitions of presence, time to acknowledge, objectives and completion.
/// </summary>
public sealed class DashboardViews(Organization organization, DigestService digests, DashboardData data, Coaching.IBlockerThemes blockerThemes)
{
    public double Target => digests.Target;

    public DashboardMe Me(DashboardScope scope, string language, IReadOnlyList<ExportLinkView>? exports, string? chosenLanguage = null) => new(
        scope.Viewer.Name,
        language,
        scope.Views,
        scope.Viewer.Has(Role.Rep) ? scope.Viewer.Id : null,
        organization.Options.Regions.Where(r => scope.SeesRegion(r.Id)).Select(r => new Named(r.Id, r.Name)).ToList(),
        organization.Options.BusinessUnits.Where(b => scope.Everything || scope.SeesBusinessUnit(b.Id) || scope.RegionIds.Count > 0)
            .Select(b => new Named(b.Id, b.Name)).ToList(),
        DashboardFilter.Periods,
        exports,
        chosenLanguage);

    public RegionsView Regions(DashboardSnapshot snapshot, DashboardScope scope, DashboardFilter filter)
    {
        var weeks = Weeks(snapshot, filter);
        var reps = RepsInScope(snapshot, scope, filter);
        PresenceSeries Series(string id, string name, IReadOnlyList<RepHistory> histories) =>
            new(id, name, weeks.Select(w => DigestFigures.PresenceOf(histories, w).Rate).ToList());
        var regions = organization.Options.Regions
            .Where(r => scope.SeesRegion(r.Id) && (filter.RegionId is null || string.Equals(filter.RegionId, r.Id, StringComparison.OrdinalIgnoreCase)))
            .Select(r => Series(r.Id, r.Name, reps.Where(h => string.Equals(h.Rep.RegionId, r.Id, StringComparison.OrdinalIgnoreCase)).ToList()))
            .ToList();
        return new RegionsView(Labels(weeks), Target, Series("team", "", reps), regions);
    }

    public TeamView Team(DashboardSnapshot snapshot, DashboardScope scope, DashboardFilter filter)
    {
        var weeks = Weeks(snapshot, filter);
        var rows = RepsInScope(snapshot, scope, filter)
            .Select(h =>
            {
                var byWeek = h.Weeks.ToDictionary(w => w.Week);
                var inPeriod = weeks.Select(w => byWeek.GetValueOrDefault(w)).ToList();
                var presence = inPeriod.Select(w => w?.Presence).ToList();
                var points = presence.Select((p, i) => (X: (double)i, Y: p)).Where(p => p.Y is not null).Select(p => (p.X, Y: p.Y!.Value)).ToList();
                double? trend = points.Count >= 2 && DigestFigures.Projection(points, 1) is { } one && DigestFigures.Projection(points, 0) is { } zero ? one - zero : null;
                return new RepRow(h.Rep.Id, h.Rep.Name, h.Rep.RegionId!, presence[^1], trend,
                    inPeriod.Count(w => w?.CheckIn is not null), inPeriod.Count(w => w?.Expected == true), presence);
            })
            .OrderBy(r => r.RegionId, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.Name, StringComparer.CurrentCulture)
            .ToList();
        return new TeamView(Labels(weeks), Target, rows);
    }

    public RequestsView Requests(DashboardSnapshot snapshot, DashboardScope scope, DashboardFilter filter)
    {
        var requests = RequestsInScope(snapshot, scope, filter);
        var input = new DigestInput(snapshot.LastWeek, snapshot.Now, ZoneOf(scope), Target, [], requests, CoachingFacts.None);
        var units = organization.Options.BusinessUnits
            .Where(b => filter.BusinessUnitId is null || string.Equals(b.Id, filter.BusinessUnitId, StringComparison.OrdinalIgnoreCase))
            .Select(b => (Unit: b, Requests: requests.Where(r => string.Equals(r.BusinessUnitId, b.Id, StringComparison.OrdinalIgnoreCase)).ToList()))
            .Where(b => b.Requests.Count > 0 || scope.SeesBusinessUnit(b.Unit.Id))
            .Select(b =>
            {
                var figures = DigestFigures.Requests(b.Requests, input, digests.HoursToAcknowledge, filter.Weeks);
                var open = figures.OpenByBusinessUnit.FirstOrDefault();
                var acknowledge = figures.AcknowledgeByBusinessUnit.FirstOrDefault();
                return new BusinessUnitRequests(
                    b.Unit.Id, b.Unit.Name, open?.Count ?? 0, open?.OldestDays ?? 0, acknowledge?.MedianHours, acknowledge?.Count ?? 0,
                    figures.Escalations.RaisedThisWeek + figures.Escalations.WaitingOnDirector + figures.Escalations.WaitingOnSponsor + figures.Escalations.Resolved,
                    figures.Escalations.WaitingOnDirector, figures.Escalations.WaitingOnSponsor,
                    figures.Objections.Select(o => new ObjectionLine(o.Category.ToString(), o.Count)).ToList());
            })
            .ToList();
        var period = DigestPeriod.EndingToday(snapshot.Now, input.Zone, filter.Weeks);
        return new RequestsView(units, period.From, period.To);
    }

    public ScoreboardView Scoreboard(DashboardSnapshot snapshot, DashboardScope scope, DashboardFilter filter)
    {
        var zone = organization.DirectorTimeZone;
        var year = DigestFigures.LocalDate(snapshot.Now, zone).Year;
        // The shared wins credited to each BU this year, beside the objective of the same year.
        var wins = RepVoices.Wins(snapshot.Reps.Values, w => w.Monday.AddDays(3).Year == year, snapshot.Requests);
        var lines = organization.Options.BusinessUnits
            .Where(b => scope.SeesBusinessUnit(b.Id) && (filter.BusinessUnitId is null || string.Equals(b.Id, filter.BusinessUnitId, StringComparison.OrdinalIgnoreCase)))
            .Select(b => (Unit: b, Progress: DigestFigures.Objective(b, snapshot.Requests, snapshot.Now, zone)))
            .Select(b => new ScoreLine(b.Unit.Id, b.Unit.Name, b.Progress.Objective, b.Progress.Currency, b.Progress.Delivered,
                b.Progress.DeliveredCount, b.Progress.OtherCurrencyCount, b.Progress.Share,
                wins.Count(w => string.Equals(w.CreditedBusinessUnit, b.Unit.Id, StringComparison.OrdinalIgnoreCase))))
            .ToList();
        return new ScoreboardView(year, lines);
    }

    /// <summary>
    /// Prompts sent in the period to today (the digests' <see cref="DigestPeriod"/>: a prompt sent this Tuesday is in,
    /// although the presence weeks end with the week the check-ins answer), and each track's progress to date.
    /// </summary>
    public CoachingView Coaching(DashboardSnapshot snapshot, DashboardScope scope, DashboardFilter filter)
    {
        var zone = ZoneOf(scope);
        var period = DigestPeriod.EndingToday(snapshot.Now, zone, filter.Weeks);
        var people = RepsInScope(snapshot, scope, filter).Select(h => h.Rep.Id).ToHashSet(StringComparer.Ordinal);
        // The director sees every track (reps, leads, director, sponsors) unless a region narrows it to its reps.
        var inScope = snapshot.Coaching.Where(e => (scope.Everything && filter.RegionId is null) || people.Contains(e.MemberId)).ToList();
        return new CoachingView(DigestFigures.Coaching(new CoachingFacts(inScope, data.TrackLength), period, zone), period.From, period.To);
    }

    /// <summary>The blockers of the period written by the reps the viewer sees (a rep: their own), newest first.</summary>
    public BlockersView Blockers(DashboardSnapshot snapshot, DashboardScope scope, DashboardFilter filter, string language)
    {
        var weeks = Weeks(snapshot, filter).ToHashSet();
        var reps = snapshot.Reps.Values.Where(h => (scope.SeesRegion(h.Rep.RegionId) || h.Rep.Id == scope.Viewer.Id)
            && (filter.RegionId is null || string.Equals(h.Rep.RegionId, filter.RegionId, StringComparison.OrdinalIgnoreCase)));
        var lines = RepVoices.Blockers(reps, weeks.Contains, blockerThemes)
            .Select(b => new BlockerLine(b.Rep.Name, b.Rep.Id, b.Week.ToString(), b.Text, b.Theme)).ToList();
        var themes = lines.Select(l => l.Theme).OfType<string>().Distinct(StringComparer.Ordinal)
            .Select(t => new Named(t, blockerThemes.Label(t, language))).ToList();
        return new BlockersView(lines, themes);
    }

    /// <summary>The wins of the period the viewer may read (see <see cref="DashboardScope.SeesWin"/>), newest first, each with the BU it credits.</summary>
    public WinsView Wins(DashboardSnapshot snapshot, DashboardScope scope, DashboardFilter filter)
    {
        var weeks = Weeks(snapshot, filter).ToHashSet();
        var reps = snapshot.Reps.Values.Where(h => filter.RegionId is null || string.Equals(h.Rep.RegionId, filter.RegionId, StringComparison.OrdinalIgnoreCase));
        var wins = RepVoices.Wins(reps, weeks.Contains, snapshot.Requests)
            .Where(w => scope.SeesWin(w.Rep, w.Shared, w.CreditedBusinessUnit)
                && (filter.BusinessUnitId is null || string.Equals(w.CreditedBusinessUnit, filter.BusinessUnitId, StringComparison.OrdinalIgnoreCase)))
            .Select(w => new WinLine(w.Rep.Name, w.Week.ToString(), w.Text, w.Customer, w.CreditedBusinessUnit, w.Shared))
            .ToList();
        return new WinsView(wins);
    }

    /// <summary>The zone the viewer reads dates in (<see cref="PersonZones"/>).</summary>
    private TimeZoneInfo ZoneOf(DashboardScope scope) => organization.ZoneOf(scope.Viewer);

    /// <summary>One rep's page; ages are counted in <paramref name="zone"/>, the viewer's (the director's when not given).</summary>
    public RepView Rep(DashboardSnapshot snapshot, RepHistory history, DashboardFilter filter, TimeZoneInfo? zone = null)
    {
        var weeks = Weeks(snapshot, filter);
        var repWeeks = weeks.Select(history.Week).ToList();
        var rep = history.Rep;
        var answered = repWeeks.Select(w => w?.CheckIn).OfType<WeeklyCheckIn>().ToList();
        var coaching = snapshot.Coaching.Where(e => e.MemberId == rep.Id).ToList();
        return new RepView(
            rep.Id, rep.Name, rep.RegionId!, Labels(weeks), Target, CheckInRules.AveragePresence(answered),
            repWeeks.Select(w => w?.Presence).ToList(),
            repWeeks.Select(w => w?.CheckIn?.Answer.Visits).ToList(),
            repWeeks.Select(w => w?.CheckIn?.Answer.PlannedVisits).ToList(),
            DigestFigures.DistinctDone(coaching.Where(e => e.Track == DigestService.RepTrack)),
            data.TrackLength(DigestService.RepTrack),
            snapshot.Requests.Where(r => r.RepMemberId == rep.Id && DigestFigures.IsOpen(r)).OrderBy(r => r.OpenedAt)
                .Select(r => new RepRequestLine(r.Reference, r.BusinessUnitId, r.Customer, r.State.ToString(),
                    DigestFigures.AgeInDays(r.OpenedAt, snapshot.Now, zone ?? organization.DirectorTimeZone),
                    organization.BusinessUnits.TryGetValue(r.BusinessUnitId, out var unit) && unit.Name.Length > 0 ? unit.Name : r.BusinessUnitId))
                .ToList(),
            coaching.Where(e => !string.IsNullOrWhiteSpace(e.Commitment)).OrderByDescending(e => e.SentAt).Take(8)
                .Select(e => new RepCommitmentLine(e.Week, e.Commitment!, e.FollowUp?.ToString())).ToList());
    }

    private static List<IsoWeek> Weeks(DashboardSnapshot snapshot, DashboardFilter filter) =>
        Enumerable.Range(0, filter.Weeks).Select(i => snapshot.LastWeek.Plus(i - (filter.Weeks - 1))).ToList();

    private static List<string> Labels(List<IsoWeek> weeks) => weeks.Select(w => w.ToString()).ToList();

    /// <summary>
    /// The reps the viewer sees, scoped with the roster in force now, not the one of the shared read: a rep moved to
    /// another region since leaves the old sponsor's views at once, and one who left is no longer shown.
    /// </summary>
    private List<RepHistory> RepsInScope(DashboardSnapshot snapshot, DashboardScope scope, DashboardFilter filter)
    {
        var roster = organization.Current;
        return snapshot.Reps.Values
            .Select(h => roster.FindById(h.Rep.Id) is { RegionId: not null } now && now.Has(Role.Rep) ? h with { Rep = now } : null)
            .OfType<RepHistory>()
            .Where(h => scope.SeesRegion(h.Rep.RegionId) && (filter.RegionId is null || string.Equals(h.Rep.RegionId, filter.RegionId, StringComparison.OrdinalIgnoreCase)))
            .ToList();
    }

    private static List<SupportRequestSnapshot> RequestsInScope(DashboardSnapshot snapshot, DashboardScope scope, DashboardFilter filter) =>
        snapshot.Requests.Where(r => scope.SeesRequest(r)
                && (filter.RegionId is null || string.Equals(r.RegionId, filter.RegionId, StringComparison.OrdinalIgnoreCase))
                && (filter.BusinessUnitId is null || string.Equals(r.BusinessUnitId, filter.BusinessUnitId, StringComparison.OrdinalIgnoreCase)))
            .ToList();
}
