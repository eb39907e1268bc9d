using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CoachBot.Calendar;
using CoachBot.Scheduling;
using CoachBot.Storage;
using CoachBot.Tests.Infrastructure;
using Quartz;

namespace CoachBot.Tests.Operations;

/// <summary>
/// <c>POST /api/admin/jobs/{job}/run</c> waits for the firing it triggers (real Quartz, real tables) and answers what it
/// sent, and when it sent nothing, why in plain words; <c>GET /api/admin/jobs</c> shows the last summary too.
/// </summary>
public sealed class JobRunAnswerTests
{
    private static readonly TeamsUserAccount[] MeaReps = [TestRoster.Rep, BotTestBed.Nadia, BotTestBed.Omar];
    // 2026-W48 in "mea": the check-in goes out on Friday 27 November at 15:00, the reminder on Monday 30 November at 09:00.
    private static readonly DateTimeOffset FridayAfter = new(2026, 11, 27, 16, 0, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset ThursdayBefore = new(2026, 11, 26, 12, 0, 0, TimeSpan.FromHours(1));

    private static async Task<(HttpStatusCode Status, JsonObject Answer)> RunAsync(BotTestBed bed, string job)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/admin/jobs/{job}/run") { Headers = { { "X-Admin-Key", "test-admin-key" } } };
        using var response = await bed.Bot.Http.SendAsync(request);
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonObject>())!);
    }

    private static async Task<JsonObject> ListedAsync(BotTestBed bed, string job)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/jobs") { Headers = { { "X-Admin-Key", "test-admin-key" } } };
        using var response = await bed.Bot.Http.SendAsync(request);
        var jobs = (await response.Content.ReadFromJsonAsync<JsonArray>())!;
        return jobs.Select(j => j!.AsObject()).Single(j => j["name"]!.GetValue<string>() == job);
    }

    private static int Sent(BotTestBed bed) => MeaReps.Sum(rep => bed.Connector.SentTo(rep.ConversationId).Count);

    private static (int Recipients, int Sent, int AlreadySent, int Skipped, int Failed) Counts(JsonObject answer) =>
        (answer["recipients"]!.GetValue<int>(), answer["sent"]!.GetValue<int>(), answer["alreadySent"]!.GetValue<int>(),
            answer["skipped"]!.GetValue<int>(), answer["failed"]!.GetValue<int>());

    [Fact]
    public async Task ACheckInRunAnswersTheCardsItSentAndASecondRunThatTheyWereAlreadySent()
    {
        await using var connector = await LoopbackConnector.StartAsync();
        await using var bed = await BotTestBed.StartWithSchedulerAsync(FridayAfter, Azurite.NewPrefix(), connector);
        await bed.InstallAsync(MeaReps);

        var (status, first) = await RunAsync(bed, "checkin-mea");
        // A manual run serves the time it fires at: a later one, not the one just served.
        bed.Clock.Advance(TimeSpan.FromMinutes(1));
        var (againStatus, again) = await RunAsync(bed, "checkin-mea");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("checkin-mea", first["job"]!.GetValue<string>());
        Assert.Equal("succeeded", first["outcome"]!.GetValue<string>());
        Assert.Equal((3, 3, 0, 0, 0), Counts(first));
        Assert.Null(first["why"]);
        Assert.Equal(HttpStatusCode.OK, againStatus);
        Assert.Equal((3, 0, 3, 0, 0), Counts(again));
        Assert.Equal("already sent to all 3 for checkin/2026-W48/mea", again["why"]!.GetValue<string>());
        Assert.Contains("already sent to all 3 for checkin/2026-W48/mea", (await ListedAsync(bed, "checkin-mea"))["lastSummary"]!.GetValue<string>());
    }

    [Fact]
    public async Task ACheckInRunInAWeekEveryRepHasAnsweredSaysSoAndSendsNothing()
    {
        await using var connector = await LoopbackConnector.StartAsync();
        await using var bed = await BotTestBed.StartWithSchedulerAsync(FridayAfter, Azurite.NewPrefix(), connector);
        await bed.InstallAsync(MeaReps);
        foreach (var rep in MeaReps)
        {
            await bed.StoreAsync(rep, new IsoWeek(2026, 48), fieldDays: 3);
        }
        var cards = Sent(bed);

        var (status, answer) = await RunAsync(bed, "checkin-mea");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("succeeded", answer["outcome"]!.GetValue<string>());
        Assert.Equal((0, 0, 0, 0, 0), Counts(answer));
        Assert.Equal("every rep of mea has answered (3), is away (0) or cannot be reached (0) for checkin/2026-W48/mea", answer["why"]!.GetValue<string>());
        Assert.Equal(cards, Sent(bed));
    }

    [Fact]
    public async Task AReminderRunBeforeTheCheckInWentOutSaysItIsSentOnlyInItsWindow()
    {
        await using var connector = await LoopbackConnector.StartAsync();
        await using var bed = await BotTestBed.StartWithSchedulerAsync(ThursdayBefore, Azurite.NewPrefix(), connector);
        await bed.InstallAsync(MeaReps);
        var cards = Sent(bed);

        var (status, answer) = await RunAsync(bed, "checkin-reminder-mea");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((0, 0), (Counts(answer).Recipients, Counts(answer).Sent));
        Assert.StartsWith("the reminder is sent only between the check-in's send (2026-11-27 14:00:00Z) and its cut-off", answer["why"]!.GetValue<string>());
        Assert.Equal(cards, Sent(bed));
    }

    [Fact]
    public async Task ARunWhileAnotherInstanceHoldsTheJobSaysSoAndSendsNothing()
    {
        await using var connector = await LoopbackConnector.StartAsync();
        await using var bed = await BotTestBed.StartWithSchedulerAsync(FridayAfter, Azurite.NewPrefix(), connector);
        await bed.InstallAsync(MeaReps);
        var scheduler = await bed.Bot.Service<ISchedulerFactory>().GetScheduler();
        var key = (await scheduler.GetJobKeys(GroupMatcher<JobKey>.AnyGroup())).Single(k => k.Name == "checkin-mea");
        Assert.NotNull(await bed.Bot.Service<Leases>().TryAcquireAsync(SingleInstanceJob.LeaseName(key), "another-instance", TimeSpan.FromMinutes(5), CancellationToken.None));
        var cards = Sent(bed);

        var (status, answer) = await RunAsync(bed, "checkin-mea");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("skipped", answer["outcome"]!.GetValue<string>());
        Assert.Equal("another instance is running this job", answer["why"]!.GetValue<string>());
        Assert.Equal(cards, Sent(bed));
    }
}
