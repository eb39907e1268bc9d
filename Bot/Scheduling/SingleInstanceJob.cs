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
public abstract class SingleInstanceJob(Leases leases, ILogger logger, TimeProvider? clock = null) : IJob
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>The lease a job runs under, which records the fire time it last ran for.</summary>
    public static string LeaseName(JobKey job) => $"job/{job}";

    /// <summary>How long a lease lasts without renewal; renewed every third of it.</summary>
    protected virtual TimeSpan LeaseDuration => TimeSpan.FromSeconds(60);

    /// <summary>Pause between renewal attempts after one failed (storage unreachable), while the lease still holds.</summary>
    private TimeSpan RenewalRetryDelay => LeaseDuration / 12;

    public virtual async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var name = LeaseName(context.JobDetail.Key);
        var firedFor = context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
        var owner = $"{Environment.MachineName}/{Environment.ProcessId}/{context.Scheduler.SchedulerName}/{context.FireInstanceId}";

        var lease = await leases.TryAcquireAsync(name, owner, LeaseDuration, cancellationToken);
        if (lease is null)
        {
            Log.JobSkippedHeld(logger, name);
            return;
        }
        if (lease.LastRunFor >= firedFor)
        {
            await leases.ReleaseAsync(lease, null, cancellationToken);
            Log.JobSkippedDone(logger, name, firedFor);
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
            JobMetrics.Ran(context.JobDetail.Key.Name, completed ? "succeeded" : running.IsCancellationRequested ? "cancelled" : "failed");
            await running.CancelAsync();
            // Never throws: the job's own outcome (its exception, if any) is what Quartz sees.
            var held = await renewal;
            if (held is not null)
            {
                await ReleaseAsync(held, completed ? firedFor : null);
            }
        }
    }

    /// <summary>The work, on the one instance holding the lease. Cancelled if the lease is lost.</summary>
    protected abstract Task RunOnceAsync(IJobExecutionContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Renews the lease every third of its duration until the work ends, and cancels the work as soon as the lease is
    /// lost or can no longer be confirmed before it expires (past that, another instance may take it and run the same
    /// firing). Returns the lease to release, or null when it is no longer ours. Never throws.
    /// </summary>
    private async Task<Lease?> KeepAsync(Lease lease, CancellationTokenSource running)
    {
        var held = lease;
        try
        {
            while (!running.IsCancellationRequested)
            {
                await Task.Delay(LeaseDuration / 3, _clock, running.Token);
                var renewed = await RenewBeforeExpiryAsync(held, running.Token);
                if (renewed is null)
                {
                    await running.CancelAsync();
                    // Lost: not ours to release. Unconfirmed: released if still ours (the release is ETag-conditional).
                    return held.ExpiresAt <= _clock.GetUtcNow() ? null : held;
                }
                held = renewed;
            }
        }
        catch (OperationCanceledException) when (running.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Log.JobRenewalFailed(logger, ex, lease.Name);
            await running.CancelAsync();
        }
        return held;
    }

    /// <summary>The renewed lease; null if it was lost, or if storage failed until too close to its expiry.</summary>
    private async Task<Lease?> RenewBeforeExpiryAsync(Lease held, CancellationToken cancellationToken)
    {
        // Attempts and waits all end by this deadline, one retry delay before the lease expires, so the work is
        // stopped with that margin left even when the last attempt or wait runs late.
        var deadline = held.ExpiresAt - RenewalRetryDelay;
        while (true)
        {
            var left = deadline - _clock.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                Log.JobLeaseUnconfirmed(logger, held.Name, held.ExpiresAt);
                return null;
            }
            using var expiry = new CancellationTokenSource(left, _clock);
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, expiry.Token);
            try
            {
                var renewed = await leases.RenewAsync(held, LeaseDuration, attempt.Token);
                if (renewed is null)
                {
                    Log.JobLeaseLost(logger, held.Name);
                }
                return renewed;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                Log.JobRenewalFailed(logger, ex, held.Name);
            }
            var wait = deadline - _clock.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait < RenewalRetryDelay ? wait : RenewalRetryDelay, _clock, cancellationToken);
            }
        }
    }

    private async Task ReleaseAsync(Lease held, DateTimeOffset? ranFor)
    {
        try
        {
            await leases.ReleaseAsync(held, ranFor, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Not released: the lease expires by itself; an unrecorded fire time is run again by the next firing.
            Log.JobReleaseFailed(logger, ex, held.Name);
        }
    }
}
