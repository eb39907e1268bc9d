using Quartz;

namespace CoachBot.Scheduling;

/// <summary>The Quartz job behind each timer's trigger: one firing of that timer (see <see cref="TimerFiring"/>).</summary>
public sealed class DurableTimerJob(TimerFiring firing) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var data = context.MergedJobDataMap;
        await firing.FireAsync(data.GetString(DurableTimers.KindData)!, data.GetString(DurableTimers.KeyData)!, cancellationToken);
    }
}

/// <summary>Every <see cref="DurableTimerOptions.SweepInterval"/>: triggers for the timers other instances scheduled, or this one lost.</summary>
[DisallowConcurrentExecution]
public sealed class DurableTimerSweepJob(DurableTimers timers, ILogger<DurableTimerSweepJob> logger) : IJob
{
    public const string Name = "timers-sweep";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await timers.RebuildAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.RebuildFailed(logger, ex);
        }
    }
}

/// <summary>At start: a trigger for every stored timer (overdue ones fire as soon as Quartz runs), and the sweep.</summary>
public sealed class DurableTimerStartup(
    DurableTimers timers,
    ISchedulerFactory schedulers,
    Microsoft.Extensions.Options.IOptions<DurableTimerOptions> options,
    TimeProvider clock,
    ILogger<DurableTimerStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await timers.RebuildAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Storage unreachable at start must not keep the bot down: the sweep rebuilds them once it is back.
            Log.RebuildFailed(logger, ex);
        }

        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var interval = options.Value.SweepInterval;
        var job = JobBuilder.Create<DurableTimerSweepJob>().WithIdentity(DurableTimerSweepJob.Name).StoreDurably().Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity(DurableTimerSweepJob.Name)
            .ForJob(job)
            .StartAt(clock.GetUtcNow() + interval)
            .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
            .Build();
        await scheduler.ScheduleJob(job, [trigger], new ScheduleJobOptions { Replace = true }, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
