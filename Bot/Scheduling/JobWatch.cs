using CoachBot.Storage;
using Quartz;

namespace CoachBot.Scheduling;

/// <summary>
/// Every 15 minutes (job <c>job-watch</c>, on every instance), looks for scheduled jobs whose last due run is not done an
/// hour after it was due, and counts each in <c>coachbot.jobs.overdue</c>: a weekly job that did not run shows up
/// within the hour, not a week later. Only runs due since the job was scheduled on this instance count: a run due while
/// the service was down is the catch-up's at start (<see cref="JobCatchUp"/>: run late, or counted in
/// <c>coachbot.jobs.missed</c>).
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class JobWatch(Leases leases, ILogger<JobWatch> logger, TimeProvider clock) : IJob
{
    public const string Name = "job-watch";
    public const string Cron = "0 0/15 * * * ?";
    public static readonly TimeSpan Grace = TimeSpan.FromHours(1);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var scheduler = context.Scheduler;
        foreach (var key in await scheduler.GetJobKeys(GroupMatcher<JobKey>.AnyGroup(), cancellationToken))
        {
            var detail = await scheduler.GetJobDetail(key, cancellationToken);
            if (detail is null || !detail.JobType.Type.IsSubclassOf(typeof(SingleInstanceJob)))
            {
                continue;
            }
            foreach (var trigger in (await scheduler.GetTriggersOfJob(key, cancellationToken)).OfType<ICronTrigger>())
            {
                var lastRunFor = await leases.LastRunForAsync(SingleInstanceJob.LeaseName(key), cancellationToken);
                if (Overdue(trigger.CronExpressionString!, trigger.TimeZone, trigger.StartTimeUtc, lastRunFor, now) is { } due)
                {
                    JobMetrics.Late(key.Name);
                    Log.Overdue(logger, key.Name, due, lastRunFor);
                }
            }
        }
    }

    /// <summary>
    /// The last fire time of <paramref name="cron"/> in <paramref name="zone"/> after <paramref name="scheduledSince"/>
    /// and at least <see cref="Grace"/> before <paramref name="now"/>, when the job has not run for it (or since); else null.
    /// </summary>
    public static DateTimeOffset? Overdue(string cron, TimeZoneInfo zone, DateTimeOffset scheduledSince, DateTimeOffset? lastRunFor, DateTimeOffset now)
    {
        var expression = new CronExpression(cron, zone);
        DateTimeOffset? due = null;
        for (var next = expression.GetNextValidTimeAfter(scheduledSince); next is { } fire && fire <= now - Grace; next = expression.GetNextValidTimeAfter(fire))
        {
            due = fire;
        }
        return due is { } last && (lastRunFor is null || lastRunFor < last) ? last : null;
    }
}

/// <summary>Schedules <see cref="JobWatch"/> at start.</summary>
public sealed class JobWatchSchedule(ISchedulerFactory schedulers) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken) =>
        await CronJobs.ScheduleAsync<JobWatch>(await schedulers.GetScheduler(cancellationToken), JobWatch.Name, JobWatch.Cron, TimeZoneInfo.Utc,
            new Dictionary<string, string>(), cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
