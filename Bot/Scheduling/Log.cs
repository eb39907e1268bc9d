namespace CoachBot.Scheduling;

/// <summary>The log events of the single-instance jobs, the durable timers and the job watch. Keys are references or ids, never personal data.</summary>
internal static partial class Log
{
    [LoggerMessage(4101, LogLevel.Information, "Timer {Kind}/{Key} scheduled for {DueAt}")]
    public static partial void Scheduled(ILogger logger, string kind, string key, DateTimeOffset dueAt);

    [LoggerMessage(4102, LogLevel.Information, "Timer {Kind}/{Key} due at {DueAt} fired (attempt {Attempt})")]
    public static partial void Fired(ILogger logger, string kind, string key, DateTimeOffset dueAt, int attempt);

    [LoggerMessage(4103, LogLevel.Warning, "Timer {Kind}/{Key}: the handler failed (attempt {Attempts}); next attempt at {NextAttemptAt}")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string kind, string key, int attempts, DateTimeOffset nextAttemptAt);

    [LoggerMessage(4104, LogLevel.Warning, "Timer {Kind}/{Key}: took over the claim of {PreviousOwner}, which did not finish in time; the handler runs again")]
    public static partial void TookOverStaleClaim(ILogger logger, string kind, string key, string previousOwner);

    [LoggerMessage(4105, LogLevel.Warning, "Timer {Kind}/{Key}: could not release the claim; it expires by itself")]
    public static partial void ReleaseFailed(ILogger logger, Exception exception, string kind, string key);

    [LoggerMessage(4106, LogLevel.Information, "Timers: {Count} stored timers have their triggers on this instance")]
    public static partial void Rebuilt(ILogger logger, int count);

    [LoggerMessage(4107, LogLevel.Error, "Timers: could not read the stored timers; the next sweep tries again")]
    public static partial void RebuildFailed(ILogger logger, Exception exception);

    [LoggerMessage(4108, LogLevel.Information, "Timer {Kind}/{Key}: this instance's scheduler is stopping; the stored timer is rebuilt at the next start")]
    public static partial void SchedulerStopped(ILogger logger, string kind, string key);

    [LoggerMessage(8311, LogLevel.Warning, "Job {Job} has not run for {Due}, due over an hour ago (last run for {LastRunFor})")]
    public static partial void Overdue(ILogger logger, string job, DateTimeOffset due, DateTimeOffset? lastRunFor);

    [LoggerMessage(4007, LogLevel.Warning, "Job {Job}: the run due at {DueAt} did not happen (the service was down) and was of use only until {UsefulUntil}; recorded as missed")]
    public static partial void JobMissed(ILogger logger, string job, DateTimeOffset dueAt, DateTimeOffset usefulUntil);

    [LoggerMessage(4008, LogLevel.Information, "Job {Job}: catching up the run due at {DueAt}, missed while the service was down")]
    public static partial void JobCatchingUp(ILogger logger, string job, DateTimeOffset dueAt);

    [LoggerMessage(4009, LogLevel.Information, "Job {Job}: the run due at {DueAt} has not been done; triggered now to catch up")]
    public static partial void CatchUpTriggered(ILogger logger, string job, DateTimeOffset dueAt);

    [LoggerMessage(4010, LogLevel.Error, "Jobs: the catch-up of missed runs failed; it is tried again at the next start or roster change")]
    public static partial void CatchUpFailed(ILogger logger, Exception exception);

    [LoggerMessage(4011, LogLevel.Warning, "Job {Job}: could not record how its run ended")]
    public static partial void RunNotRecorded(ILogger logger, Exception exception, string job);

    [LoggerMessage(4001, LogLevel.Information, "Job lease {Lease} is held by another instance; this instance skips the run")]
    public static partial void JobSkippedHeld(ILogger logger, string lease);

    [LoggerMessage(4002, LogLevel.Information, "Job lease {Lease}: the run for {FiredFor} was already done; skipped")]
    public static partial void JobSkippedDone(ILogger logger, string lease, DateTimeOffset firedFor);

    [LoggerMessage(4003, LogLevel.Warning, "Job lease {Lease} was lost while running; the run is cancelled")]
    public static partial void JobLeaseLost(ILogger logger, string lease);

    [LoggerMessage(4004, LogLevel.Warning, "Job lease {Lease}: renewal failed; retrying while the lease holds")]
    public static partial void JobRenewalFailed(ILogger logger, Exception exception, string lease);

    [LoggerMessage(4005, LogLevel.Warning, "Job lease {Lease}: renewal could not be confirmed before it expires at {ExpiresAt}; the run is cancelled")]
    public static partial void JobLeaseUnconfirmed(ILogger logger, string lease, DateTimeOffset expiresAt);

    [LoggerMessage(4006, LogLevel.Warning, "Job lease {Lease}: release failed; it expires by itself")]
    public static partial void JobReleaseFailed(ILogger logger, Exception exception, string lease);
}
