using CoachBot.Calendar;
using CoachBot.CheckIns;
using CoachBot.Coaching;
using CoachBot.Digests;
using CoachBot.Roster;
using CoachBot.SupportRequests;

namespace CoachBot.Tests.Digests;

/// <summary>Each figure of the digests on a small known data set, computed by hand in the comments.</summary>
public sealed class DigestFiguresTests
{
    private static readonly IsoWeek W48 = new(2026, 48);
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    internal static RosterMember Rep(string name, string region = "mea") =>
        new(name.ToLowerInvariant().Replace(' ', '.') + "@example.com", name, null, null, "en", new HashSet<Role> { Role.Rep }, region, [], []);

    private static WeeklyCheckIn Answer(IsoWeek week, int fieldDays, int workingDays = 5) =>
        new(week, new CheckInAnswer(3, fieldDays, 2, "", "", "", 3, false), workingDays, DateTimeOffset.UnixEpoch, 1);

    /// <summary>A rep's weeks from their presence per week, oldest first ending with W48 (null: no answer).</summary>
    private static RepHistory History(RosterMember rep, params int?[] fieldDays) =>
        new(rep, fieldDays.Select((days, i) =>
        {
            var week = W48.Plus(i - (fieldDays.Length - 1));
            return new RepWeek(week, 5, false, days is { } d ? Answer(week, d) : null);
        }).ToList());

    [Fact]
    public void TeamPresenceWeighsEachRepsFieldDaysByTheirWorkingDays()
    {
        // Amina: 2 of 5 days; Youssef: 3 of 4 (a holiday); Wei: no answer. (2 + 3) / (5 + 4) = 55.6 %, not the mean of 40 % and 75 %.
        var reps = new[]
        {
            new RepHistory(Rep("Amina"), [new RepWeek(W48, 5, false, Answer(W48, 2))]),
            new RepHistory(Rep("Youssef"), [new RepWeek(W48, 4, false, Answer(W48, 3, workingDays: 4))]),
            new RepHistory(Rep("Wei"), [new RepWeek(W48, 5, false, null)]),
        };

        var week = DigestFigures.PresenceOf(reps, W48);

        Assert.Equal(5.0 / 9, week.Rate!.Value, 6);
        Assert.Equal((2, 3), (week.Answered, week.Expected));
        Assert.Equal(2.0 / 3, week.ResponseRate!.Value, 6);
    }

    [Fact]
    public void ResponseRateExpectsNobodyAwayAndNoRegionOnHolidayButCountsAnAnswerGivenAnyway()
    {
        var reps = new[]
        {
            new RepHistory(Rep("Answered"), [new RepWeek(W48, 5, false, Answer(W48, 2))]),
            new RepHistory(Rep("Silent"), [new RepWeek(W48, 5, false, null)]),
            new RepHistory(Rep("Away"), [new RepWeek(W48, 5, true, null)]),
            new RepHistory(Rep("Holiday", "apac"), [new RepWeek(W48, 0, false, null)]),
            new RepHistory(Rep("AwayButAnswered"), [new RepWeek(W48, 5, true, Answer(W48, 1))]),
        };

        var week = DigestFigures.PresenceOf(reps, W48);

        Assert.Equal((2, 3), (week.Answered, week.Expected));
    }

    [Fact]
    public void AWeekWithoutAnswersHasNoRateRatherThanZero()
    {
        var week = DigestFigures.PresenceOf([History(Rep("Amina"), [null])], W48);

        Assert.Null(week.Rate);
        Assert.Equal(0.0, week.ResponseRate);
    }

    [Fact]
    public void UnderTargetTwoWeeksRunningNeedsBothWeeksAnsweredAndBelow()
    {
        var reps = new[]
        {
            History(Rep("Both below"), 1, 1),         // 20 %, 20 %
            History(Rep("Only this week"), 3, 1),     // 60 %, 20 %
            History(Rep("Only last week"), 1, 3),
            History(Rep("Missing last week"), null, 1),
            History(Rep("At target"), 2, 2),          // 40 % is not under 40 %
        };

        var alerts = DigestFigures.UnderTargetTwoWeeksRunning(reps, W48, 0.40);

        Assert.Equal(["Both below"], alerts.Select(a => a.Rep.Name));
    }

