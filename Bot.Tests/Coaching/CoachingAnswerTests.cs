using System.Text.Json.Nodes;
using CoachBot.Calendar;
using CoachBot.Coaching;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Coaching;

/// <summary>Answering a prompt card through the pipeline (Action.Execute invokes), the card replaced in place, on a fake clock.</summary>
public sealed class CoachingAnswerTests
{
    private static readonly IsoWeek W49 = new(2026, 49);

    private static bool HasButton(JsonObject card, string verb) =>
        card["actions"]!.AsArray().Any(a => a!["verb"]?.GetValue<string>() == verb);

    [Fact]
    public async Task LaterBringsThePromptBackTwoDaysLaterAtMostTwice()
    {
        await using var bed = await BotTestBed.StartCoachingAsync(BotTestBed.TuesdayW49);
        await bed.InstallAsync(BotTestBed.Omar);
        await bed.SendWeekAsync();
        var card = bed.LastPromptCard(BotTestBed.Omar);

        var postponed = await bed.AnswerAsync(BotTestBed.Omar, card, CoachingCards.LaterVerb);
        var resent = await bed.AnswerAsync(BotTestBed.Omar, card, CoachingCards.LaterVerb); // the same click again
        Assert.Contains(BotTestBed.Text("en", "coaching_note_later", "Thursday 3 December at 09:30"), CardText.Joined(postponed));
        Assert.Equal(CardText.All(postponed), CardText.All(resent));
        Assert.Equal(1, (await bed.RecordAsync(BotTestBed.Omar, W49)).LaterCount);
        Assert.Empty(await bed.CoachingCampaigns.SendLaterAsync(CancellationToken.None));
        bed.MoveTo(BotTestBed.TuesdayW49.AddDays(2).AddMinutes(-1));
        Assert.Empty(await bed.CoachingCampaigns.SendLaterAsync(CancellationToken.None));

        bed.MoveTo(BotTestBed.TuesdayW49.AddDays(2));
        var back = await bed.CoachingCampaigns.SendLaterAsync(CancellationToken.None);
        var again = await bed.CoachingCampaigns.SendLaterAsync(CancellationToken.None);

        Assert.Equal(("coaching/2026-W49/rep/later-1", 1), (Assert.Single(back).CampaignId, back[0].Sent));
        Assert.Empty(again);
        var second = bed.LastPromptCard(BotTestBed.Omar);
        Assert.Equal(2, bed.PromptCards(BotTestBed.Omar).Count);
        Assert.Equal(BotTestBed.PromptIdOf(card), BotTestBed.PromptIdOf(second));
        Assert.Contains(BotTestBed.Text("en", "coaching_resend", "1", "2"), CardText.Joined(second));
        Assert.True(HasButton(second, CoachingCards.LaterVerb));

        await bed.AnswerAsync(BotTestBed.Omar, second, CoachingCards.LaterVerb);
        bed.MoveTo(BotTestBed.TuesdayW49.AddDays(4));
        Assert.Equal("coaching/2026-W49/rep/later-2", Assert.Single(await bed.CoachingCampaigns.SendLaterAsync(CancellationToken.None)).CampaignId);
        var third = bed.LastPromptCard(BotTestBed.Omar);
        Assert.Contains(BotTestBed.Text("en", "coaching_resend", "2", "2"), CardText.Joined(third));
        Assert.False(HasButton(third, CoachingCards.LaterVerb));

        // A third "Later" (an old card, or crafted data) is refused on the card and changes nothing.
        var refused = await bed.AnswerAsync(BotTestBed.Omar, third, CoachingCards.LaterVerb, new JsonObject { ["reflection"] = "Not this week" });
        Assert.Contains(BotTestBed.Text("en", "coaching_error_later_limit", "2"), CardText.Joined(refused));
        Assert.Equal("Not this week", CardText.Input(refused, "reflection")!["value"]!.GetValue<string>());
        var record = await bed.RecordAsync(BotTestBed.Omar, W49);
        Assert.Equal((CoachingOutcome.Later, 2, 2), (record.Outcome, record.LaterCount, record.Resent));
        bed.MoveTo(BotTestBed.TuesdayW49.AddDays(10));
        Assert.Empty(await bed.CoachingCampaigns.SendLaterAsync(CancellationToken.None));
        Assert.Equal(3, bed.PromptCards(BotTestBed.Omar).Count);

        var done = await bed.AnswerAsync(BotTestBed.Omar, third, CoachingCards.DoneVerb);
        Assert.Contains(BotTestBed.Text("en", "coaching_note_done"), CardText.Joined(done));
    }

