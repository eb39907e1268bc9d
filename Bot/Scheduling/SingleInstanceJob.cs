using CoachBot.Storage;
using Quartz;

namespace CoachBot.Scheduling;

/// <summary>
/// A Quartz job that fires on every instance (Quartz's store is in memory, per instance) but runs on one: the first
/// instance to take the job's lease runs it, renews the lease while it works, and records the fire time it ran for;
/// the others, and any late instance firing for the same time, skip. If the runner dies, its lease expires and the next
/// firing (or a manual run) finds the fire time not recorded and runs it again, so the work must be idempotent
/// (campaigns are).
/// </summary>
public abstract partial class SingleInstanceJob(Leases leases, ILogger logger) : IJob
{
    /// <summary>How long a lease lasts without renewal; renewed every third of it.</summary>
    protected virtual TimeSpan LeaseDuration => TimeSpan.FromSeconds(60);

    public virtual async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var name = $"job/{context.JobDetail.Key}";
        var firedFor = context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
        var owner = $"{Environment.MachineName}/{Environment.ProcessId}/{context.Scheduler.SchedulerName}/{context.FireInstanceId}";

        var lease = await leases.TryAcquireAsync(name, owner, LeaseDuration, cancellationToken);
        if (lease is null)
        {
            LogSkippedHeld(logger, name);
            return;
        }
        if (lease.LastRunFor >= firedFor)
        {
            await leases.ReleaseAsync(lease, null, cancellationToken);
            LogSkippedDone(logger, name, firedFor);
            return;
        }

        using var running = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewal = KeepAsync(lease, running);
        var completed = false;
        try
        {
            await RunOnceAsync(context, running.Token);
            completed = true;
        }
        finally
        {
            await running.CancelAsync();
            var held = await renewal;
            if (held is not null)
            {
                await leases.ReleaseAsync(held, completed ? firedFor : null, CancellationToken.None);
            }
        }
    }

    /// <summary>The work, on the one instance holding the lease. Cancelled if the lease is lost.</summary>
    protected abstract Task RunOnceAsync(IJobExecutionContext context, CancellationToken cancellationToken);

    private async Task<Lease?> KeepAsync(Lease lease, CancellationTokenSource running)
    {
        Lease? held = lease;
        try
        {
            while (held is not null && !running.IsCancellationRequested)
            {
                await Task.Delay(LeaseDuration / 3, running.Token);
                held = await leases.RenewAsync(held, LeaseDuration, running.Token);
                if (held is null)
                {
                    LogLeaseLost(logger, lease.Name);
                    await running.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        return held;
    }

    [LoggerMessage(4001, LogLevel.Information, "Job lease {Lease} is held by another instance; this instance skips the run")]
    private static partial void LogSkippedHeld(ILogger logger, string lease);

    [LoggerMessage(4002, LogLevel.Information, "Job lease {Lease}: the run for {FiredFor} was already done; skipped")]
    private static partial void LogSkippedDone(ILogger logger, string lease, DateTimeOffset firedFor);

    [LoggerMessage(4003, LogLevel.Warning, "Job lease {Lease} was lost while running; the run is cancelled")]
    private static partial void LogLeaseLost(ILogger logger, string lease);
}