    [Fact]
    public void EarlyWarningFlagsARepAtTargetWhoseFourWeekTrendProjectsUnderIt()
    {
        // 80, 60, 60, 40 % -> slope -12 points a week through a mean of 60 % at x = 1.5: next week (x = 4) 30 % < 40 %.
        var falling = History(Rep("Falling"), 4, 3, 3, 2);
        // Steady at 60 %.
        var steady = History(Rep("Steady"), 3, 3, 3, 3);
        // Falling too, but already under target this week: the under-target list speaks for them.
        var alreadyUnder = History(Rep("Already under"), 5, 4, 3, 1);
        // Only two answered weeks: no trend.
        var tooFew = History(Rep("Too few"), null, null, 5, 2);

        var alerts = DigestFigures.EarlyWarnings([falling, steady, alreadyUnder, tooFew], W48, 0.40);

        var alert = Assert.Single(alerts);
        Assert.Equal("Falling", alert.Rep.Name);
        Assert.Equal(0.40, alert.ThisWeek, 6);
        Assert.Equal(0.30, alert.Projected!.Value, 6);
    }

    [Fact]
    public void EarlyWarningUsesTheWeeksAnsweredAtTheirOwnPlaceInTime()
    {
        // W45 100 %, W46 missing, W47 60 %, W48 40 %: points (0, 1), (2, .6), (3, .4); mean x 5/3, mean y 2/3,
        // slope (-42/45) / (42/9) = -0.2; at x = 4: 2/3 - 0.2 * 7/3 = 0.2 (with W46 read as 0 it would be another line).
        var alerts = DigestFigures.EarlyWarnings([History(Rep("Gap"), 5, null, 3, 2)], W48, 0.40);

        Assert.Equal(0.2, Assert.Single(alerts).Projected!.Value, 6);
    }

    [Fact]
    public void ProjectionIsTheLeastSquaresLineAndNullWhenAllPointsShareOneX()
    {
        Assert.Equal(5.0, DigestFigures.Projection([(0, 1), (1, 2), (2, 3)], 4)!.Value, 9);
        Assert.Null(DigestFigures.Projection([(1, 1), (1, 2)], 4));
    }

    [Fact]
    public void MedianIsTheMiddleValueOrTheMeanOfTheTwoMiddleOnes()
    {
        Assert.Equal(3, DigestFigures.Median([7, 3, 1]));
        Assert.Equal(5, DigestFigures.Median([1, 3, 7, 9]));
        Assert.Null(DigestFigures.Median([]));
    }

    [Fact]
    public void AgeCountsCalendarDaysInTheRecipientsZoneAcrossAWeekend()
    {
        // Friday 27 November 23:30 in Paris is 22:30 UTC: still Friday there. Monday 30 November 08:00 Paris: 3 days.
        var opened = new DateTimeOffset(2026, 11, 27, 22, 30, 0, TimeSpan.Zero);
        var monday = new DateTimeOffset(2026, 11, 30, 7, 0, 0, TimeSpan.Zero);

        Assert.Equal(3, DigestFigures.AgeInDays(opened, monday, Paris));
        // In Singapore the same instant is already Saturday 06:30: 2 days by Monday.
        Assert.Equal(2, DigestFigures.AgeInDays(opened, monday, TimeZoneInfo.FindSystemTimeZoneById("Asia/Singapore")));
    }

