using Quartz;

namespace CoachBot.Scheduling;

public static class SchedulingExtensions
{
    /// <summary>Quartz with its in-memory store, and the durable timers; features add their jobs with <c>services.AddQuartz(q => ...)</c>.</summary>
    public static IServiceCollection AddScheduling(this IServiceCollection services)
    {
        services.AddQuartz(quartz =>
        {
            quartz.UseDefaultThreadPool(pool => pool.MaxConcurrency = 4);
        });
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        services.AddDurableTimers();
        // Counts scheduled jobs that did not run (coachbot.jobs.overdue), for the deployment's alert.
        services.AddQuartz(quartz => quartz.AddJobType<JobWatch>());
        services.AddHostedService<JobWatchSchedule>();
        // The weekly rhythm across restarts: how each job's runs ended, and the catch-up of a run missed while down.
        services.AddSingleton<JobRuns>();
        services.AddSingleton<JobCatchUp>();
        services.AddHostedService(provider => provider.GetRequiredService<JobCatchUp>());
        services.AddQuartz(quartz => quartz.AddJobListener<JobRunRecorder>());
        return services;
    }

    /// <summary>
    /// <see cref="DurableTimers"/> (table <c>Timers</c>), their firing, their Quartz jobs and their rebuild at start.
    /// Features add their handlers with <see cref="AddTimerHandler"/>.
    /// </summary>
    public static IServiceCollection AddDurableTimers(this IServiceCollection services)
    {
        services.AddOptions<DurableTimerOptions>();
        services.AddSingleton<DurableTimers>();
        services.AddSingleton<TimerFiring>();
        services.AddQuartz(quartz =>
        {
            quartz.AddJobType<DurableTimerJob>();
            quartz.AddJobType<DurableTimerSweepJob>();
        });
        services.AddHostedService<DurableTimerStartup>();
        return services;
    }

    /// <summary>
    /// The handler of timer kind <paramref name="kind"/>, built when timers first fire (a handler usually needs the service
    /// that schedules its timers), and the kind, known to <see cref="DurableTimers"/> at once.
    /// </summary>
    public static IServiceCollection AddTimerHandler(this IServiceCollection services, string kind, Func<IServiceProvider, ITimerHandler> handler)
    {
        services.AddSingleton(new TimerKind(kind));
        services.AddSingleton(handler);
        return services;
    }
}
