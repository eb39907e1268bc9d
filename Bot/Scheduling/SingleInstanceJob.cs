using CoachBot.Storage;
using Quartz;

namespace CoachBot.Scheduling;

/// <summary>
/// A Quartz job that fires on every instance (Quartz's store is in memory, per instance) but runs on one: the first
/// instance to take the job's lease runs it, renews the lease while it works, and records the fire time it ran for;
/// the others, and any late instance firing for the same time, skip. If the runner dies, its lease expires and the next
/// firing (or a manual run) finds the fire time not recorded and runs it again, so the work must be idempotent
/// (campaigns are). A catch-up firing (<see cref="JobCatchUp"/>, after a restart) serves the due time it carries, and runs
/// only while <see cref="UsefulUntil"/> says the work is still of use; past that it is recorded as missed. How the firing
/// ended is left in <see cref="IJobExecutionContext.Result"/> as a <see cref="JobRun"/> (a <see cref="JobSkip"/> when skipped), which
/// <see cref="JobRunRecorder"/> stores.
/// </summary>
public abstract class SingleInstanceJob(Leases leases, ILogger logger, TimeProvider? clock = null) : IJob
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>Job data of a catch-up firing: the due time it serves (round-trip format) and the zone of the job's schedule.</summary>
    public const string CatchUpDueData = "catch-up-due";
    public const string CatchUpZoneData = "catch-up-zone";

    /// <summary>The lease a job runs under, which records the fire time it last ran for.</summary>
    public static string LeaseName(JobKey job) => $"job/{job}";

    /// <summary>How long a lease lasts without renewal; renewed every third of it.</summary>
    protected virtual TimeSpan LeaseDuration => TimeSpan.FromSeconds(60);

    /// <summary>Pause between renewal attempts after one failed (storage unreachable), while the lease still holds.</summary>
    private TimeSpan RenewalRetryDelay => LeaseDuration / 12;

    public virtual async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var name = LeaseName(context.JobDetail.Key);
        var data = context.MergedJobDataMap;
        var catchUp = data.TryGetString(CatchUpDueData, out var dueText) && dueText is not null
            ? DateTimeOffset.Parse(dueText, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind)
            : (DateTimeOffset?)null;
        var firedFor = catchUp ?? context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
        var owner = $"{Environment.MachineName}/{Environment.ProcessId}/{context.Scheduler.SchedulerName}/{context.FireInstanceId}";

        var lease = await leases.TryAcquireAsync(name, owner, LeaseDuration, cancellationToken);
        if (lease is null)
        {
            Log.JobSkippedHeld(logger, name);
            context.Result = new JobSkip("another instance is running this job");
            return;
        }
        if (lease.LastRunFor >= firedFor)
        {
            await leases.ReleaseAsync(lease, null, cancellationToken);
            Log.JobSkippedDone(logger, name, firedFor);
            context.Result = new JobSkip($"the run due at {firedFor:u} was already done");
            return;
        }
        if (catchUp is { } due && UsefulUntil(data, due, Zone(data)) is { } until && _clock.GetUtcNow() >= until)
        {
            // Recorded as served, so neither another instance nor the next start tries it again; counted and alerted.
            await ReleaseAsync(lease, due);
            JobMetrics.Missed(context.JobDetail.Key.Name);
            Log.JobMissed(logger, context.JobDetail.Key.Name, due, until);
            context.Result = new JobRun(due, CatchUp: true, JobOutcome.Missed);
            return;
        }
        if (catchUp is { } caughtUp)
        {
            Log.JobCatchingUp(logger, context.JobDetail.Key.Name, caughtUp);
        }

        using var running = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewal = KeepAsync(lease, running);
        var completed = false;
        RunSummary? summary = null;
        try
        {
            summary = await RunOnceAsync(context, running.Token);
            completed = true;
        }
        finally
        {
            var outcome = completed ? JobOutcome.Succeeded : running.IsCancellationRequested ? JobOutcome.Cancelled : JobOutcome.Failed;
            JobMetrics.Ran(context.JobDetail.Key.Name, outcome.ToString().ToLowerInvariant());
            context.Result = new JobRun(firedFor, catchUp is not null, outcome, summary);
            await running.CancelAsync();
            // Never throws: the job's own outcome (its exception, if any) is what Quartz sees.
            var held = await renewal;
            if (held is not null)
            {
                await ReleaseAsync(held, completed ? firedFor : null);
            }
        }
    }

    /// <summary>
    /// Until when a run for <paramref name="due"/> that did not happen (the service was down) is still worth doing, given
    /// the job's data and the zone of its schedule; null: whenever it comes (the default: backups, installs).
    /// </summary>
    protected virtual DateTimeOffset? UsefulUntil(JobDataMap data, DateTimeOffset due, TimeZoneInfo zone) => null;

    /// <summary>The first Monday 00:00 in <paramref name="zone"/> after <paramref name="instant"/>: the end of its ISO week there.</summary>
    protected static DateTimeOffset EndOfWeek(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone).DateTime.Date;
        var monday = local.AddDays(7 - ((int)local.DayOfWeek + 6) % 7);
        return new DateTimeOffset(monday, zone.GetUtcOffset(monday));
    }

    /// <summary>A day after <paramref name="due"/>, or the end of its week in <paramref name="zone"/> if that comes first (a digest reports its week).</summary>
    protected static DateTimeOffset ADayLaterInItsWeek(DateTimeOffset due, TimeZoneInfo zone)
    {
        var endOfWeek = EndOfWeek(due, zone);
        return due.AddDays(1) < endOfWeek ? due.AddDays(1) : endOfWeek;
    }

    private static TimeZoneInfo Zone(JobDataMap data) =>
        data.TryGetString(CatchUpZoneData, out var zone) && zone is not null ? TimeZoneInfo.FindSystemTimeZoneById(zone) : TimeZoneInfo.Utc;

    /// <summary>The work, on the one instance holding the lease; what it sent, for a campaign job (else null). Cancelled if the lease is lost.</summary>
    protected abstract Task<RunSummary?> RunOnceAsync(IJobExecutionContext context, CancellationToken cancellationToken);

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
