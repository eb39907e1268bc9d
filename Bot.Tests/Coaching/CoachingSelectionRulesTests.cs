using CoachBot.Calendar;
using CoachBot.Coaching;

namespace CoachBot.Tests.Coaching;

/// <summary>The selection rules on their own, on the test programme: trigger order, fallback order, the 8 quiet weeks.</summary>
public sealed class CoachingSelectionRulesTests
{
    private static readonly CoachingProgramme Programme = ProgrammeFile.Parse(TestProgramme.Build().ToJsonString(), "test").Programme!;
    private static readonly IsoWeek W49 = new(2026, 49);

    private static CoachingRecord Answered(string promptId, IsoWeek week, CoachingOutcome outcome) => new(
        "omar", week, "rep", promptId, Programme.Find(promptId)!.Theme, "behavioural", new SelectionReason(SelectionReason.Programme),
        DateTimeOffset.UnixEpoch, outcome);

    private static Dictionary<string, SelectionReason> Triggers(params string[] ids) => ids.ToDictionary(id => id, id => new SelectionReason(id));

    [Fact]
    public void EveryTriggerIsTriedInTheFixedOrderAndOneWithoutAnEligiblePromptGivesWayToTheNext()
    {
        var all = Triggers(CoachingTracks.FirstWeeks, CoachingTracks.RequestDeclined, CoachingTracks.NoVisitsPlanned, CoachingTracks.PresenceLow);
        var history = new List<CoachingRecord>();
        var chosen = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var (prompt, reason) = CoachingSelection.Choose(Programme, "rep", W49, history, all)!.Value;
            chosen.Add($"{prompt.Id}:{reason.Trigger}");
            history.Add(Answered(prompt.Id, W49.Plus(-1), CoachingOutcome.Done));
        }

