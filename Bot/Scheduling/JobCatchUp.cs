using System.Globalization;
using CoachBot.Roster;
using CoachBot.Storage;
using Quartz;

namespace CoachBot.Scheduling;

/// <summary>
/// The weekly rhythm across restarts. Quartz's store is in memory and each start schedules the triggers again from now,
/// so a firing due while the service was down (a deploy or a platform restart over Friday 15:00) would never run. At
/// start, once every feature has scheduled its jobs, and after every roster change (when the schedules are synced),
/// each <see cref="SingleInstanceJob"/> on a cron schedule whose latest due time has no run recorded (its lease's last
/// run is older) is triggered once for that due time; the job then runs it if it is still of use, else records it as
/// missed (<see cref="SingleInstanceJob.UsefulUntil"/>). Every instance does this; the job's lease makes one run or one
/// miss of it between them. Due times from before the deployment first knew the job (<see cref="JobRuns.KnownSinceAsync"/>)
/// are not caught up: a first start is not a restart.
/// </summary>
public sealed class JobCatchUp(ISchedulerFactory schedulers, Leases leases, JobRuns runs, IRosterChanges roster, TimeProvider clock, ILogger<JobCatchUp> logger)
    : IHostedLifecycleService
{
    // A weekly job's latest due time is within the last week; nothing older is worth catching up.
    private static readonly TimeSpan LookBack = TimeSpan.FromDays(8);

    /// <summary>
    /// Triggers the catch-up of every job whose latest due time has no run; returns the jobs triggered and the due time
    /// each serves (what the jobs then do, run or record a miss, follows on Quartz's threads).
    /// </summary>
    public async Task<IReadOnlyList<(string Job, DateTimeOffset DueAt)>> CatchUpAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var now = clock.GetUtcNow();
        var triggered = new List<(string, DateTimeOffset)>();
        foreach (var key in await scheduler.GetJobKeys(GroupMatcher<JobKey>.AnyGroup(), cancellationToken))
        {
            var detail = await scheduler.GetJobDetail(key, cancellationToken);
            if (detail is null || !detail.JobType.Type.IsSubclassOf(typeof(SingleInstanceJob)))
            {
                continue;
            }
            var cron = (await scheduler.GetTriggersOfJob(key, cancellationToken)).OfType<ICronTrigger>().FirstOrDefault();
            if (cron is null)
            {
                continue;
            }
            var knownSince = await runs.KnownSinceAsync(key.Name, now, cancellationToken);
            var lastRunFor = await leases.LastRunForAsync(SingleInstanceJob.LeaseName(key), cancellationToken);
            if (LatestDue(cron.CronExpressionString!, cron.TimeZone, knownSince, lastRunFor, now) is not { } due)
            {
                continue;
            }
            var data = new JobDataMap
            {
                [SingleInstanceJob.CatchUpDueData] = due.ToString("O", CultureInfo.InvariantCulture),
                [SingleInstanceJob.CatchUpZoneData] = cron.TimeZone.Id,
            };
            await scheduler.TriggerJob(key, data, cancellationToken);
            Log.CatchUpTriggered(logger, key.Name, due);
            triggered.Add((key.Name, due));
        }
        return triggered;
    }

    /// <summary>
    /// The latest fire time of <paramref name="cron"/> in <paramref name="zone"/> at or before <paramref name="now"/>,
    /// after <paramref name="knownSince"/>, when no run was recorded for it (<paramref name="lastRunFor"/> is older); else null.
    /// </summary>
    public static DateTimeOffset? LatestDue(string cron, TimeZoneInfo zone, DateTimeOffset knownSince, DateTimeOffset? lastRunFor, DateTimeOffset now)
    {
        var expression = new CronExpression(cron, zone);
        var from = knownSince > now - LookBack ? knownSince : now - LookBack;
        if (lastRunFor is { } ran && ran > from)
        {
            from = ran;
        }
        DateTimeOffset? due = null;
        for (var next = expression.GetNextValidTimeAfter(from); next is { } fire && fire <= now; next = expression.GetNextValidTimeAfter(fire))
        {
            due = fire;
        }
        return due;
    }

    Task IHostedLifecycleService.StartedAsync(CancellationToken cancellationToken)
    {
        // After every hosted service's start: each feature's schedule is in place. Then after each roster change, whose
        // subscribers (the features' schedules) are called in order, so this one comes after their sync.
        roster.Subscribe((_, token) => TryCatchUpAsync(token));
        return TryCatchUpAsync(cancellationToken);
    }

    private async Task TryCatchUpAsync(CancellationToken cancellationToken)
    {
        try
        {
            await CatchUpAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Storage unreachable at start must not keep the bot down; the next start or roster change tries again,
            // and a run still missing an hour after its due time is counted by the job watch.
            Log.CatchUpFailed(logger, ex);
        }
    }

    Task IHostedService.StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedService.StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedLifecycleService.StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedLifecycleService.StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedLifecycleService.StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Stores how each <see cref="SingleInstanceJob"/> firing ended (its <see cref="JobRun"/>) in <see cref="JobRuns"/>.</summary>
public sealed class JobRunRecorder(JobRuns runs, TimeProvider clock, ILogger<JobRunRecorder> logger) : IJobListener
{
    public string Name => "job-runs";

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public async ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken)
    {
        if (context.Result is not JobRun run)
        {
            return;
        }
        try
        {
            // Not the scheduler's token: a run that ended while stopping is still recorded.
            await runs.RecordAsync(context.JobDetail.Key.Name, run, clock.GetUtcNow(), CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The lease holds what was run, which is what the catch-up reads; this record is for the admin route.
            Log.RunNotRecorded(logger, ex, context.JobDetail.Key.Name);
        }
    }
}
