namespace CoachBot.Scheduling;

/// <summary>A durable timer that came due: its kind, its key, the due time it was scheduled for and its payload.</summary>
public sealed record TimerFired(string Kind, string Key, DateTimeOffset DueAt, string Payload);

/// <summary>
/// Runs the timers of one kind (register with <c>services.AddTimerHandler(kind, provider =&gt; new MyHandler(...))</c>).
/// Called once per timer, on one instance; a handler that throws is called again later (see <see cref="DurableTimers"/>), and
/// one whose instance dies mid-call is called again once the claim times out, so handlers must be idempotent.
/// </summary>
public interface ITimerHandler
{
    /// <summary>The timer kind this handler runs, for example <c>request-ack</c>.</summary>
    string Kind { get; }

    Task HandleAsync(TimerFired timer, CancellationToken cancellationToken);
}

/// <summary>A timer kind some <see cref="ITimerHandler"/> runs: what <see cref="DurableTimers.ScheduleAsync"/> accepts.</summary>
public sealed record TimerKind(string Name);

/// <summary>A stored timer as read: when it is due, and how its attempts went so far.</summary>
public sealed record PendingTimer(string Kind, string Key, DateTimeOffset DueAt, string Payload, int Attempts, DateTimeOffset NextAttemptAt, string? LastError);

/// <summary>Timing of the durable timers; defaults in code (tests shorten them).</summary>
public sealed class DurableTimerOptions
{
    /// <summary>How long a claim protects a firing; past it, a claim whose instance died is taken over and the handler runs again.</summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The wait after a handler's first failure; doubled after each further one, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often each instance re-reads the table, to pick up timers scheduled by other instances (and lost ones).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);
}