    [Fact]
    public void RequestFiguresOpenPerBusinessUnitMedianAcknowledgeEscalationsAndObjections()
    {
        var monday = new DateTimeOffset(2026, 11, 30, 7, 0, 0, TimeSpan.Zero);
        var requests = new[]
        {
            Request("REQ-1", "pumps", opened: monday.AddDays(-3), acknowledgedAfterHours: 4),
            Request("REQ-2", "pumps", opened: monday.AddDays(-10), acknowledgedAfterHours: 10, state: RequestState.Delivered),
            Request("REQ-3", "pumps", opened: monday.AddDays(-5), acknowledgedAfterHours: 30),
            Request("REQ-4", "automation", opened: monday.AddDays(-12)),
            Request("REQ-5", "automation", opened: monday.AddDays(-6), declined: ObjectionCategory.Capacity),
            Request("REQ-6", "automation", opened: monday.AddDays(-20), declined: ObjectionCategory.Capacity),
            Request("REQ-7", "automation", opened: monday.AddDays(-9), declined: ObjectionCategory.Margin),
            Request("REQ-8", "automation", opened: monday.AddDays(-12), escalatedAt: monday.AddDays(-9), escalation: EscalationLevel.Director),
            Request("REQ-9", "pumps", opened: monday.AddDays(-30), escalatedAt: monday.AddDays(-25), escalation: EscalationLevel.Sponsor, acknowledgedAfterHours: 200),
        };
        var input = new DigestInput(W48, monday, Paris, 0.4, [], requests, CoachingFacts.None);

        var figures = DigestFigures.Requests(requests, input, CalendarHours);

        // Open: pumps REQ-1 (3 d), REQ-3 (5 d) acknowledged not delivered, REQ-9 (30 d); automation REQ-4 and REQ-8 (12 d).
        Assert.Equal([("pumps", 3, 30), ("automation", 2, 12)], figures.OpenByBusinessUnit.Select(b => (b.BusinessUnitId, b.Count, b.OldestDays)));
        // Pumps acknowledged in the window: 4, 10, 30 h (REQ-9 was acknowledged 200 h after day -30: day -21.7, in the window) -> 4, 10, 30, 200: median 20.
        Assert.Equal(20, Assert.Single(figures.AcknowledgeByBusinessUnit).MedianHours);
        Assert.Equal(new EscalationFigures(RaisedThisWeek: 0, WaitingOnDirector: 1, WaitingOnSponsor: 0, Resolved: 1), figures.Escalations);
        Assert.Equal([(ObjectionCategory.Capacity, 2), (ObjectionCategory.Margin, 1)], figures.Objections.Select(o => (o.Category, o.Count)));
    }

    [Fact]
    public void AnEscalationRaisedDuringTheWeekReportedCountsAsRaisedThisWeek()
    {
        // W48 is 23 to 29 November; the digest goes out Monday 30.
        var monday = new DateTimeOffset(2026, 11, 30, 7, 0, 0, TimeSpan.Zero);
        var request = Request("REQ-1", "pumps", opened: monday.AddDays(-6), escalatedAt: monday.AddDays(-3), escalation: EscalationLevel.Director);

        var figures = DigestFigures.Requests([request], new DigestInput(W48, monday, Paris, 0.4, [], [request], CoachingFacts.None), CalendarHours);

        Assert.Equal(1, figures.Escalations.RaisedThisWeek);
    }

    [Fact]
    public void CoachingCompletionIsDoneOverSentPerTrackAndProgressUsesTheTracksLength()
    {
        var entries = new[]
        {
            Coaching("amina", "rep", "p1", CoachingOutcome.Done),
            Coaching("amina", "rep", "p2", CoachingOutcome.Done),
            Coaching("amina", "rep", "p2", CoachingOutcome.Done),
            Coaching("wei", "rep", "p1", CoachingOutcome.Later),
            Coaching("hugo", "lead", "l1", CoachingOutcome.Sent),
        };

        var tracks = DigestFigures.Coaching(new CoachingFacts(entries, track => track == "rep" ? 10 : 4));

        // rep: 3 done of 4 sent; Amina did 2 distinct prompts of 10, Wei none: (0.2 + 0) / 2 = 10 %.
        Assert.Equal(new TrackCompletion("lead", 0, 1, 1, 4, 0), tracks[0]);
        Assert.Equal(("rep", 3, 4, 2, 10), (tracks[1].Track, tracks[1].Done, tracks[1].Sent, tracks[1].People, tracks[1].Length));
        Assert.Equal(0.1, tracks[1].Progress!.Value, 6);
    }

