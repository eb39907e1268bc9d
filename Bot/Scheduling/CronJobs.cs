using System.Globalization;
using Quartz;

namespace CoachBot.Scheduling;

/// <summary>Jobs that fire on a cron schedule in a time zone: how the features' weekly jobs are declared.</summary>
public static class CronJobs
{
    /// <summary>Quartz cron for a weekly day and time (seconds minutes hours day-of-month month day-of-week).</summary>
    public static string Weekly(DayOfWeek day, TimeOnly time) =>
        string.Create(CultureInfo.InvariantCulture, $"{time.Second} {time.Minute} {time.Hour} ? * {day.ToString()[..3].ToUpperInvariant()}");

    /// <summary>
    /// Schedules <typeparamref name="TJob"/> as job and trigger <paramref name="name"/>, replacing an earlier one, with
    /// <paramref name="data"/> in its job data. In the zone's own time, so Quartz keeps the local time across DST changes;
    /// a firing missed while the service was down runs once at start.
    /// </summary>
    public static async Task ScheduleAsync<TJob>(
        IScheduler scheduler, string name, string cron, TimeZoneInfo zone, IReadOnlyDictionary<string, string> data, CancellationToken cancellationToken)
        where TJob : IJob
    {
        var builder = JobBuilder.Create<TJob>().WithIdentity(name).StoreDurably();
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
}
