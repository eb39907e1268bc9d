using System.Text.Json.Nodes;
using CoachBot.Calendar;
using CoachBot.Localization;
using CoachBot.CheckIns;
using CoachBot.Coaching;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Coaching;

/// <summary>
/// Which prompt each person gets, through the real weekly run: real check-ins in the check-in table, the coaching table,
/// the delivery engine and the loopback connector, on a fake clock. The week is 2026-W49 (Tuesday 1 December).
/// </summary>
public sealed class CoachingSelectionTests
{
    private static readonly IsoWeek W49 = new(2026, 49);

    [Fact]
    public async Task ARepUnderTargetTwoWeeksRunningGetsThePresencePromptAndTheCardNamesTheFigures()
    {
        await using var bed = await BotTestBed.StartCoachingAsync(BotTestBed.TuesdayW49);
        await bed.InstallAsync(BotTestBed.Omar);
        await bed.StartedLongAgoAsync(BotTestBed.Omar, "rep-19");
        await bed.CheckInAsync(BotTestBed.Omar, W49.Plus(-2), fieldDays: 1);
        await bed.CheckInAsync(BotTestBed.Omar, W49.Plus(-1), fieldDays: 0);

        var results = await bed.SendWeekAsync();

        var card = bed.LastPromptCard(BotTestBed.Omar);
        Assert.Equal("rep-presence-1", BotTestBed.PromptIdOf(card));
        var text = CardText.Joined(card);
        Assert.Contains("Prompt rep-presence-1", text);
        Assert.Contains(BotTestBed.Text("en", "coaching_why_presence-low-2w", "20%", "0%", "40%"), text);
        Assert.Contains(results, r => r.CampaignId == "coaching/2026-W49/rep" && r.Sent == 1);
    }

    [Fact]
    public async Task ARepAwayOnTheDayThePromptsGoOutGetsNoneThatWeekAndTheOthersGetTheirs()
    {
        await using var bed = await BotTestBed.StartCoachingAsync(BotTestBed.TuesdayW49);
        await bed.InstallAsync(BotTestBed.Omar, BotTestBed.Nadia);
        var store = bed.Bot.Service<CheckInStore>();
        await store.SetAwayAsync(bed.Member(BotTestBed.Omar).Id, new AwayPeriod(new DateOnly(2026, 11, 30), new DateOnly(2026, 12, 1)), CancellationToken.None);
        await store.SetAwayAsync(bed.Member(BotTestBed.Nadia).Id, new AwayPeriod(new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 30)), CancellationToken.None);

        await bed.SendWeekAsync();