    [Fact]
    public async Task ACommitmentIsStoredAndNextWeeksCardOpensWithItsFollowUpWhoseAnswerIsKept()
    {
        await using var bed = await BotTestBed.StartCoachingAsync(BotTestBed.TuesdayW49);
        await bed.InstallAsync(BotTestBed.Omar);
        await bed.StartedLongAgoAsync(BotTestBed.Omar, "rep-19");
        await bed.SendWeekAsync();
        var first = bed.LastPromptCard(BotTestBed.Omar);
        Assert.Equal("rep-01", BotTestBed.PromptIdOf(first)); // asks for a commitment
        Assert.NotNull(CardText.Input(first, "commitment"));
        Assert.Null(CardText.Input(first, "followUp"));

        var answered = await bed.AnswerAsync(BotTestBed.Omar, first, CoachingCards.DoneVerb, new JsonObject
        {
            ["reflection"] = "The OCP visit moved because I brought the reference case.",
            ["commitment"] = "  Call two distributors in Kenya  ",
        });
        Assert.Contains(BotTestBed.Text("en", "coaching_note_done_commitment"), CardText.Joined(answered));
        Assert.Contains("Call two distributors in Kenya", CardText.All(answered));
        var progress = (await bed.SayAsync(BotTestBed.Omar, "my programme")).Card;
        Assert.Contains(BotTestBed.Text("en", "coaching_progress_commitment", "49", "Call two distributors in Kenya"), CardText.Joined(progress));

        bed.MoveTo(BotTestBed.TuesdayW49.AddDays(7));
        await bed.SendWeekAsync();
        var next = bed.LastPromptCard(BotTestBed.Omar);
        var texts = CardText.All(next);
        Assert.Equal(BotTestBed.Text("en", "coaching_follow_up", "Call two distributors in Kenya"), texts[2]);
        Assert.NotNull(CardText.Input(next, "followUp"));
        Assert.Null(CardText.Input(next, "commitment")); // rep-02 asks for none

        var refused = await bed.AnswerAsync(BotTestBed.Omar, next, CoachingCards.DoneVerb, new JsonObject { ["followUp"] = "maybe" });
        Assert.Contains("For last week's commitment, please choose done, partly or not yet.", CardText.Joined(refused));
        var kept = await bed.AnswerAsync(BotTestBed.Omar, next, CoachingCards.SkipVerb, new JsonObject { ["followUp"] = "partly" });

        Assert.Contains("Call two distributors in Kenya (Partly)", CardText.All(kept));
        var history = await bed.Bot.Service<ICoachingHistory>().ListAllAsync(CancellationToken.None);
        var w49 = Assert.Single(history, e => e.Week == "2026-W49");
        Assert.Equal(("rep-01", CoachingOutcome.Done, "Call two distributors in Kenya", CommitmentFollowUp.Partly, "The OCP visit moved because I brought the reference case."),
            (w49.PromptId, w49.Outcome, w49.Commitment, w49.FollowUp, w49.Reflection));
        Assert.Equal(CoachingOutcome.NotRelevant, Assert.Single(history, e => e.Week == "2026-W50").Outcome);
        progress = (await bed.SayAsync(BotTestBed.Omar, "my programme")).Card;
        Assert.DoesNotContain("Open commitment", CardText.Joined(progress));
    }