    [Fact]
    public void ObjectiveProgressSumsThisYearsDeliveriesInTheObjectivesCurrencyOnly()
    {
        var unit = new BusinessUnitOptions { Id = "pumps", InternationalObjective = 1_000_000, ObjectiveCurrency = "EUR" };
        var now = new DateTimeOffset(2026, 11, 30, 7, 0, 0, TimeSpan.Zero);
        var requests = new[]
        {
            Request("REQ-1", "pumps", opened: now.AddDays(-40), state: RequestState.Delivered, dealSize: 250_000, currency: "EUR") with { DeliveredAt = now.AddDays(-5) },
            Request("REQ-2", "pumps", opened: now.AddDays(-40), state: RequestState.Delivered, dealSize: 100_000, currency: "eur") with { DeliveredAt = now.AddDays(-6) },
            Request("REQ-3", "pumps", opened: now.AddDays(-40), state: RequestState.Delivered, dealSize: 900_000, currency: "USD") with { DeliveredAt = now.AddDays(-7) },
            Request("REQ-4", "pumps", opened: now.AddDays(-400), state: RequestState.Delivered, dealSize: 500_000, currency: "EUR") with { DeliveredAt = now.AddDays(-365) },
            Request("REQ-5", "pumps", opened: now.AddDays(-10), dealSize: 700_000, currency: "EUR"),
            Request("REQ-6", "automation", opened: now.AddDays(-40), state: RequestState.Delivered, dealSize: 50_000, currency: "EUR") with { DeliveredAt = now.AddDays(-5) },
        };

        var progress = DigestFigures.Objective(unit, requests, now, Paris);

        Assert.Equal(new ObjectiveProgress(1_000_000, "EUR", 350_000, 2, 1), progress);
        Assert.Equal(0.35, progress.Share!.Value, 6);
    }