        Assert.Empty(bed.PromptCards(BotTestBed.Omar));
        Assert.Empty(await bed.CoachingStore.ReadMemberAsync(bed.Member(BotTestBed.Omar).Id, CancellationToken.None));
        Assert.Single(bed.PromptCards(BotTestBed.Nadia));
    }

    [Fact]
    public async Task ARepWhoseLastCheckInPlannedNoVisitGetsThePlanningPrompt()
    {
        await using var bed = await BotTestBed.StartCoachingAsync(BotTestBed.TuesdayW49);
        await bed.InstallAsync(BotTestBed.Omar);
        await bed.StartedLongAgoAsync(BotTestBed.Omar, "rep-19");
        await bed.CheckInAsync(BotTestBed.Omar, W49.Plus(-2), fieldDays: 3, plannedVisits: 0);
        await bed.CheckInAsync(BotTestBed.Omar, W49.Plus(-1), fieldDays: 3, plannedVisits: 0);

        await bed.SendWeekAsync();

        var card = bed.LastPromptCard(BotTestBed.Omar);
        Assert.Equal("rep-planning-1", BotTestBed.PromptIdOf(card));
        Assert.Contains(BotTestBed.Text("en", "coaching_why_no-visits-planned", "48"), CardText.Joined(card));
    }

    [Fact]
    public async Task ARepWithARequestDeclinedInTheLastFortnightGetsTheCrossBuPromptButOneDeclinedEarlierDoesNot()
    {
        await using var bed = await BotTestBed.StartCoachingAsync(BotTestBed.TuesdayW49);
        await bed.InstallAsync(BotTestBed.Omar, BotTestBed.Nadia);
        await bed.StartedLongAgoAsync(BotTestBed.Omar, "rep-19");
        await bed.StartedLongAgoAsync(BotTestBed.Nadia, "rep-19");
        bed.Requests.Declined(bed.Member(BotTestBed.Omar), "pumps", BotTestBed.TuesdayW49.AddDays(-5));
        bed.Requests.Declined(bed.Member(BotTestBed.Nadia), "pumps", BotTestBed.TuesdayW49.AddDays(-15));

        await bed.SendWeekAsync();

        var omar = bed.LastPromptCard(BotTestBed.Omar);
        Assert.Equal("rep-crossbu-1", BotTestBed.PromptIdOf(omar));
        Assert.Contains(BotTestBed.Text("en", "coaching_why_bu-request-declined-14d", "26 November", "Pumps & Valves"), CardText.Joined(omar));
        Assert.Equal("rep-01", BotTestBed.PromptIdOf(bed.LastPromptCard(BotTestBed.Nadia)));
    }

    [Fact]
    public async Task ANewcomerGetsTheWelcomePromptInTheirLanguageForTheirFirstFourWeeksOnly()
    {
        await using var bed = await BotTestBed.StartCoachingAsync(BotTestBed.TuesdayW49);
        await bed.InstallAsync(BotTestBed.Nadia);

        var sent = new List<string>();
        for (var week = 0; week < 5; week++)
        {
            bed.MoveTo(BotTestBed.TuesdayW49.AddDays(7 * week));
            await bed.SendWeekAsync();
            sent.Add(BotTestBed.PromptIdOf(bed.LastPromptCard(BotTestBed.Nadia)));
        }

        var first = bed.PromptCards(BotTestBed.Nadia)[0].Card;
        Assert.Contains("Pourquoi cet exercice\u00a0: c’est votre semaine 1 sur les quatre premières du programme.", CardText.Joined(first));
        Assert.Contains("Exercice rep-welcome-1", CardText.Joined(first));
        Assert.Contains("c’est votre semaine 4 sur les quatre", CardText.Joined(bed.PromptCards(BotTestBed.Nadia)[3].Card));
        // Not answered, it stays the only welcome prompt for four weeks; the fifth week the programme starts.
        Assert.Equal(["rep-welcome-1", "rep-welcome-1", "rep-welcome-1", "rep-welcome-1", "rep-01"], sent);
    }

    [Fact]
    public async Task TheDirectorGetsThePromptAboutARepUnderTargetThreeWeeksRunningNamingTheRep()
    {
        await using var bed = await BotTestBed.StartCoachingAsync(BotTestBed.TuesdayW49);
        await bed.InstallAsync(TestRoster.Director);
        await bed.StartedLongAgoAsync(TestRoster.Director, "director-06");
        foreach (var back in new[] { 1, 2, 3 })
        {
            await bed.CheckInAsync(TestRoster.Rep, W49.Plus(-back), fieldDays: 1);
            // Omar was under target only two of the three weeks: not named.
            await bed.CheckInAsync(BotTestBed.Omar, W49.Plus(-back), fieldDays: back == 3 ? 4 : 1);
        }

        var results = await bed.SendWeekAsync(BotTestBed.Paris);

        var card = bed.LastPromptCard(TestRoster.Director);
        Assert.Equal("director-under-1", BotTestBed.PromptIdOf(card));
        // Claire's Teams is French: so is her card.
        var target = bed.Bot.Service<CoachBot.Localization.Texts>().Percent(0.40, "fr");
        Assert.Contains(new Texts().Format("fr", "coaching_why_rep-under-target-3w", "Amina Haddad", target), CardText.Joined(card));
        Assert.Contains(results, r => r.CampaignId == "coaching/2026-W49/director" && r.Sent == 1);
    }

    [Fact]
    public async Task TriggersAreTriedInTheirFixedOrderPresenceBeforePlanningBeforeADeclinedRequest()
    {
        await using var bed = await BotTestBed.StartCoachingAsync(BotTestBed.TuesdayW49);
        await bed.InstallAsync(BotTestBed.Omar);
        await bed.StartedLongAgoAsync(BotTestBed.Omar, "rep-19");
        await bed.CheckInAsync(BotTestBed.Omar, W49.Plus(-2), fieldDays: 1, plannedVisits: 0);
        await bed.CheckInAsync(BotTestBed.Omar, W49.Plus(-1), fieldDays: 1, plannedVisits: 0);
        bed.Requests.Declined(bed.Member(BotTestBed.Omar), "pumps", BotTestBed.TuesdayW49.AddDays(-1));

        await bed.SendWeekAsync();
        var first = bed.LastPromptCard(BotTestBed.Omar);
        await bed.AnswerAsync(BotTestBed.Omar, first, CoachingCards.DoneVerb);

        Assert.Equal("rep-presence-1", BotTestBed.PromptIdOf(first));
    }

    [Fact]
    public async Task WithoutATriggerThePromptsOfTheTrackComeInOrderAndAnUnansweredOneWaitsBehindTheUnsentOnes()
    {
        await using var bed = await BotTestBed.StartCoachingAsync(BotTestBed.TuesdayW49);
        await bed.InstallAsync(BotTestBed.Omar);
        await bed.StartedLongAgoAsync(BotTestBed.Omar, "rep-19");

        var sent = new List<string>();
        for (var week = 0; week < 3; week++)
        {
            bed.MoveTo(BotTestBed.TuesdayW49.AddDays(7 * week));
            await bed.SendWeekAsync();
            var card = bed.LastPromptCard(BotTestBed.Omar);
            sent.Add(BotTestBed.PromptIdOf(card));
            if (week == 0)
            {
                await bed.AnswerAsync(BotTestBed.Omar, card, CoachingCards.DoneVerb);
            }
        }

        // rep-02 was sent in W50 and never answered: W51 moves on to rep-03.
        Assert.Equal(["rep-01", "rep-02", "rep-03"], sent);
        Assert.Contains(BotTestBed.Text("en", "coaching_why_programme", "Product knowledge"), CardText.Joined(bed.PromptCards(BotTestBed.Omar)[0].Card));
    }

    [Fact]
    public async Task DoneAndNotRelevantPromptsAreNotChosenAgainWhileTheTriggerStillHolds()
    {
        await using var bed = await BotTestBed.StartCoachingAsync(BotTestBed.TuesdayW49);
        await bed.InstallAsync(BotTestBed.Omar);
        await bed.StartedLongAgoAsync(BotTestBed.Omar, "rep-19");
        for (var back = -2; back <= 2; back++)
        {
            await bed.CheckInAsync(BotTestBed.Omar, W49.Plus(back), fieldDays: 1);
        }

        var sent = new List<string>();
        foreach (var (week, verb) in new[] { (0, CoachingCards.DoneVerb), (1, CoachingCards.SkipVerb), (2, CoachingCards.DoneVerb) })
        {
            bed.MoveTo(BotTestBed.TuesdayW49.AddDays(7 * week));
            await bed.SendWeekAsync();
            var card = bed.LastPromptCard(BotTestBed.Omar);
            sent.Add(BotTestBed.PromptIdOf(card));
            await bed.AnswerAsync(BotTestBed.Omar, card, verb);
        }

        // Both presence prompts answered: the third low week falls back to the programme.
        Assert.Equal(["rep-presence-1", "rep-presence-2", "rep-01"], sent);
    }

    [Fact]
    public async Task ARerunOfTheWeeklyJobSendsNothingTwiceAndKeepsTheChosenPrompt()
    {
        await using var bed = await BotTestBed.StartCoachingAsync(BotTestBed.TuesdayW49);
        await bed.InstallAsync(BotTestBed.Omar, TestRoster.Sponsor);

        var first = await bed.SendWeekAsync();
        await bed.CheckInAsync(BotTestBed.Omar, W49.Plus(-1), fieldDays: 3, plannedVisits: 0);
        var again = await bed.SendWeekAsync();

        Assert.Equal(["coaching/2026-W49/rep", "coaching/2026-W49/sponsor"], first.Select(r => r.CampaignId));
        Assert.Equal([1, 1], first.Select(r => r.Sent));
        Assert.Equal([0, 0], again.Select(r => r.Sent));
        Assert.Single(bed.PromptCards(BotTestBed.Omar));
        Assert.Equal("rep-welcome-1", (await bed.RecordAsync(BotTestBed.Omar, W49)).PromptId);
        Assert.Equal("sponsor-welcome-1", BotTestBed.PromptIdOf(bed.LastPromptCard(TestRoster.Sponsor)));
    }

    [Fact]
    public async Task EachZonesRunAddsItsOwnPeopleToTheTracksCampaignOfTheWeek()
    {
        await using var bed = await BotTestBed.StartCoachingAsync(BotTestBed.TuesdayW49);
        await bed.InstallAsync(BotTestBed.Omar, TestRoster.EnglishRep);

        var casablanca = Assert.Single(await bed.SendWeekAsync());
        var singapore = Assert.Single(await bed.SendWeekAsync("Asia/Singapore"));

        Assert.Equal(("coaching/2026-W49/rep", 1), (casablanca.CampaignId, casablanca.Sent));
        Assert.Equal(("coaching/2026-W49/rep", 1, 0), (singapore.CampaignId, singapore.Sent, singapore.AlreadyDone));
        Assert.Single(bed.PromptCards(BotTestBed.Omar));
        Assert.Single(bed.PromptCards(TestRoster.EnglishRep));
    }

    [Fact]
    public async Task NotYetOnLastWeeksCommitmentBringsASmallerStepOfItsThemeAndDoingAStepBringsTheNextLevel()
    {
        await using var bed = await BotTestBed.StartCoachingAsync(BotTestBed.TuesdayW49);
        await bed.InstallAsync(BotTestBed.Omar, BotTestBed.Nadia);
        TeamsUserAccount[] both = [BotTestBed.Omar, BotTestBed.Nadia];
        foreach (var user in both)
        {
            await bed.StartedLongAgoAsync(user, "rep-19");
        }

        // W49: rep-01 (product knowledge, level 1) asks for a commitment; both save one.
        await bed.SendWeekAsync();
        foreach (var user in both)
        {
            Assert.Equal("rep-01", BotTestBed.PromptIdOf(bed.LastPromptCard(user)));
            await bed.AnswerAsync(user, bed.LastPromptCard(user), CoachingCards.DoneVerb, new JsonObject { ["commitment"] = "Describe the OCP process" });
        }
        // W50: rep-02 (value selling, level 1), opening with the follow-up: Omar has not done it yet, Nadia has.
        bed.MoveTo(BotTestBed.TuesdayW49.AddDays(7));
        await bed.SendWeekAsync();
        await bed.AnswerAsync(BotTestBed.Omar, bed.LastPromptCard(BotTestBed.Omar), CoachingCards.DoneVerb, new JsonObject { ["followUp"] = "notYet" });
        await bed.AnswerAsync(BotTestBed.Nadia, bed.LastPromptCard(BotTestBed.Nadia), CoachingCards.DoneVerb, new JsonObject { ["followUp"] = "done" });

        bed.MoveTo(BotTestBed.TuesdayW49.AddDays(14));
        await bed.SendWeekAsync();

        // Omar: a smaller step of product knowledge, one without a commitment (rep-06). Nadia: value selling's level 2 (rep-07).
        var omar = bed.LastPromptCard(BotTestBed.Omar);
        var nadia = bed.LastPromptCard(BotTestBed.Nadia);
        Assert.Equal(("rep-06", "rep-07"), (BotTestBed.PromptIdOf(omar), BotTestBed.PromptIdOf(nadia)));
        Assert.Contains(BotTestBed.Text("en", "coaching_why_smaller-step", "Product knowledge"), CardText.Joined(omar));
        Assert.Contains(BotTestBed.Text("fr", "coaching_why_next-level", "Vente de la valeur", "2"), CardText.Joined(nadia));
        Assert.Equal((SelectionReason.SmallerStep, SelectionReason.NextLevel),
            ((await bed.RecordAsync(BotTestBed.Omar, W49.Plus(2))).Reason.Trigger, (await bed.RecordAsync(BotTestBed.Nadia, W49.Plus(2))).Reason.Trigger));
    }
}
