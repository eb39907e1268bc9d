using System.Net;
using CoachBot.CheckIns;
using CoachBot.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace CoachBot.Tests.CheckIns;

/// <summary>The scheduled check-in and its reminder, sent through the delivery engine to the loopback connector.</summary>
public sealed class CheckInCampaignTests
{
    private static readonly DateTimeOffset MondayW49Morning = new(2026, 11, 30, 9, 0, 0, TimeSpan.FromHours(1));

    private static List<RecordedActivity> CheckInCards(BotTestBed bed, TeamsUserAccount user) =>
        bed.Connector.SentTo(user.ConversationId).Where(a => CardText.Input(a.Card, "visits") is not null).ToList();

    private static bool IsReminder(RecordedActivity card) =>
        CardText.All(card.Card).Any(t => t.StartsWith("Reminder:", StringComparison.Ordinal) || t.StartsWith("Petit rappel", StringComparison.Ordinal));

    /// <summary>
    /// Runs work that may wait on the fake clocks (an instance waiting for the other one's claims) while moving them on
    /// a second at a time; the waits end as soon as the other instance has recorded its sends.
    /// </summary>
    private static async Task<T[]> WhileTimePassesAsync<T>(IReadOnlyList<FakeTimeProvider> clocks, params Task<T>[] work)
    {
        var all = Task.WhenAll(work);
        while (!all.IsCompleted)
        {
            await Task.WhenAny(all, Task.Delay(20));
            foreach (var clock in clocks)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
            }
        }
        return await all;
    }

    [Fact]
    public async Task EveryRepOfTheRegionWithTheAppGetsTheWeeksCardInTheirLanguageAndARerunSendsNothing()
    {
        await using var bed = await BotTestBed.StartAsync(BotTestBed.FridayW48);
        await bed.InstallAsync(TestRoster.Rep, BotTestBed.Nadia, BotTestBed.Omar, TestRoster.EnglishRep);

        var result = await bed.CheckInCampaigns.SendCheckInAsync("mea", CancellationToken.None);
        var again = await bed.CheckInCampaigns.SendCheckInAsync("mea", CancellationToken.None);

        Assert.Equal("checkin/2026-W48/mea", result!.CampaignId);
        Assert.Equal((3, 0, 3), (result.Sent, again!.Sent, again.AlreadyDone));
        Assert.Single(CheckInCards(bed, TestRoster.Rep));
        var nadia = Assert.Single(CheckInCards(bed, BotTestBed.Nadia));
        var omar = Assert.Single(CheckInCards(bed, BotTestBed.Omar));
        Assert.Contains("Point hebdomadaire, semaine 48", CardText.Joined(nadia.Card)); // her roster language
        Assert.Contains("Weekly check-in, week 48", CardText.Joined(omar.Card));
        Assert.Empty(CheckInCards(bed, TestRoster.EnglishRep)); // another region
    }

    [Fact]
    public async Task AnEmailOnlyRepReceivesTheScheduledCardWhenTheJobRuns()
    {
        // In real time, with the real scheduler: the job sends the week open now.
        await using var bed = await BotTestBed.StartAsync(DateTimeOffset.UtcNow, realTimeWithScheduler: true);
        var week = bed.Bot.Service<CheckInCalendar>().OpenWeek("apac", DateTimeOffset.UtcNow);
        await bed.InstallAsync(TestRoster.EmailOnlyRep);
        var welcomes = bed.Connector.SentTo(TestRoster.EmailOnlyRep.ConversationId).Count;
        var run = new HttpRequestMessage(HttpMethod.Post, "/api/admin/jobs/checkin-apac/run") { Headers = { { "X-Admin-Key", "test-admin-key" } } };

        Assert.Equal(HttpStatusCode.OK, (await bed.Bot.Http.SendAsync(run)).StatusCode);

        var card = await bed.Connector.WaitForAsync(a => a.ConversationId == TestRoster.EmailOnlyRep.ConversationId && CardText.Input(a.Card, "visits") is not null);
        Assert.Contains($"Weekly check-in, week {week.Week} ", CardText.Joined(card.Card));
        Assert.Equal(welcomes + 1, bed.Connector.SentTo(TestRoster.EmailOnlyRep.ConversationId).Count);
    }

    [Fact]
    public async Task ARegionWhoseWholeWeekIsHolidaysGetsNoCheckInNorReminder()
    {
        // Friday 1 January 2027: 2026-W53 is all holidays in "mea".
        await using var bed = await BotTestBed.StartAsync(new DateTimeOffset(2027, 1, 1, 15, 0, 0, TimeSpan.FromHours(1)));
        await bed.InstallAsync(TestRoster.Rep, BotTestBed.Omar);

        var sent = await bed.CheckInCampaigns.SendCheckInAsync("mea", CancellationToken.None);
        bed.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 4, 9, 0, 0, TimeSpan.FromHours(1)));
        var reminded = await bed.CheckInCampaigns.SendReminderAsync("mea", CancellationToken.None);

        Assert.Null(sent);
        Assert.Null(reminded);
        Assert.Empty(CheckInCards(bed, TestRoster.Rep));
        Assert.Empty(CheckInCards(bed, BotTestBed.Omar));
    }

    [Fact]
    public async Task ARepAwayIsSkippedUntilTheySayTheyAreBack()
    {
        await using var bed = await BotTestBed.StartAsync(BotTestBed.FridayW48.AddDays(-1));
        await bed.InstallAsync(BotTestBed.Nadia, BotTestBed.Omar);
        var said = await bed.SayAsync(BotTestBed.Nadia, "absent jusqu’au 2026-12-07");
        Assert.Contains("jusqu’au 7 décembre 2026", said.Text);

        bed.Clock.SetUtcNow(BotTestBed.FridayW48);
        await bed.CheckInCampaigns.SendCheckInAsync("mea", CancellationToken.None);
        bed.Clock.SetUtcNow(MondayW49Morning);
        await bed.CheckInCampaigns.SendReminderAsync("mea", CancellationToken.None);

        Assert.Empty(CheckInCards(bed, BotTestBed.Nadia));
        Assert.Equal(2, CheckInCards(bed, BotTestBed.Omar).Count); // the card and its reminder

        await bed.SayAsync(BotTestBed.Nadia, "retour");
        bed.Clock.SetUtcNow(BotTestBed.FridayW48.AddDays(7));
        await bed.CheckInCampaigns.SendCheckInAsync("mea", CancellationToken.None);

        var back = Assert.Single(CheckInCards(bed, BotTestBed.Nadia));
        Assert.Contains("semaine 49", CardText.Joined(back.Card));
    }

    [Fact]
    public async Task TheReminderGoesOnlyToRepsWhoHaveNotAnsweredAndOnlyOnceEvenFromTwoInstancesAtOnce()
    {
        await using var first = await BotTestBed.StartAsync(BotTestBed.FridayW48);
        await first.InstallAsync(TestRoster.Rep, BotTestBed.Nadia, BotTestBed.Omar);
        await first.CheckInCampaigns.SendCheckInAsync("mea", CancellationToken.None);
        await first.SubmitAsync(TestRoster.Rep, "2026-W48", BotTestBed.Answer());
        first.Clock.SetUtcNow(MondayW49Morning);
        await using var second = await first.SecondInstanceAsync();

        var results = await WhileTimePassesAsync([first.Clock, second.Clock],
            first.CheckInCampaigns.SendReminderAsync("mea", CancellationToken.None),
            second.CheckInCampaigns.SendReminderAsync("mea", CancellationToken.None));
        var later = await second.CheckInCampaigns.SendReminderAsync("mea", CancellationToken.None);

        Assert.All(results, r => Assert.Equal("checkin-reminder/2026-W48/mea", r!.CampaignId));
        Assert.Equal(2, results.Sum(r => r!.Sent));
        Assert.Equal(0, later!.Sent);
        Assert.DoesNotContain(CheckInCards(first, TestRoster.Rep), IsReminder);
        Assert.Single(CheckInCards(first, BotTestBed.Nadia), IsReminder);
        Assert.Single(CheckInCards(first, BotTestBed.Omar), IsReminder);
    }

    [Fact]
    public async Task NoReminderIsSentBeforeTheWeeksCardOrAfterItsCutOff()
    {
        await using var bed = await BotTestBed.StartAsync(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.FromHours(1)));
        await bed.InstallAsync(BotTestBed.Omar);

        var beforeTheCard = await bed.CheckInCampaigns.SendReminderAsync("mea", CancellationToken.None);
        bed.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.FromHours(1)));
        var afterTheCutOff = await bed.CheckInCampaigns.SendReminderAsync("mea", CancellationToken.None);

        Assert.Null(beforeTheCard);
        Assert.Null(afterTheCutOff);
        Assert.Empty(CheckInCards(bed, BotTestBed.Omar));
    }
}