    [Fact]
    public void FoldIgnoresAccentsCaseAndExtraSpaces()
    {
        Assert.Equal("amina haddad", CoachBot.Localization.Folding.Fold("  Amína   HADDAD "));
        Assert.Equal("zoe", CoachBot.Localization.Folding.Fold("Zoé"));
    }

    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 8, 0, 0, TimeSpan.FromHours(1));

    private static RequestFigures RequestFiguresOf(params SupportRequestSnapshot[] requests) =>
        DigestFigures.Requests(requests, new DigestInput(W48, Monday, Paris, 0.4, [], requests, CoachingFacts.None), CalendarHours);

    private static SupportRequestSnapshot WithTrail(SupportRequestSnapshot request, params (DateTimeOffset At, RequestAction Action)[] steps) =>
        request with { Trail = steps.Select(s => new RequestTransition(s.At, null, s.Action, RequestState.Open, RequestState.Open, null)).ToList() };

    [Fact]
    public void ARepWithoutTheWeekIsNeitherExpectedNorAnsweredAndAWeekExpectingNobodyHasNoResponseRate()
    {
        var reps = new[] { new RepHistory(Rep("Other weeks"), [new RepWeek(W48.Previous, 5, false, Answer(W48.Previous, 2))]), new RepHistory(Rep("Holiday"), [new RepWeek(W48, 0, false, null)]) };

        var week = DigestFigures.PresenceOf(reps, W48);

        Assert.Equal((0, 0), (week.Answered, week.Expected));
        Assert.Null(week.ResponseRate);
        Assert.Null(week.Rate);
    }

    [Fact]
    public void TheTeamFiguresCoverTheEightWeeksEndingWithTheWeekReportedAndSayWhenNoneWasAnswered()
    {
        var answeredOnce = DigestFigures.Team(new DigestInput(W48, Monday, Paris, 0.4, [History(Rep("Amina"), 2, null, null, null, null, null, null, null)], [], CoachingFacts.None), CalendarHours);
        var never = DigestFigures.Team(new DigestInput(W48, Monday, Paris, 0.4, [History(Rep("Amina"), null, null)], [], CoachingFacts.None), CalendarHours);

        Assert.Equal(Enumerable.Range(41, 8).Select(w => new IsoWeek(2026, w)), answeredOnce.Presence.Select(p => p.Week));
        Assert.False(answeredOnce.NoCheckIns);
        Assert.True(never.NoCheckIns);
        Assert.Equal(new IsoWeek(2026, 48), never.ThisWeek.Week);
        Assert.Equal(0, answeredOnce.Requests.InWindow);
        Assert.Empty(answeredOnce.Coaching);
    }

    [Fact]
    public void UnderTargetMeansStrictlyBelowInBothWeeksAndListsTheLowestFirstThenByName()
    {
        var reps = new[]
        {
            History(Rep("At target last week"), 2, 1),
            History(Rep("At target this week"), 1, 2),
            History(Rep("Zoe"), 1, 1),
            History(Rep("Bea"), 1, 1),
            History(Rep("Lowest"), 1, 0),
        };

        var alerts = DigestFigures.UnderTargetTwoWeeksRunning(reps, W48, 0.40);

        Assert.Equal(["Lowest", "Bea", "Zoe"], alerts.Select(a => a.Rep.Name));
        Assert.Null(alerts[0].Projected);
    }

    [Fact]
    public void EarlyWarningsListTheLowestProjectionFirst()
    {
        var alerts = DigestFigures.EarlyWarnings([History(Rep("Gentle"), 3, 3, 2, 2), History(Rep("Steep"), 5, 4, 3, 2)], W48, 0.40);

        Assert.Equal(["Steep", "Gentle"], alerts.Select(a => a.Rep.Name));
    }

    [Fact]
    public void OpenRequestsAreGroupedPerBusinessUnitOldestFirstThenByName()
    {
        var figures = RequestFiguresOf(
            Request("REQ-1", "pumps", Monday.AddDays(-4)),
            Request("REQ-2", "automation", Monday.AddDays(-4)),
            Request("REQ-3", "automation", Monday.AddDays(-1)),
            Request("REQ-4", "valves", Monday.AddDays(-2), state: RequestState.Acknowledged));

        Assert.Equal([("automation", 2, 4), ("pumps", 1, 4), ("valves", 1, 2)], figures.OpenByBusinessUnit.Select(b => (b.BusinessUnitId, b.Count, b.OldestDays)));
        Assert.Equal([4, 1], figures.OpenByBusinessUnit[0].AgesDays);
        Assert.Equal(4, figures.OpenCount);
    }

    [Fact]
    public void TimeToAcknowledgeCountsAcknowledgementsOfTheEightWeeksToTodaySlowestUnitFirst()
    {
        // The period: the 56 days to today, Tuesday 6 October to Monday 30 November (today, included), as dates in Paris.
        var figures = RequestFiguresOf(
            Request("REQ-1", "pumps", Monday.AddDays(-10), acknowledgedAfterHours: 2),
            Request("REQ-2", "automation", Monday.AddDays(-10), acknowledgedAfterHours: 8),
            Request("REQ-3", "valves", Monday.AddDays(-10), acknowledgedAfterHours: 8),
            Request("REQ-4", "pumps", new DateTimeOffset(2026, 10, 4, 20, 0, 0, TimeSpan.FromHours(2)), acknowledgedAfterHours: 3.5),
            Request("REQ-5", "pumps", new DateTimeOffset(2026, 11, 29, 22, 0, 0, TimeSpan.FromHours(1)), acknowledgedAfterHours: 2.5),
            Request("REQ-6", "tools", new DateTimeOffset(2026, 10, 4, 23, 0, 0, TimeSpan.FromHours(2)), acknowledgedAfterHours: 1.5));

        // REQ-4 acknowledged Sunday 4 October 23:30 and REQ-6 Monday 5 October 00:30 (before the period); REQ-5 Monday
        // 30 November 00:30, this morning: in it.
        Assert.Equal([("automation", 8.0, 1), ("valves", 8.0, 1), ("pumps", 2.25, 2)], figures.AcknowledgeByBusinessUnit.Select(a => (a.BusinessUnitId, a.MedianHours, a.Count)));
        Assert.Equal(new DigestPeriod(new DateOnly(2026, 10, 6), new DateOnly(2026, 11, 30)), figures.Period);
    }

    [Fact]
    public void EscalationsCountWhatWasRaisedInTheLastSevenDaysTodayIncludedAndWhereTheRaisedOnesStand()
    {
        var sundayNight = new DateTimeOffset(2026, 11, 29, 23, 30, 0, TimeSpan.FromHours(1));
        var lastWeek = Monday.AddDays(-9);
        var figures = RequestFiguresOf(
            // Opened this week, escalated last week: raised this week 0 (the opening is not an escalation).
            WithTrail(Request("REQ-1", "pumps", Monday.AddDays(-12), escalation: EscalationLevel.Director),
                (lastWeek, RequestAction.EscalatedToDirector), (Monday.AddDays(-2), RequestAction.Commented)),
            // Raised twice this week (to the director, then on Sunday night to the sponsor): 2, still waiting on the sponsor.
            WithTrail(Request("REQ-2", "pumps", Monday.AddDays(-20), escalation: EscalationLevel.Sponsor),
                (Monday.AddDays(-100), RequestAction.EscalatedToDirector), (Monday.AddDays(-3), RequestAction.EscalatedToDirector), (sundayNight, RequestAction.EscalatedToSponsor)),
            // Escalated to the sponsor and acknowledged since: answered.
            WithTrail(Request("REQ-3", "pumps", Monday.AddDays(-20), escalation: EscalationLevel.Sponsor, state: RequestState.Acknowledged),
                (lastWeek, RequestAction.EscalatedToSponsor)),
            // Escalated to the director and declined since: answered.
            WithTrail(Request("REQ-4", "pumps", Monday.AddDays(-20), escalation: EscalationLevel.Director, state: RequestState.Declined),
                (lastWeek, RequestAction.EscalatedToDirector)),
            // Escalated long before the 8 weeks: not counted at all.
            WithTrail(Request("REQ-5", "pumps", Monday.AddDays(-200), escalation: EscalationLevel.Director),
                (Monday.AddDays(-190), RequestAction.EscalatedToDirector)),
            // Escalated the week before, and again this morning (Monday 00:30): raised in the last 7 days, today included.
            WithTrail(Request("REQ-6", "pumps", Monday.AddDays(-20), escalation: EscalationLevel.Director),
                (lastWeek, RequestAction.EscalatedToDirector), (sundayNight.AddHours(1), RequestAction.EscalatedToDirector)));

        Assert.Equal(new EscalationFigures(RaisedThisWeek: 3, WaitingOnDirector: 2, WaitingOnSponsor: 1, Resolved: 2), figures.Escalations);
        Assert.True(figures.Escalations.Any);
        Assert.False(new EscalationFigures(0, 0, 0, 0).Any);
        Assert.All([new EscalationFigures(1, 0, 0, 0), new EscalationFigures(0, 1, 0, 0), new EscalationFigures(0, 0, 1, 0), new EscalationFigures(0, 0, 0, 1)],
            e => Assert.True(e.Any));
    }

    [Fact]
    public void ObjectionsCountDeclinesInsideTheEightWeeksMostFrequentFirstThenInCategoryOrder()
    {
        var figures = RequestFiguresOf(
            Request("REQ-1", "pumps", Monday.AddDays(-5), declined: ObjectionCategory.Margin),
            Request("REQ-2", "pumps", Monday.AddDays(-5), declined: ObjectionCategory.Capacity),
            Request("REQ-3", "pumps", Monday.AddDays(-70), declined: ObjectionCategory.Other),
            Request("REQ-4", "pumps", Monday.AddDays(-5), declined: ObjectionCategory.Other));

        Assert.Equal([ObjectionCategory.Capacity, ObjectionCategory.Margin, ObjectionCategory.Other], figures.Objections.Select(o => o.Category));
        Assert.All(figures.Objections, o => Assert.Equal(1, o.Count));
    }

    [Fact]
    public void RequestsInTheWindowAreTheOpenOnesAndThoseWithAStepInsideIt()
    {
        Assert.Equal(0, RequestFiguresOf(Request("REQ-1", "pumps", Monday.AddDays(-200), state: RequestState.Closed)).InWindow);
        Assert.Equal(1, RequestFiguresOf(Request("REQ-1", "pumps", Monday.AddDays(-200))).InWindow);
        Assert.Equal(1, RequestFiguresOf(WithTrail(Request("REQ-1", "pumps", Monday.AddDays(-200), state: RequestState.Delivered),
            (Monday.AddDays(-200), RequestAction.Opened), (Monday.AddDays(-3), RequestAction.Delivered))).InWindow);
        Assert.Equal(1, RequestFiguresOf(Request("REQ-1", "pumps", Monday.AddDays(-3), state: RequestState.Withdrawn) with { Trail = [] }).InWindow);
    }

    [Fact]
    public void CoachingProgressIsUnknownForATrackOfUnknownLength()
    {
        var track = Assert.Single(DigestFigures.Coaching(new CoachingFacts([Coaching("amina", "rep", "p1", CoachingOutcome.Done)], _ => 0)));

        Assert.Null(track.Progress);
        Assert.Equal(0, track.Length);
    }

    [Fact]
    public void AnObjectiveOfZeroHasNoShare() =>
        Assert.Null(new ObjectiveProgress(0, "EUR", 100, 1, 0).Share);

    [Fact]
    public void TheTeamTableHasEachRepsOpenWeekOpenRequestsAndDistinctRepPromptsDoneSortedByRegionThenName()
    {
        var amina = Rep("Amina");
        var wei = Rep("Wei", "apac");
        var zoe = Rep("Zoe");
        var reps = new[] { History(zoe, 2, 3), History(amina, 2, 3), History(wei, 4, 1) };
        var requests = new[]
        {
            Request("REQ-1", "pumps", Monday.AddDays(-3), rep: amina.Id),
            Request("REQ-2", "pumps", Monday.AddDays(-3), rep: amina.Id, state: RequestState.Delivered),
            Request("REQ-3", "pumps", Monday.AddDays(-3), rep: wei.Id, state: RequestState.Acknowledged),
        };
        var coaching = new CoachingFacts(
        [
            Coaching(amina.Id, "rep", "p1", CoachingOutcome.Done),
            Coaching(amina.Id, "rep", "p1", CoachingOutcome.Done),
            Coaching(amina.Id, "rep", "p2", CoachingOutcome.Later),
            Coaching(amina.Id, "lead", "l1", CoachingOutcome.Done),
            Coaching(wei.Id, "rep", "p3", CoachingOutcome.Done),
        ], track => track == "rep" ? 12 : 6);

        var rows = DigestFigures.TeamTable(reps, rep => rep == wei ? W48.Previous : W48, requests, coaching, "rep");

        Assert.Equal(["Wei", "Amina", "Zoe"], rows.Select(r => r.Rep.Name));
        Assert.Equal((W48.Previous, 0.8), (rows[0].Week, rows[0].ThisWeek!.Presence!.Value));
        Assert.Equal([1, 1, 0], rows.Select(r => r.OpenRequests));
        Assert.Equal([1, 1, 0], rows.Select(r => r.CoachingDone));
        Assert.All(rows, r => Assert.Equal(12, r.CoachingLength));
    }

    internal static SupportRequestSnapshot Request(
        string reference, string unit, DateTimeOffset opened, double? acknowledgedAfterHours = null, RequestState? state = null,
        ObjectionCategory? declined = null, DateTimeOffset? escalatedAt = null, EscalationLevel escalation = EscalationLevel.None, string rep = "amina.haddad@example.com", string region = "mea",
        decimal? dealSize = null, string? currency = null)
    {
        var acknowledged = acknowledgedAfterHours is { } h ? opened.AddHours(h) : (DateTimeOffset?)null;
        var trail = new List<RequestTransition> { new(opened, rep, RequestAction.Opened, RequestState.Open, RequestState.Open, null) };
        if (escalatedAt is { } at)
        {
            trail.Add(new RequestTransition(at, null, escalation == EscalationLevel.Sponsor ? RequestAction.EscalatedToSponsor : RequestAction.EscalatedToDirector,
                RequestState.Open, RequestState.Open, null));
        }
        if (acknowledged is { } ack)
        {
            trail.Add(new RequestTransition(ack, "lead", RequestAction.Acknowledged, RequestState.Open, RequestState.Acknowledged, null));
        }
        var declinedAt = declined is null ? (DateTimeOffset?)null : opened.AddHours(2);
        var asked = new RequestAnswer(unit, "OCP", "Morocco", NeedKind.Quotation, "Pumps for a new plant", DateOnly.FromDateTime(opened.UtcDateTime).AddDays(30), dealSize, currency);
        return new SupportRequestSnapshot(reference, rep, region, asked,
            state ?? (declined is not null ? RequestState.Declined : acknowledged is not null ? RequestState.Acknowledged : RequestState.Open),
            escalation, opened, acknowledged, null, declinedAt, declined, null, null, trail);
    }

    internal static CoachingEntry Coaching(string member, string track, string prompt, CoachingOutcome outcome, string? commitment = null, CommitmentFollowUp? followUp = null) =>
        new(member, track, prompt, "planning", "behavioural", "2026-W47", new DateTimeOffset(2026, 11, 17, 8, 30, 0, TimeSpan.Zero), outcome,
            outcome == CoachingOutcome.Sent ? null : new DateTimeOffset(2026, 11, 18, 8, 30, 0, TimeSpan.Zero), null, commitment, followUp);

    /// <summary>Elapsed calendar hours to acknowledgement: the figures take the hours function; the service passes business hours.</summary>
    internal static double CalendarHours(SupportRequestSnapshot request) => request.AcknowledgedAt is { } at ? (at - request.OpenedAt).TotalHours : 0;
}
