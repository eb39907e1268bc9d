using CoachBot.Calendar;
using CoachBot.CheckIns;
using CoachBot.Coaching;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Coaching;

/// <summary>
/// Coaching answers what the rep wrote: the blocker typed in last week's check-in card (through the bot, stored in
/// Azurite) gives the theme of the next prompt, and the card quotes it; two weeks of low confidence bring the
/// confidence prompts. The weekly run is the real one, on a fake clock (Tuesday 1 December 2026, week 49).
/// </summary>
public sealed class BlockerCoachingTests
{
    private static readonly IsoWeek W49 = new(2026, 49);

    [Fact]
    public async Task TheNextPromptComesFromTheThemeOfLastWeeksBlockerAndQuotesItInEachLanguage()
    {
        await using var bed = await BotTestBed.StartCoachingAsync(BotTestBed.TuesdayW49);
        await bed.InstallAsync(BotTestBed.Omar, BotTestBed.Nadia);
        await bed.StartedLongAgoAsync(BotTestBed.Omar, "rep-19");
        await bed.StartedLongAgoAsync(BotTestBed.Nadia, "rep-19");
        await bed.SubmitAsync(BotTestBed.Omar, "2026-W48", BotTestBed.Answer(blocker: "Customers keep CANCELLING our Meetings in Lagos"));
        await bed.SubmitAsync(BotTestBed.Nadia, "2026-W48", BotTestBed.Answer(blocker: "Le client ne regarde que le prix, trop chère à ses yeux"));

        await bed.SendWeekAsync();

        var omar = bed.LastPromptCard(BotTestBed.Omar);
        Assert.Equal("rep-03", BotTestBed.PromptIdOf(omar));
        Assert.Contains("Why this one: you wrote last week: «Customers keep CANCELLING our Meetings in Lagos». It is about \"Visit planning\".", CardText.Joined(omar));
        var nadia = bed.LastPromptCard(BotTestBed.Nadia);
        Assert.Equal("rep-02", BotTestBed.PromptIdOf(nadia));
        Assert.Contains("vous écriviez la semaine dernière\u00a0: «\u00a0Le client ne regarde que le prix, trop chère à ses yeux\u00a0». Il porte sur «\u00a0Vente de la valeur\u00a0».",
            CardText.Joined(nadia));
        var record = await bed.RecordAsync(BotTestBed.Omar, W49);
        Assert.Equal((CoachingTracks.Blocker, "visit-planning"), (record.Reason.Trigger, record.Reason.Theme));
    }

    [Theory]
    [InlineData("RAS")]
    [InlineData("-")]
    [InlineData("nothing")]
    [InlineData("Lots of rain in Casablanca")]
    public async Task ABlockerWithNoThemeLeavesTheProgrammeAsItWas(string blocker)
    {
        await using var bed = await BotTestBed.StartCoachingAsync(BotTestBed.TuesdayW49);
        await bed.InstallAsync(BotTestBed.Omar);
        await bed.StartedLongAgoAsync(BotTestBed.Omar, "rep-19");
        await bed.SubmitAsync(BotTestBed.Omar, "2026-W48", BotTestBed.Answer(blocker: blocker));

        await bed.SendWeekAsync();

        var card = bed.LastPromptCard(BotTestBed.Omar);
        Assert.Equal("rep-01", BotTestBed.PromptIdOf(card));
        Assert.DoesNotContain("you wrote last week", CardText.Joined(card));
    }

    [Fact]
    public async Task ABlockerOfTwoWeeksAgoOrOfAThemeAlreadyDoneChangesNothing()
    {
        await using var bed = await BotTestBed.StartCoachingAsync(BotTestBed.TuesdayW49);
        await bed.InstallAsync(BotTestBed.Omar, BotTestBed.Nadia);
        await bed.StartedLongAgoAsync(BotTestBed.Omar, "rep-19");
        await bed.StartedLongAgoAsync(BotTestBed.Nadia, "rep-19");
        // Omar wrote his blocker two weeks ago (week 47), nothing last week.
        await bed.Bot.Service<CheckInStore>().TryAddAsync(bed.Member(BotTestBed.Omar).Id, new WeeklyCheckIn(W49.Plus(-2),
            new CheckInAnswer(3, 2, 3, "", "", "Customers cancel meetings", 4, false), 5, BotTestBed.TuesdayW49.AddDays(-14), 1), CancellationToken.None);
        // Nadia has done every visit-planning prompt of the programme (rep-03, 08, 13, 18 and the welcome one).
        foreach (var (id, back) in new[] { ("rep-03", 30), ("rep-08", 29), ("rep-13", 28), ("rep-18", 27), ("rep-welcome-1", 26) })
        {
            await DoneAsync(bed, BotTestBed.Nadia, id, new IsoWeek(2026, 20).Plus(-back));
        }
        await bed.SubmitAsync(BotTestBed.Nadia, "2026-W48", BotTestBed.Answer(blocker: "Pas de rendez-vous cette semaine, agenda vide"));

        await bed.SendWeekAsync();

        Assert.Equal("rep-01", BotTestBed.PromptIdOf(bed.LastPromptCard(BotTestBed.Omar)));
        Assert.Equal("rep-01", BotTestBed.PromptIdOf(bed.LastPromptCard(BotTestBed.Nadia)));
    }

