using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CoachBot.Scheduling;
using CoachBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace CoachBot.Tests.Scheduling;

/// <summary>
/// The weekly rhythm across restarts: the real service on Azurite with the real Quartz scheduler, each instance on a
/// fake clock of its own that the test never moves (nothing fires by itself; what runs is what a start catches up). An
/// instance is stopped before a due time and another starts after it, on the same tables and connector.
/// </summary>
public sealed class CatchUpTests
{
    private static readonly TimeSpan Casablanca = TimeSpan.FromHours(1);
    // 2026-W48 in "mea": the check-in goes out on Friday 27 November at 15:00, the reminder on Monday 30 November at 09:00,
    // answers close on Wednesday 2 December at 18:00.
    private static readonly DateTimeOffset FridayBefore = new(2026, 11, 27, 14, 0, 0, Casablanca);
    private static readonly DateTimeOffset Due = BotTestBed.FridayW48;
    private static readonly DateTimeOffset FridayAfter = new(2026, 11, 27, 16, 0, 0, Casablanca);
    private static readonly DateTimeOffset AfterCutOff = new(2026, 12, 2, 19, 0, 0, Casablanca);
    private static readonly TeamsUserAccount[] MeaReps = [TestRoster.Rep, BotTestBed.Nadia, BotTestBed.Omar];

    private static List<RecordedActivity> CheckInCards(LoopbackConnector connector, TeamsUserAccount user) =>
        connector.SentTo(user.ConversationId).Where(a => CardText.Input(a.Card, "visits") is not null).ToList();

    /// <summary>The deployment before the due time: the reps install the app, then the service stops.</summary>
    private static async Task RunBeforeTheDueTimeAsync(string prefix, LoopbackConnector connector)
    {
        await using var before = await BotTestBed.StartWithSchedulerAsync(FridayBefore, prefix, connector);
        await before.InstallAsync(MeaReps);
        await connector.WaitForAsync(_ => MeaReps.All(r => connector.SentTo(r.ConversationId).Count > 0));
        Assert.All(MeaReps, r => Assert.Empty(CheckInCards(connector, r)));
    }

