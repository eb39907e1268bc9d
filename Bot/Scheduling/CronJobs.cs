using System.Globalization;
using Quartz;

namespace CoachBot.Scheduling;

/// <summary>Jobs that fire on a cron schedule in a time zone: how the features' weekly jobs are declared.</summary>
public static class CronJobs
{
    /// <summary>Quartz cron for a weekly day and time (seconds minutes hours day-of-month month day-of-week).</summary>
    public static string Weekly(DayOfWeek day, TimeOnly time) =>
        string.Create(CultureInfo.InvariantCulture, $"{time.Second} {time.Minute} {time.Hour} ? * {day.ToString()[..3].ToUpperInvariant()}");

    /// <summary>Quartz cron for a day of every month at a time (the 1st: <c>0 0 8 1 * ?</c>).</summary>
    public static string Monthly(int day, TimeOnly time) =>
        string.Create(CultureInfo.InvariantCulture, $"{time.Second} {time.Minute} {time.Hour} {day} * ?");

    /// <summary>
    /// Schedules <typeparamref name="TJob"/> as job and trigger <paramref name="name"/>, replacing an earlier one, with
    /// <paramref name="data"/> in its job data. In the zone's own time, so Quartz keeps the local time across DST changes;
    /// a firing missed while the service was down is caught up at the next start (<see cref="JobCatchUp"/>).
    /// </summary>
    public static Task ScheduleAsync<TJob>(
        IScheduler scheduler, string name, string cron, TimeZoneInfo zone, IReadOnlyDictionary<string, string> data, CancellationToken cancellationToken)
        where TJob : IJob =>
        ScheduleAsync(scheduler, new CronJob(typeof(TJob), name, cron, zone, data), cancellationToken);

    private static async Task ScheduleAsync(IScheduler scheduler, CronJob wanted, CancellationToken cancellationToken)
    {
        var (type, name, cron, zone, data) = wanted;
        var builder = JobBuilder.Create().OfType(type).WithIdentity(name).StoreDurably();
        foreach (var (key, value) in data)
        {
            builder = builder.UsingJobData(key, value);
        }
        var job = builder.Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity(name)
            .ForJob(job)
            .WithCronSchedule(cron, c => c.InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            .Build();
        await scheduler.ScheduleJob(job, [trigger], new ScheduleJobOptions { Replace = true }, cancellationToken);
    }

    /// <summary>
    /// Makes the scheduler hold exactly <paramref name="wanted"/> among the jobs named in <paramref name="owned"/> (the
    /// names this caller scheduled before): a new job is scheduled, one whose schedule, zone or data changed is
    /// rescheduled, one no longer wanted is deleted, and an unchanged one is left alone (its next firing stays).
    /// <paramref name="owned"/> is updated to the wanted names.
    /// </summary>
    public static async Task SyncAsync(IScheduler scheduler, IReadOnlyCollection<CronJob> wanted, ISet<string> owned, CancellationToken cancellationToken)
    {
        foreach (var job in wanted)
        {
            var trigger = await scheduler.GetTrigger(new TriggerKey(job.Name), cancellationToken) as ICronTrigger;
            var detail = await scheduler.GetJobDetail(new JobKey(job.Name), cancellationToken);
            var same = trigger is not null && detail is not null && detail.JobType.Type == job.Type
                && trigger.CronExpressionString == job.Cron && trigger.TimeZone.Id == job.Zone.Id
                && job.Data.All(d => detail.JobDataMap.GetString(d.Key) == d.Value) && detail.JobDataMap.Count == job.Data.Count;
            if (!same)
            {
                await ScheduleAsync(scheduler, job, cancellationToken);
            }
        }
        var names = wanted.Select(j => j.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in owned.Where(n => !names.Contains(n)).ToList())
        {
            await scheduler.DeleteJob(new JobKey(gone), cancellationToken);
        }
        owned.Clear();
        owned.UnionWith(names);
    }
}

/// <summary>A weekly job as a feature wants it scheduled: its type, name, cron, zone and job data.</summary>
public sealed record CronJob(Type Type, string Name, string Cron, TimeZoneInfo Zone, IReadOnlyDictionary<string, string> Data);
