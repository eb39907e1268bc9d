using System.Text.Json.Nodes;
using CoachBot.Coaching;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Coaching;

/// <summary>
/// A prompt saved with a commitment is done only once next week's card reports it done (CoachingDone), the same in
/// <c>my programme</c>, <c>team</c>, the digests and the Dashboard: the card says next week will ask, so nothing counts before.
/// </summary>
public sealed class CoachingDoneTests
{
    [Fact]
    public async Task ACommitmentSavedCountsAsDoneOnlyOnceNextWeeksCardReportsItDone()
    {
        await using var bed = await BotTestBed.StartCoachingAsync(BotTestBed.TuesdayW49);
        await bed.InstallAsync(BotTestBed.Omar, TestRoster.Director);
        await bed.StartedLongAgoAsync(BotTestBed.Omar, "rep-19");
        await bed.SendWeekAsync();
        var first = bed.LastPromptCard(BotTestBed.Omar);
        var length = bed.Bot.Service<ICoachingHistory>().TrackLength("rep");
        await bed.AnswerAsync(BotTestBed.Omar, first, CoachingCards.DoneVerb, new JsonObject { ["commitment"] = "Call two distributors in Kenya" });
        await bed.SayAsync(TestRoster.Director, "language en");

        // rep-19, done long ago, is his one prompt done so far.
        var saved = CardText.Joined((await bed.SayAsync(BotTestBed.Omar, "my programme")).Card);
        Assert.Contains(BotTestBed.Text("en", "coaching_progress_intro", 1, length), saved);
        Assert.Contains(BotTestBed.Plural("en", "coaching_progress_waiting", 1), saved);
        Assert.Contains(BotTestBed.Text("en", "team_coaching", 1, length), OmarsRow(await bed.SayAsync(TestRoster.Director, "team")));

        bed.MoveTo(BotTestBed.TuesdayW49.AddDays(7));
        await bed.SendWeekAsync();
        await bed.AnswerAsync(BotTestBed.Omar, bed.LastPromptCard(BotTestBed.Omar), CoachingCards.SkipVerb, new JsonObject { ["followUp"] = "done" });

        var reported = CardText.Joined((await bed.SayAsync(BotTestBed.Omar, "my programme")).Card);
        Assert.Contains(BotTestBed.Text("en", "coaching_progress_intro", 2, length), reported);
        Assert.DoesNotContain(BotTestBed.Plural("en", "coaching_progress_waiting", 1), reported);
        Assert.Contains(BotTestBed.Text("en", "team_coaching", 2, length), OmarsRow(await bed.SayAsync(TestRoster.Director, "team")));
    }

    [Theory]
    [InlineData(null, null, true)]
    [InlineData("Call two distributors", null, false)]
    [InlineData("Call two distributors", CommitmentFollowUp.Done, true)]
    [InlineData("Call two distributors", CommitmentFollowUp.Partly, false)]
    [InlineData("Call two distributors", CommitmentFollowUp.NotYet, false)]
    public void DoneIsSavedWithoutACommitmentOrWithOneReportedDone(string? commitment, CommitmentFollowUp? followUp, bool done)
    {
        Assert.Equal(done, CoachingDone.Counts(CoachingOutcome.Done, commitment, followUp));
        Assert.False(CoachingDone.Counts(CoachingOutcome.NotRelevant, commitment, followUp));
        Assert.Equal(commitment is not null && followUp is null, CoachingDone.AwaitsFollowUp(CoachingOutcome.Done, commitment, followUp));
    }

    private static string OmarsRow(RecordedActivity team) =>
        CardText.Elements(team.Card).Single(e => e["title"]?.GetValue<string>() == BotTestBed.Omar.Name)["value"]!.GetValue<string>();
}