        Assert.Equal(
        [
            "rep-presence-1:presence-low-2w", "rep-presence-2:presence-low-2w", "rep-planning-1:no-visits-planned",
            "rep-crossbu-1:bu-request-declined-14d", "rep-welcome-1:first-4-weeks", "rep-01:programme",
        ], chosen);
    }

    [Fact]
    public void ATriggeredPromptSentLongestAgoComesFirstAmongThoseOfItsTrigger()
    {
        var history = new List<CoachingRecord>
        {
            Answered("rep-presence-1", W49.Plus(-2), CoachingOutcome.Sent),
            Answered("rep-presence-2", W49.Plus(-1), CoachingOutcome.Later),
        };

        var (prompt, _) = CoachingSelection.Choose(Programme, "rep", W49, history, Triggers(CoachingTracks.PresenceLow))!.Value;

        Assert.Equal("rep-presence-1", prompt.Id);
    }

    [Fact]
    public void ANeverSentTriggeredPromptComesBeforeOneSentAndTheLastSendingIsWhatCounts()
    {
        var presence = Triggers(CoachingTracks.PresenceLow);
        var onlyFirstSent = new List<CoachingRecord> { Answered("rep-presence-1", W49.Plus(-1), CoachingOutcome.Sent) };
        var bothSent = new List<CoachingRecord>
        {
            Answered("rep-presence-1", W49.Plus(-4), CoachingOutcome.Sent),
            Answered("rep-presence-2", W49.Plus(-3), CoachingOutcome.Later),
            Answered("rep-presence-1", W49.Plus(-1), CoachingOutcome.Later),
        };

        Assert.Equal("rep-presence-2", CoachingSelection.Choose(Programme, "rep", W49, onlyFirstSent, presence)!.Value.Prompt.Id);
        Assert.Equal("rep-presence-2", CoachingSelection.Choose(Programme, "rep", W49, bothSent, presence)!.Value.Prompt.Id);
    }

    [Fact]
    public void OnceEveryPromptWasSentOneNeverDoneComesBeforeOneDoneEvenIfSentMoreRecently()
    {
        // lead-01 was sent, then done (long ago); the others were sent later and never answered.
        var history = new List<CoachingRecord>
        {
            Answered("lead-01", new IsoWeek(2026, 29), CoachingOutcome.Sent) with { Track = "lead" },
            Answered("lead-01", new IsoWeek(2026, 30), CoachingOutcome.Done) with { Track = "lead" },
        };
        history.AddRange(Programme.Track("lead").Skip(1).Select((p, i) => Answered(p.Id, new IsoWeek(2026, 31 + i), CoachingOutcome.Sent) with { Track = "lead" }));

        Assert.Equal("lead-02", CoachingSelection.Choose(Programme, "lead", W49, history, Triggers())!.Value.Prompt.Id);
    }

    [Fact]
    public void WithoutATriggerAPromptNeverSentComesBeforeOneSentAndNotAnswered()
    {
        var history = new List<CoachingRecord> { Answered("rep-01", W49.Plus(-1), CoachingOutcome.Sent) };

        Assert.Equal(("rep-02", SelectionReason.Programme), CoachingSelection.Choose(Programme, "rep", W49, history, Triggers()) is var (prompt, reason) ? (prompt.Id, reason.Trigger) : default);
    }

    [Fact]
    public void OnlyEarlierWeeksCountNotARecordOfTheWeekBeingChosen()
    {
        var history = new List<CoachingRecord> { Answered("rep-01", W49, CoachingOutcome.Done) };

        Assert.Equal("rep-01", CoachingSelection.Choose(Programme, "rep", W49, history, Triggers())!.Value.Prompt.Id);
    }

    [Theory]
    [InlineData(CoachingOutcome.Done)]
    [InlineData(CoachingOutcome.NotRelevant)]
    public void AnAnsweredPromptStaysQuietForEightWeeksThenMayComeBack(CoachingOutcome outcome)
    {
        var history = new List<CoachingRecord> { Answered("rep-presence-1", new IsoWeek(2026, 41), outcome) };
        var presence = Triggers(CoachingTracks.PresenceLow);

        var eightWeeksLater = CoachingSelection.Choose(Programme, "rep", new IsoWeek(2026, 49), history, presence)!.Value.Prompt.Id;
        var nineWeeksLater = CoachingSelection.Choose(Programme, "rep", new IsoWeek(2026, 50), history.Append(Answered("rep-presence-2", new IsoWeek(2026, 49), outcome)).ToList(), presence)!.Value.Prompt.Id;

        Assert.Equal("rep-presence-2", eightWeeksLater);
        Assert.Equal("rep-presence-1", nineWeeksLater);
    }

    [Fact]
    public void WhenEveryPromptWasDoneTheOneDoneLongestAgoComesBackAndNothingComesWhileAllAreQuiet()
    {
        var track = Programme.Track("lead");
        var longAgo = track.Select((p, i) => Answered(p.Id, new IsoWeek(2026, 10 + i), CoachingOutcome.Done) with { Track = "lead" }).ToList();
        var recent = track.Select((p, i) => Answered(p.Id, W49.Plus(-1 - i), CoachingOutcome.Done) with { Track = "lead" }).ToList();

        Assert.Equal(track[0].Id, CoachingSelection.Choose(Programme, "lead", W49, longAgo, Triggers())!.Value.Prompt.Id);
        Assert.Null(CoachingSelection.Choose(Programme, "lead", W49, recent, Triggers()));
    }

    [Fact]
    public void APromptWrittenForASituationNeverComesAsTheNextPromptOfTheProgramme()
    {
        var plain = Programme.Track("rep").Where(p => !p.Id.StartsWith("rep-presence") && !p.Id.StartsWith("rep-planning")
            && !p.Id.StartsWith("rep-crossbu") && p.Id != "rep-welcome-1").ToList();
        var allPlainDone = plain.Select(p => Answered(p.Id, W49.Plus(-1), CoachingOutcome.Done)).ToList();

        Assert.Equal("rep-welcome-1", CoachingSelection.Choose(Programme, "rep", W49, allPlainDone, Triggers())!.Value.Prompt.Id);
        Assert.Null(CoachingSelection.Choose(Programme, "rep", W49, [.. allPlainDone, Answered("rep-welcome-1", W49.Plus(-1), CoachingOutcome.Done)], Triggers()));
        Assert.Equal("rep-planning-1", CoachingSelection.Choose(Programme, "rep", W49, allPlainDone, Triggers(CoachingTracks.NoVisitsPlanned))!.Value.Prompt.Id);
    }

    [Fact]
    public void ALevelTwoPromptWaitsUntilTheLevelBeforeItInItsThemeIsDone()
    {
        // Every plain prompt of level 1 was sent and left unanswered: the rotation goes round them, never to rep-07 or rep-12.
        var levelOne = Programme.Track("rep").Where(p => !p.IsSituation && p.Level == CoachingLevels.Foundations && p.Id != "rep-welcome-1").ToList();
        var sentOnly = levelOne.Select((p, i) => Answered(p.Id, W49.Plus(-30 + i), CoachingOutcome.Sent)).ToList();
        var rotation = new List<string>();
        for (var week = 0; week < levelOne.Count + 2; week++)
        {
            var (prompt, _) = CoachingSelection.Choose(Programme, "rep", W49.Plus(week), sentOnly, Triggers())!.Value;
            rotation.Add(prompt.Id);
            sentOnly.Add(Answered(prompt.Id, W49.Plus(week), CoachingOutcome.Sent));
        }

        Assert.DoesNotContain("rep-07", rotation);
        Assert.DoesNotContain("rep-12", rotation);
        Assert.Equal("rep-welcome-1", rotation[0]);
    }

    [Fact]
    public void AfterDoingAPromptThePersonMovesToTheNextLevelOfItsTheme()
    {
        var history = new List<CoachingRecord> { Answered("rep-01", W49.Plus(-2), CoachingOutcome.Done), Answered("rep-02", W49.Plus(-1), CoachingOutcome.Done) };

        var (second, reason) = CoachingSelection.Choose(Programme, "rep", W49, history, Triggers())!.Value;
        history.Add(Answered("rep-07", W49, CoachingOutcome.Done));
        var (third, thirdReason) = CoachingSelection.Choose(Programme, "rep", W49.Plus(1), history, Triggers())!.Value;

        Assert.Equal(("rep-07", SelectionReason.NextLevel, 2), (second.Id, reason.Trigger, reason.Number));
        Assert.Equal(("rep-12", SelectionReason.NextLevel, 3), (third.Id, thirdReason.Trigger, thirdReason.Number));
    }

    [Fact]
    public void ALevelOnceReachedStaysReachedButTheNextLevelIsNotPreferredOnceAnotherThemeWasDoneSince()
    {
        var history = new List<CoachingRecord>
        {
            Answered("rep-02", W49.Plus(-3), CoachingOutcome.Done),
            Answered("rep-01", W49.Plus(-2), CoachingOutcome.Done),
            Answered("rep-03", W49.Plus(-1), CoachingOutcome.Sent),
        };

        var (prompt, reason) = CoachingSelection.Choose(Programme, "rep", W49, history, Triggers())!.Value;
        var all = Programme.Track("rep").Where(p => !p.IsSituation && p.Id != "rep-07").Select(p => Answered(p.Id, W49.Plus(-1), CoachingOutcome.Done)).ToList();
        var lastOne = CoachingSelection.Choose(Programme, "rep", W49, [Answered("rep-02", W49.Plus(-20), CoachingOutcome.Done), .. all], Triggers())!.Value;

        // rep-01 (product knowledge) was done last: file order again, rep-04 next; rep-07 still comes, as the last plain one left.
        Assert.Equal(("rep-04", SelectionReason.Programme), (prompt.Id, reason.Trigger));
        Assert.Equal("rep-07", lastOne.Prompt.Id);
    }

    [Fact]
    public void AfterNotYetOnAFollowUpASmallerStepOfTheSameThemeComes()
    {
        // rep-12 (value selling, level 3) asked for a commitment; last week's card (rep-05) reported it not done yet.
        var history = new List<CoachingRecord>
        {
            Answered("rep-12", W49.Plus(-2), CoachingOutcome.Done) with { Commitment = "Meet the CFO of OCP", FollowUp = CommitmentFollowUp.NotYet },
            Answered("rep-05", W49.Plus(-1), CoachingOutcome.Done),
        };

        var (prompt, reason) = CoachingSelection.Choose(Programme, "rep", W49, history, Triggers())!.Value;

        Assert.Equal(("rep-07", SelectionReason.SmallerStep), (prompt.Id, reason.Trigger));
    }

    [Fact]
    public void AtLevelOneTheSmallerStepIsAnotherPromptOfTheThemeOneWithoutACommitmentFirst()
    {
        // rep-01 (product knowledge, level 1, commitment): rep-06 and rep-16 ask for none, rep-11 does.
        var history = new List<CoachingRecord>
        {
            Answered("rep-01", W49.Plus(-2), CoachingOutcome.Done) with { Commitment = "Describe the OCP process", FollowUp = CommitmentFollowUp.NotYet },
            Answered("rep-02", W49.Plus(-1), CoachingOutcome.Sent),
        };

        var (prompt, reason) = CoachingSelection.Choose(Programme, "rep", W49, history, Triggers())!.Value;

        Assert.Equal(("rep-06", SelectionReason.SmallerStep), (prompt.Id, reason.Trigger));
        Assert.False(prompt.Commitment);
    }

    [Theory]
    [InlineData(CommitmentFollowUp.Done)]
    [InlineData(CommitmentFollowUp.Partly)]
    public void DoneOrPartlyOnTheFollowUpGivesNoSmallerStep(CommitmentFollowUp followUp)
    {
        var history = new List<CoachingRecord>
        {
            Answered("rep-12", W49.Plus(-2), CoachingOutcome.Done) with { Commitment = "Meet the CFO of OCP", FollowUp = followUp },
            Answered("rep-05", W49.Plus(-1), CoachingOutcome.Done),
        };

        var (prompt, reason) = CoachingSelection.Choose(Programme, "rep", W49, history, Triggers())!.Value;

        Assert.NotEqual(SelectionReason.SmallerStep, reason.Trigger);
        Assert.Equal("rep-01", prompt.Id);
    }

    [Fact]
    public void ANotYetReportedLongerAgoThanLastWeeksCardGivesNoSmallerStepAndATriggerStillComesFirst()
    {
        var stalled = Answered("rep-12", W49.Plus(-3), CoachingOutcome.Done) with { Commitment = "Meet the CFO of OCP", FollowUp = CommitmentFollowUp.NotYet };
        var olderThanLastCard = new List<CoachingRecord> { stalled, Answered("rep-05", W49.Plus(-2), CoachingOutcome.Done), Answered("rep-10", W49.Plus(-1), CoachingOutcome.Sent) };
        var lastCard = new List<CoachingRecord> { stalled, Answered("rep-05", W49.Plus(-1), CoachingOutcome.Done) };

        Assert.Equal(SelectionReason.Programme, CoachingSelection.Choose(Programme, "rep", W49, olderThanLastCard, Triggers())!.Value.Reason.Trigger);
        Assert.Equal(("rep-presence-1", CoachingTracks.PresenceLow),
            CoachingSelection.Choose(Programme, "rep", W49, lastCard, Triggers(CoachingTracks.PresenceLow)) is var (p, r) ? (p.Id, r.Trigger) : default);
    }

    [Fact]
    public void WhenTheLevelJustBelowIsQuietTheSmallerStepGoesLowerAndWithNoneLeftTheProgrammeGoesOn()
    {
        // rep-07, value selling's level 2, was done four weeks ago and is still quiet: its level 1 (rep-02) comes.
        var history = new List<CoachingRecord>
        {
            Answered("rep-07", W49.Plus(-4), CoachingOutcome.Done),
            Answered("rep-12", W49.Plus(-2), CoachingOutcome.Done) with { Commitment = "Meet the CFO of OCP", FollowUp = CommitmentFollowUp.NotYet },
            Answered("rep-05", W49.Plus(-1), CoachingOutcome.Done),
        };
        // Product knowledge's other prompts (rep-06, rep-11, rep-16) all quiet: nothing smaller to offer.
        var noneLeft = new List<CoachingRecord>
        {
            Answered("rep-06", W49.Plus(-5), CoachingOutcome.NotRelevant),
            Answered("rep-11", W49.Plus(-4), CoachingOutcome.Done),
            Answered("rep-16", W49.Plus(-3), CoachingOutcome.Done),
            Answered("rep-01", W49.Plus(-2), CoachingOutcome.Done) with { Commitment = "Describe the OCP process", FollowUp = CommitmentFollowUp.NotYet },
            Answered("rep-02", W49.Plus(-1), CoachingOutcome.Sent),
        };

        Assert.Equal(("rep-02", SelectionReason.SmallerStep), CoachingSelection.Choose(Programme, "rep", W49, history, Triggers()) is var (p, r) ? (p.Id, r.Trigger) : default);
        Assert.Equal(("rep-03", SelectionReason.Programme), CoachingSelection.Choose(Programme, "rep", W49, noneLeft, Triggers()) is var (q, s) ? (q.Id, s.Trigger) : default);
    }
}