    [Fact]
    public async Task AReflectionTooLongIsRefusedOnTheCardWithTheTextKeptAndNothingStored()
    {
        await using var bed = await BotTestBed.StartCoachingAsync(BotTestBed.TuesdayW49);
        await bed.InstallAsync(BotTestBed.Nadia);
        await bed.SendWeekAsync();
        var card = bed.LastPromptCard(BotTestBed.Nadia);
        var tooLong = new string('x', CoachingService.MaxReflectionLength + 1);

        var refused = await bed.AnswerAsync(BotTestBed.Nadia, card, CoachingCards.DoneVerb, new JsonObject { ["reflection"] = tooLong });

        Assert.Contains(BotTestBed.Text("fr", "coaching_error_reflection_too_long", "500", "501"), CardText.Joined(refused));
        Assert.Equal(tooLong, CardText.Input(refused, "reflection")!["value"]!.GetValue<string>());
        Assert.True(HasButton(refused, CoachingCards.DoneVerb));
        var record = await bed.RecordAsync(BotTestBed.Nadia, W49);
        Assert.Equal((CoachingOutcome.Sent, (string?)null), (record.Outcome, record.Reflection));
    }

    [Fact]
    public async Task NobodyCanAnswerAnotherPersonsPromptWithForgedCardData()
    {
        await using var bed = await BotTestBed.StartCoachingAsync(BotTestBed.TuesdayW49);
        await bed.InstallAsync(BotTestBed.Omar, BotTestBed.Nadia);
        await bed.StartedLongAgoAsync(BotTestBed.Nadia, "rep-19");
        await bed.SendWeekAsync();
        var nadias = bed.LastPromptCard(BotTestBed.Nadia);
        Assert.NotEqual(BotTestBed.PromptIdOf(nadias), BotTestBed.PromptIdOf(bed.LastPromptCard(BotTestBed.Omar)));

        // Omar clicks with Nadia's card data, and names her in every way a payload could.
        var forged = await bed.ClickAsync(BotTestBed.Omar, CoachingCards.DoneVerb, new JsonObject
        {
            ["week"] = BotTestBed.WeekOf(nadias),
            ["prompt"] = BotTestBed.PromptIdOf(nadias),
            ["memberId"] = bed.Member(BotTestBed.Nadia).Id,
            ["aadObjectId"] = BotTestBed.Nadia.AadObjectId,
            ["reflection"] = "Forged",
        });

        Assert.Contains("This coaching card is not yours, or it is no longer open.", CardText.Joined(forged));
        Assert.Equal((CoachingOutcome.Sent, (string?)null), ((await bed.RecordAsync(BotTestBed.Nadia, W49)).Outcome, (await bed.RecordAsync(BotTestBed.Nadia, W49)).Reflection));
        Assert.Equal(CoachingOutcome.Sent, (await bed.RecordAsync(BotTestBed.Omar, W49)).Outcome);
        var unknownWeek = await bed.ClickAsync(BotTestBed.Omar, CoachingCards.DoneVerb, new JsonObject { ["week"] = "2026-W40", ["prompt"] = "rep-01" });
        Assert.Contains("This coaching card is not yours", CardText.Joined(unknownWeek));
    }

    [Fact]
    public async Task AnAnsweredPromptKeepsItsAnswerWhenClickedAgain()
    {
        await using var bed = await BotTestBed.StartCoachingAsync(BotTestBed.TuesdayW49);
        await bed.InstallAsync(BotTestBed.Omar);
        await bed.SendWeekAsync();
        var card = bed.LastPromptCard(BotTestBed.Omar);

        var first = await bed.AnswerAsync(BotTestBed.Omar, card, CoachingCards.SkipVerb);
        var second = await bed.AnswerAsync(BotTestBed.Omar, card, CoachingCards.DoneVerb, new JsonObject { ["reflection"] = "changed my mind" });

        Assert.Contains(BotTestBed.Text("en", "coaching_note_not_relevant"), CardText.Joined(first));
        Assert.Contains(BotTestBed.Text("en", "coaching_note_already"), CardText.Joined(second));
        var record = await bed.RecordAsync(BotTestBed.Omar, W49);
        Assert.Equal((CoachingOutcome.NotRelevant, (string?)null), (record.Outcome, record.Reflection));
    }
}