    [Fact]
    public async Task AVeryLongBlockerIsQuotedCutAtAWord()
    {
        await using var bed = await BotTestBed.StartCoachingAsync(BotTestBed.TuesdayW49);
        await bed.InstallAsync(BotTestBed.Omar);
        await bed.StartedLongAgoAsync(BotTestBed.Omar, "rep-19");
        var blocker = "The customers in Lagos and Abuja cancelled every meeting I had planned, " + string.Join(" ", Enumerable.Repeat("again and again", 20));
        await bed.SubmitAsync(BotTestBed.Omar, "2026-W48", BotTestBed.Answer(blocker: blocker));

        await bed.SendWeekAsync();

        var text = CardText.Joined(bed.LastPromptCard(BotTestBed.Omar));
        var quote = text[(text.IndexOf('«') + 1)..text.IndexOf('»')];
        Assert.EndsWith("…", quote);
        Assert.True(quote.Length <= SignalSnapshot.MaxQuote + 1, quote);
        Assert.StartsWith("The customers in Lagos and Abuja cancelled every meeting", quote);
        Assert.DoesNotContain("agai…", quote);
    }

    [Fact]
    public async Task ConfidenceAtMostTwoTwoWeeksRunningBringsAConfidencePromptThatNamesTheScores()
    {
        var settings = new Dictionary<string, string?> { ["Coaching:ProgrammeFile"] = new CoachingOptions().ProgrammeFile };
        await using var bed = await BotTestBed.StartCoachingAsync(BotTestBed.TuesdayW49, settings);
        await bed.InstallAsync(BotTestBed.Omar, BotTestBed.Nadia);
        var shipped = bed.Bot.Service<CoachingProgramme>();
        var welcome = shipped.Track("rep").First(p => p.Triggers.Contains(CoachingTracks.FirstWeeks)).Id;
        await bed.StartedLongAgoAsync(BotTestBed.Omar, welcome);
        await bed.StartedLongAgoAsync(BotTestBed.Nadia, welcome);
        await StoreConfidenceAsync(bed, BotTestBed.Omar, W49.Plus(-2), 2);
        await StoreConfidenceAsync(bed, BotTestBed.Omar, W49.Plus(-1), 1);
        // Nadia: 3 then 2, not two weeks at 2 or less.
        await StoreConfidenceAsync(bed, BotTestBed.Nadia, W49.Plus(-2), 3);
        await StoreConfidenceAsync(bed, BotTestBed.Nadia, W49.Plus(-1), 2);

        await bed.SendWeekAsync();

        var omar = bed.LastPromptCard(BotTestBed.Omar);
        Assert.Contains(CoachingTracks.ConfidenceLow, shipped.Find(BotTestBed.PromptIdOf(omar))!.Triggers);
        Assert.Contains(BotTestBed.Text("en", "coaching_why_confidence-low-2w", 2, 1), CardText.Joined(omar));
        Assert.DoesNotContain(CoachingTracks.ConfidenceLow, shipped.Find(BotTestBed.PromptIdOf(bed.LastPromptCard(BotTestBed.Nadia)))!.Triggers);
        Assert.True(shipped.Track("rep").Count(p => p.Triggers.Contains(CoachingTracks.ConfidenceLow)) >= 3);
    }

    private static Task StoreConfidenceAsync(BotTestBed bed, TeamsUserAccount rep, IsoWeek week, int confidence) =>
        bed.Bot.Service<CheckInStore>().TryAddAsync(bed.Member(rep).Id, new WeeklyCheckIn(week,
            new CheckInAnswer(3, 2, 3, "", "", "", confidence, false), 5, week.Monday.ToDateTime(TimeOnly.MinValue), 1), CancellationToken.None);

    private static async Task DoneAsync(BotTestBed bed, TeamsUserAccount user, string promptId, IsoWeek week)
    {
        var member = bed.Member(user);
        var prompt = bed.Bot.Service<CoachingProgramme>().Find(promptId)!;
        var at = new DateTimeOffset(week.Monday.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
        Assert.True(await bed.CoachingStore.TryAddAsync(new CoachingRecord(member.Id, week, CoachingCalendar.TrackOf(member), prompt.Id, prompt.Theme, "behavioural",
            new SelectionReason(SelectionReason.Programme), at, CoachingOutcome.Done, at), CancellationToken.None));
    }
}