    private static async Task<JobRecord> RecordAsync(BotTestBed bed, string job, Func<JobRecord, bool> until)
    {
        var runs = bed.Bot.Service<JobRuns>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if ((await runs.ListAsync(CancellationToken.None)).GetValueOrDefault(job) is { } record && until(record))
            {
                return record;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Job {job} was not recorded as expected.");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>Waits until the job has no one-off (manual or catch-up) trigger left and is not running on this instance.</summary>
    private static async Task SettledAsync(BotTestBed bed, string job)
    {
        var scheduler = await bed.Bot.Service<ISchedulerFactory>().GetScheduler();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        // A one-off trigger is removed once its firing has completed, listeners included.
        while ((await scheduler.GetTriggersOfJob(new JobKey(job))).Any(t => t is not ICronTrigger))
        {
            Assert.True(DateTime.UtcNow < deadline, $"Job {job} did not settle.");
            await Task.Delay(50);
        }
        await bed.Bot.Service<Executions>().IdleAsync(job).WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task StoppedOverTheDueTimeAndStartedAfterItSendsEachCheckInOnceAndASecondRestartNothingMore()
    {
        var prefix = Azurite.NewPrefix();
        await using var connector = await LoopbackConnector.StartAsync();
        await RunBeforeTheDueTimeAsync(prefix, connector);

        await using (var after = await BotTestBed.StartWithSchedulerAsync(FridayAfter, prefix, connector))
        {
            await connector.WaitForAsync(_ => MeaReps.All(r => CheckInCards(connector, r).Count > 0));
            var record = await RecordAsync(after, "checkin-mea", r => r.LastOutcome == "succeeded");
            Assert.Equal(Due, record.LastDueAt);
            Assert.True(record.LastWasCatchUp);
            Assert.Equal(FridayAfter, record.LastRunAt);
            await SettledAsync(after, "checkin-mea");
        }
        Assert.All(MeaReps, r => Assert.Single(CheckInCards(connector, r)));
        Assert.Empty(CheckInCards(connector, TestRoster.EnglishRep)); // "apac": due at another hour, before the first start

        var later = FridayAfter.AddHours(1);
        await using var again = await BotTestBed.StartWithSchedulerAsync(later, prefix, connector);
        var triggered = await again.Bot.Service<JobCatchUp>().CatchUpAsync(CancellationToken.None);
        await SettledAsync(again, "checkin-mea");

        Assert.DoesNotContain(triggered, t => t.Job == "checkin-mea");
        Assert.All(MeaReps, r => Assert.Single(CheckInCards(connector, r)));
        Assert.Equal(FridayAfter, (await RecordAsync(again, "checkin-mea", _ => true)).LastRunAt);
    }

    [Fact]
    public async Task StartedAfterTheCutOffItSendsNoCheckInNorReminderAndRecordsEachMissOnceAcrossRestarts()
    {
        var prefix = Azurite.NewPrefix();
        await using var connector = await LoopbackConnector.StartAsync();
        await RunBeforeTheDueTimeAsync(prefix, connector);

        await using (var after = await BotTestBed.StartWithSchedulerAsync(AfterCutOff, prefix, connector))
        {
            var send = await RecordAsync(after, "checkin-mea", r => r.LastOutcome is not null);
            var reminder = await RecordAsync(after, "checkin-reminder-mea", r => r.LastOutcome is not null);
            Assert.Equal(("missed", Due, 1), (send.LastOutcome, send.LastDueAt, send.Missed));
            Assert.Equal(("missed", new DateTimeOffset(2026, 11, 30, 9, 0, 0, Casablanca), 1), (reminder.LastOutcome, reminder.LastDueAt, reminder.Missed));

            // The admin route shows it: the due time, when the miss was recorded, the outcome.
            after.Bot.Http.DefaultRequestHeaders.Add("X-Admin-Key", "test-admin-key");
            var jobs = (await after.Bot.Http.GetFromJsonAsync<JsonArray>("/api/admin/jobs"))!.Select(j => j!.AsObject()).ToList();
            var listed = Assert.Single(jobs, j => j["name"]!.GetValue<string>() == "checkin-mea");
            Assert.Equal("missed", listed["lastOutcome"]!.GetValue<string>());
            Assert.Equal(Due, listed["lastDueAt"]!.GetValue<DateTimeOffset>());
            Assert.Equal(AfterCutOff, listed["lastRunAt"]!.GetValue<DateTimeOffset>());
            Assert.Equal(1, listed["missed"]!.GetValue<int>());
            // Each job's own window: Tuesday's coaching prompt is still of use within its week, Monday's digest was only for a day.
            var coaching = await RecordAsync(after, "coaching-africa-casablanca", r => r.LastOutcome is not null);
            var digest = await RecordAsync(after, "digest-director", r => r.LastOutcome is not null);
            Assert.Equal(("succeeded", BotTestBed.TuesdayW49, true), (coaching.LastOutcome, coaching.LastDueAt, coaching.LastWasCatchUp));
            Assert.Equal(("missed", BotTestBed.MondayW49), (digest.LastOutcome, digest.LastDueAt));
            foreach (var job in new[] { "checkin-mea", "checkin-reminder-mea", "coaching-africa-casablanca", "digest-director" })
            {
                await SettledAsync(after, job);
            }
        }

        await using var again = await BotTestBed.StartWithSchedulerAsync(AfterCutOff.AddHours(1), prefix, connector);
        var triggered = await again.Bot.Service<JobCatchUp>().CatchUpAsync(CancellationToken.None);
        await SettledAsync(again, "checkin-mea");

        Assert.DoesNotContain(triggered, t => t.Job.StartsWith("checkin-", StringComparison.Ordinal));
        Assert.Equal(1, (await RecordAsync(again, "checkin-mea", _ => true)).Missed);
        Assert.All(MeaReps, r => Assert.Empty(CheckInCards(connector, r)));
    }

    [Fact]
    public async Task TwoInstancesStartingTogetherCatchUpOnceBetweenThem()
    {
        var prefix = Azurite.NewPrefix();
        await using var connector = await LoopbackConnector.StartAsync();
        await RunBeforeTheDueTimeAsync(prefix, connector);
        var runs = new ConcurrentQueue<(string Job, JobRun Run)>();
        void Counting(IServiceCollection services) => services.AddQuartz(q => q.AddJobListener(_ => new RecordedRuns(runs)));

        var starting = new[] { FridayAfter, FridayAfter }.Select(at => BotTestBed.StartWithSchedulerAsync(at, prefix, connector, Counting)).ToList();
        var instances = await Task.WhenAll(starting);
        try
        {
            await connector.WaitForAsync(_ => MeaReps.All(r => CheckInCards(connector, r).Count > 0));
            foreach (var instance in instances)
            {
                await SettledAsync(instance, "checkin-mea");
            }
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }

        var ran = Assert.Single(runs, r => r.Job == "checkin-mea");
        Assert.Equal(new JobRun(Due, CatchUp: true, JobOutcome.Succeeded, new RunSummary(3, 3, 0, 0, 0, null)), ran.Run);
        Assert.All(MeaReps, r => Assert.Single(CheckInCards(connector, r)));
    }

    [Fact]
    public async Task TwoInstancesStartingTogetherAfterTheCutOffRecordTheMissOnce()
    {
        var prefix = Azurite.NewPrefix();
        await using var connector = await LoopbackConnector.StartAsync();
        await RunBeforeTheDueTimeAsync(prefix, connector);
        var runs = new ConcurrentQueue<(string Job, JobRun Run)>();
        void Counting(IServiceCollection services) => services.AddQuartz(q => q.AddJobListener(_ => new RecordedRuns(runs)));

        var instances = await Task.WhenAll(new[] { AfterCutOff, AfterCutOff }.Select(at => BotTestBed.StartWithSchedulerAsync(at, prefix, connector, Counting)));
        JobRecord record;
        try
        {
            record = await RecordAsync(instances[0], "checkin-mea", r => r.LastOutcome == "missed");
            foreach (var instance in instances)
            {
                await SettledAsync(instance, "checkin-mea");
            }
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }

        Assert.Equal(1, record.Missed);
        Assert.Equal(new JobRun(Due, CatchUp: true, JobOutcome.Missed), Assert.Single(runs, r => r.Job == "checkin-mea").Run);
    }

    [Fact]
    public async Task TheAdminRouteListsAJobOnceWhileAManualRunIsPending()
    {
        await using var bot = await BotApp.StartAsync(new Dictionary<string, string?> { ["Admin:ApiKey"] = "test-admin-key", ["Admin:RunWait"] = "00:00:01" });
        bot.Http.DefaultRequestHeaders.Add("X-Admin-Key", "test-admin-key");
        var scheduler = await bot.Service<ISchedulerFactory>().GetScheduler();
        // Its job group paused, the manual run's one-off trigger is stored paused and stays beside the schedule: the moment
        // the list used to show the job twice. (Standing by does not hold a trigger added meanwhile back.)
        await scheduler.PauseJobGroups(GroupMatcher<JobKey>.GroupEquals(new JobKey("checkin-mea").Group));

        // Not run within the route's wait: it answers that the run goes on, and where to see how it ends.
        using var run = await bot.Http.PostAsync("/api/admin/jobs/checkin-mea/run", null);
        var answer = (await run.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(System.Net.HttpStatusCode.Accepted, run.StatusCode);
        Assert.Equal("running", answer["outcome"]!.GetValue<string>());
        Assert.Equal("the run did not end within 1 s and goes on; see GET /api/admin/jobs for how it ends", answer["why"]!.GetValue<string>());
        var triggers = await scheduler.GetTriggersOfJob(new JobKey("checkin-mea"));
        var jobs = (await bot.Http.GetFromJsonAsync<JsonArray>("/api/admin/jobs"))!.Select(j => j!.AsObject()).ToList();

        Assert.Equal(2, triggers.Count);
        var listed = Assert.Single(jobs, j => j["name"]!.GetValue<string>() == "checkin-mea");
        Assert.Equal("0 0 15 ? * FRI", listed["schedule"]!.GetValue<string>());
        Assert.Equal("Africa/Casablanca", listed["timeZone"]!.GetValue<string>());
        Assert.Equal(jobs.Count, jobs.Select(j => j["name"]!.GetValue<string>()).Distinct().Count());
    }

    [Theory]
    // Friday 15:00 weekly, known since Friday 14:00 of W48.
    [InlineData("2026-11-27T16:00:00+01:00", null, "2026-11-27T15:00:00+01:00")]
    [InlineData("2026-11-27T14:30:00+01:00", null, null)] // not due yet
    [InlineData("2026-11-27T16:00:00+01:00", "2026-11-27T15:00:00+01:00", null)] // done
    [InlineData("2026-11-27T16:00:00+01:00", "2026-11-27T15:30:00+01:00", null)] // a manual run after the due time covers it
    [InlineData("2026-12-11T16:00:00+01:00", "2026-11-27T15:00:00+01:00", "2026-12-11T15:00:00+01:00")] // down two weeks: the latest
    public void TheLatestDueTimeWithoutARunIsTheOneCaughtUp(string now, string? lastRunFor, string? expected)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Africa/Casablanca");
        var due = JobCatchUp.LatestDue("0 0 15 ? * FRI", zone, FridayBefore, lastRunFor is null ? null : DateTimeOffset.Parse(lastRunFor), DateTimeOffset.Parse(now));

        Assert.Equal(expected is null ? null : DateTimeOffset.Parse(expected), due);
    }

    [Fact]
    public void ADueTimeFromBeforeTheDeploymentKnewTheJobIsNotCaughtUp()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Africa/Casablanca");

        Assert.Null(JobCatchUp.LatestDue("0 0 15 ? * FRI", zone, knownSince: FridayAfter, lastRunFor: null, now: FridayAfter.AddMinutes(5)));
    }

    /// <summary>Every firing that ran or recorded a miss (not those skipped for the lease), on every instance of a test.</summary>
    private sealed class RecordedRuns(ConcurrentQueue<(string Job, JobRun Run)> runs) : IJobListener
    {
        public string Name => "test-recorded-runs";

        public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken)
        {
            if (context.Result is JobRun run)
            {
                runs.Enqueue((context.JobDetail.Key.Name, run));
            }
            return ValueTask.CompletedTask;
        }
    }
}
