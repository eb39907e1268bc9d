using CoachBot.Calendar;
using CoachBot.CheckIns;
using CoachBot.Coaching;
using CoachBot.Localization;
using CoachBot.Roster;
using CoachBot.SupportRequests;
using CoachBot.SupportRequests.Escalation;

namespace CoachBot.Digests;

/// <summary>
/// Everything the digests read, in one pass over each table: every rep's check-ins over the weeks that matter, every
/// support request and every coaching entry.
/// </summary>
public sealed record DigestSnapshot(DateTimeOffset Now, TeamCheckIns CheckIns, IReadOnlyList<SupportRequestSnapshot> Requests, IReadOnlyList<CoachingEntry> Coaching);

/// <summary>One rep's 1:1 brief: their last 8 weeks, open requests, the commitments they made in coaching, and their last wins, blockers and confidence.</summary>
public sealed record RepBrief(RepHistory History, double Target, IReadOnlyList<SupportRequestSnapshot> OpenRequests, IReadOnlyList<CoachingEntry> Commitments,
    RepVoice? Voice = null);

/// <summary>The outcome of looking a rep up by name: exactly one, or the candidates (none or several).</summary>
public sealed record RepLookup(RosterMember? Found, IReadOnlyList<RosterMember> Candidates);

/// <summary>
/// Reads what the digests report on and scopes it to a recipient: the director sees everyone, a sponsor their regions'
/// reps and requests, a BU lead their units' requests. Support requests and coaching are read only through their read
/// contracts (<see cref="ISupportRequestHistory"/>, <see cref="ICoachingHistory"/>).
/// </summary>
public sealed class DigestService(
    Organization organization,
    CheckInStore checkIns,
    CheckInCalendar calendar,
    ISupportRequestHistory requestHistory,
    ICoachingHistory coachingHistory,
    BusinessHours businessHours,
    IBlockerThemes blockerThemes,
    TimeProvider clock)
{
    public const string RepTrack = "rep";

    public IBlockerThemes BlockerThemes => blockerThemes;

    /// <summary>The most weeks a quarter touches.</summary>
    public const int QuarterWeeks = 14;

    /// <summary>The shared wins credited to a BU in the quarter of <paramref name="today"/>, newest first.</summary>
    public IReadOnlyList<RepWin> WinsCreditedThisQuarter(DigestSnapshot snapshot, string businessUnitId, DateOnly today)
    {
        var start = new DateOnly(today.Year, (today.Month - 1) / 3 * 3 + 1, 1);
        var reps = organization.Members.Where(m => m.Has(Role.Rep) && m.RegionId is not null)
            .Select(r => History(snapshot.CheckIns, r, IsoWeek.Of(start), QuarterWeeks)).ToList();
        return RepVoices.Wins(reps, w => w.Monday.AddDays(3) >= start && w.Monday.AddDays(3) <= today, snapshot.Requests)
            .Where(w => w.Shared && string.Equals(w.CreditedBusinessUnit, businessUnitId, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    public double Target => calendar.Options.PresenceTarget;

    /// <summary>The week a digest sent now reports on, in <paramref name="zone"/>: the last whole ISO week (Monday's digest reports the week just ended).</summary>
    public IsoWeek ReportedWeek(TimeZoneInfo zone) => IsoWeek.Of(DigestFigures.LocalDate(clock.GetUtcNow(), zone)).Previous;

    /// <summary>One read of each table: check-ins from 10 weeks back to next week (every zone's open and reported weeks), all requests, all coaching entries.</summary>
    public async Task<DigestSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var thisWeek = IsoWeek.Of(DateOnly.FromDateTime(now.UtcDateTime));
        // Back far enough for the digests' 8 weeks and for a whole quarter (the wins credited to a BU this quarter).
        var checkInsRead = checkIns.ListAllAsync(thisWeek.Plus(-Math.Max(DigestFigures.Weeks + 2, QuarterWeeks)), thisWeek.Plus(1), cancellationToken);
        var requestsRead = requestHistory.ListAllAsync(cancellationToken);
        var coachingRead = coachingHistory.ListAllAsync(cancellationToken);
        await Task.WhenAll(checkInsRead, requestsRead, coachingRead);
        return new DigestSnapshot(now, await checkInsRead, await requestsRead, await coachingRead);
    }

    /// <summary>Reps the recipient's digest and <c>team</c> cover: every rep for the director, their regions' reps for a sponsor.</summary>
    public IReadOnlyList<RosterMember> RepsFor(RosterMember recipient) =>
        organization.Members.Where(m => m.Has(Role.Rep) && (recipient.Has(Role.Director) || InRegions(recipient, m.RegionId))).ToList();

    /// <summary>
    /// The reps of <see cref="RepsFor"/> and the reps in scope who left (in a region still on the roster): their history
    /// stays in the figures and in <c>brief</c>, up to the week they left, marked as former members.
    /// </summary>
    private List<RosterMember> WithFormer(RosterMember recipient) =>
    [
        .. RepsFor(recipient),
        .. organization.Current.Former.Values
            .Where(f => f.RegionId is { } region && organization.Regions.ContainsKey(region) && (recipient.Has(Role.Director) || InRegions(recipient, region)))
            .Select(f => new RosterMember(f.Id, f.Name, null, null, null, RepRole, f.RegionId, [], [])),
    ];

    private static readonly IReadOnlySet<Role> RepRole = new HashSet<Role> { Role.Rep };

    /// <summary>The director's digest: every rep, every request, and coaching on every track (reps, leads, director, sponsors).</summary>
    public TeamFigures DirectorFigures(DigestSnapshot snapshot, RosterMember director, IsoWeek week) =>
        Figures(snapshot, WithFormer(director), _ => true, allTracks: true, week, organization.DirectorTimeZone);

    /// <summary>A sponsor's digest: their regions' reps, requests and coaching.</summary>
    public TeamFigures SponsorFigures(DigestSnapshot snapshot, RosterMember sponsor, IsoWeek week) =>
        Figures(snapshot, WithFormer(sponsor), regionId => InRegions(sponsor, regionId), allTracks: false, week, organization.DirectorTimeZone);

    /// <summary>Requests escalated to the sponsor for their regions and still waiting for the BU, oldest first.</summary>
    public IReadOnlyList<SupportRequestSnapshot> EscalatedTo(DigestSnapshot snapshot, RosterMember sponsor) =>
        snapshot.Requests.Where(r => r.Escalation == EscalationLevel.Sponsor && r.State == RequestState.Open && InRegions(sponsor, r.RegionId))
            .OrderBy(r => r.OpenedAt).ToList();

    /// <summary>A BU's requests.</summary>
    public IReadOnlyList<SupportRequestSnapshot> RequestsOf(DigestSnapshot snapshot, string businessUnitId) =>
        snapshot.Requests.Where(r => string.Equals(r.BusinessUnitId, businessUnitId, StringComparison.OrdinalIgnoreCase)).ToList();

    public RequestFigures LeadFigures(IReadOnlyList<SupportRequestSnapshot> requests, IsoWeek week, TimeZoneInfo zone, DateTimeOffset now) =>
        DigestFigures.Requests(requests, new DigestInput(week, now, zone, Target, [], requests, CoachingFacts.None), HoursToAcknowledge);

    public IReadOnlyList<TeamRow> TeamTable(DigestSnapshot snapshot, RosterMember recipient)
    {
        var reps = RepsFor(recipient);
        var histories = reps.Select(r => History(snapshot, r)).ToList();
        var ids = reps.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        return DigestFigures.TeamTable(histories, rep => calendar.OpenWeek(rep.RegionId!, snapshot.Now),
            snapshot.Requests, CoachingOf(snapshot, ids), RepTrack);
    }

    public RepBrief Brief(DigestSnapshot snapshot, RosterMember rep)
    {
        var history = History(snapshot, rep);
        var lastWeek = history.Former && history.Weeks.Count > 0 ? history.Weeks[^1].Week : calendar.OpenWeek(rep.RegionId!, snapshot.Now);
        var weeks = history.Weeks.Where(w => w.Week <= lastWeek && w.Week > lastWeek.Plus(-DigestFigures.Weeks)).ToList();
        return new RepBrief(
            history with { Weeks = weeks },
            Target,
            snapshot.Requests.Where(r => r.RepMemberId == rep.Id && DigestFigures.IsOpen(r)).OrderBy(r => r.OpenedAt).ToList(),
            snapshot.Coaching.Where(e => e.MemberId == rep.Id && !string.IsNullOrWhiteSpace(e.Commitment)).OrderByDescending(e => e.SentAt).Take(4).ToList(),
            RepVoices.Voice(weeks.Select(w => w.CheckIn).OfType<WeeklyCheckIn>()));
    }

    /// <summary>
    /// The reps whose name matches <paramref name="query"/>, accents and case ignored: the whole name, else names with a
    /// word starting with it (<c>amina</c>, <c>hadd</c>). Only reps the recipient may see.
    /// </summary>
    public RepLookup FindRep(RosterMember recipient, string query)
    {
        var wanted = Folding.Fold(query);
        var reps = WithFormer(recipient);
        if (wanted.Length == 0)
        {
            return new RepLookup(null, []);
        }
        var exact = reps.Where(r => Folding.Fold(r.Name) == wanted).ToList();
        var matches = exact.Count > 0 ? exact : reps.Where(r => Folding.Fold(r.Name).StartsWith(wanted, StringComparison.Ordinal)
            || Folding.Fold(r.Name).Split(' ').Any(word => word.StartsWith(wanted, StringComparison.Ordinal))).ToList();
        return new RepLookup(matches.Count == 1 ? matches[0] : null, matches.OrderBy(m => m.Name, StringComparer.CurrentCulture).ToList());
    }

    /// <summary>
    /// Business hours from opening to acknowledgement, counted as the escalation ladder counts them (<c>Escalation:BusinessHours</c>
    /// in the BU's zone): a request opened on Friday evening and acknowledged on Monday morning waited an hour or so, not 60.
    /// </summary>
    public double HoursToAcknowledge(SupportRequestSnapshot request) =>
        request.AcknowledgedAt is { } at
            ? businessHours.ElapsedBetween(request.OpenedAt, at, businessHours.ZoneFor(request.BusinessUnitId)).TotalHours
            : 0;

    private TeamFigures Figures(DigestSnapshot snapshot, IReadOnlyList<RosterMember> reps, Func<string, bool> regionInScope, bool allTracks, IsoWeek week, TimeZoneInfo zone)
    {
        var ids = reps.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var input = new DigestInput(
            week, snapshot.Now, zone, Target,
            reps.Select(r => History(snapshot, r)).ToList(),
            snapshot.Requests.Where(r => regionInScope(r.RegionId)).ToList(),
            CoachingOf(snapshot, ids, allTracks));
        // What the reps wrote in the week reported: wins with the BU they credit, blockers with their theme.
        return DigestFigures.Team(input, HoursToAcknowledge) with
        {
            Wins = RepVoices.Wins(input.Reps, w => w == week, snapshot.Requests),
            Blockers = RepVoices.Blockers(input.Reps, w => w == week, blockerThemes),
        };
    }

    /// <summary>Coaching of the reps in scope, or of everyone on every track.</summary>
    private CoachingFacts CoachingOf(DigestSnapshot snapshot, IReadOnlySet<string> repIds, bool allTracks = false) =>
        new(snapshot.Coaching.Where(e => allTracks || repIds.Contains(e.MemberId)).ToList(), coachingHistory.TrackLength);

    private RepHistory History(DigestSnapshot snapshot, RosterMember rep)
    {
        var thisWeek = IsoWeek.Of(DateOnly.FromDateTime(snapshot.Now.UtcDateTime));
        var history = History(snapshot.CheckIns, rep, thisWeek.Plus(-(DigestFigures.Weeks + 2)), DigestFigures.Weeks + 4);
        if (organization.FindFormer(rep.Id) is not { } former)
        {
            return history;
        }
        var left = DigestFigures.LocalDate(former.LeftAt, organization.DirectorTimeZone);
        return history with { Weeks = history.Weeks.Where(w => w.Week.Monday <= left).Select(w => w with { Former = true }).ToList(), Former = true };
    }

    /// <summary>
    /// The rep's <paramref name="count"/> weeks from <paramref name="first"/> as read, with each week's working days and
    /// whether they were away when its card went out (the dashboard reads up to a year).
    /// </summary>
    public RepHistory History(TeamCheckIns checkIns, RosterMember rep, IsoWeek first, int count)
    {
        var answers = checkIns.Of(rep.Id).ToDictionary(c => c.Week);
        var away = checkIns.AwayOf(rep.Id);
        var regionId = rep.RegionId!;
        var weeks = Enumerable.Range(0, count)
            .Select(first.Plus)
            .Select(week => new RepWeek(
                week,
                calendar.WorkingDays(regionId, week).Count,
                away?.Covers(calendar.LocalDate(regionId, calendar.SendAt(regionId, week))) == true,
                answers.GetValueOrDefault(week)))
            .ToList();
        return new RepHistory(rep, weeks);
    }

    private static bool InRegions(RosterMember member, string? regionId) =>
        regionId is not null && member.SponsoredRegions.Contains(regionId, StringComparer.OrdinalIgnoreCase);
}
