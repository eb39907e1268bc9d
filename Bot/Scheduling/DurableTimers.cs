using Azure;
using Azure.Data.Tables;
using CoachBot.Storage;
using Microsoft.Extensions.Options;
using Quartz;

namespace CoachBot.Scheduling;

/// <summary>
/// Timers that survive restarts and fire once across instances. Each is a row of the <c>Timers</c> table (the truth)
/// and a Quartz trigger on every instance that knows of it (the alarm clock): the instance that schedules it sets its
/// trigger at once, every instance rebuilds triggers from the table at start and every
/// <see cref="DurableTimerOptions.SweepInterval"/>, and an overdue timer fires at once. When a trigger fires, the
/// instance claims the row with an ETag-conditional write, so of several instances firing together exactly one runs
/// the handler; the row is deleted when the handler succeeds, kept and retried with a bounded exponential backoff when
/// it throws, and a claim whose instance died is taken over after <see cref="DurableTimerOptions.ClaimTimeout"/>.
/// Scheduling the same kind and key again, even from inside its own handler, replaces the row, and the old firing's
/// completion then leaves the new one alone (its ETag no longer matches).
/// </summary>
public sealed partial class DurableTimers
{
    public const string TableName = "Timers";

    internal const string TriggerGroup = "timers";
    internal const string KindData = "kind";
    internal const string KeyData = "key";

    // Table properties hold 32K characters; a payload is a reference or a few ids, not a document.
    private const int MaxPayloadLength = 8_000;
    private const int MaxErrorLength = 1_000;

    private readonly Tables _tables;
    private readonly ISchedulerFactory _schedulers;
    private readonly IServiceProvider _services;
    private readonly DurableTimerOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<DurableTimers> _logger;
    private IReadOnlyDictionary<string, ITimerHandler>? _handlers;

    public DurableTimers(
        Tables tables,
        ISchedulerFactory schedulers,
        IServiceProvider services,
        IOptions<DurableTimerOptions> options,
        TimeProvider clock,
        ILogger<DurableTimers> logger)
    {
        _tables = tables;
        _schedulers = schedulers;
        _services = services;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
        Owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    }

    /// <summary>Who this instance claims timers as: unique per process start.</summary>
    public string Owner { get; }

    /// <summary>
    /// Sets the timer <paramref name="kind"/>/<paramref name="key"/> to fire at <paramref name="dueAt"/> (at once if it is
    /// past) with <paramref name="payload"/>, replacing any timer of the same kind and key, pending, failing or firing.
    /// </summary>
    public async Task ScheduleAsync(string kind, string key, DateTimeOffset dueAt, string payload, CancellationToken cancellationToken)
    {
        // The kind is checked against the handlers below.
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(payload);
        if (payload.Length > MaxPayloadLength)
        {
            throw new ArgumentException($"A timer payload holds at most {MaxPayloadLength} characters.", nameof(payload));
        }
        if (!Handlers.ContainsKey(kind))
        {
            throw new ArgumentException($"No ITimerHandler is registered for timer kind '{kind}'.", nameof(kind));
        }

        var table = await _tables.GetAsync(TableName, cancellationToken);
        var entity = new TimerEntity
        {
            PartitionKey = TableKeys.Escape(kind),
            RowKey = TableKeys.Escape(key),
            Kind = kind,
            Key = key,
            DueAt = dueAt.ToUniversalTime(),
            NextAttemptAt = dueAt.ToUniversalTime(),
            Payload = payload,
        };
        // Unconditional: the newest schedule wins, and it voids any claim, so a firing in progress cannot delete it.
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        await SetTriggerAsync(kind, key, entity.NextAttemptAt, cancellationToken);
        Log.Scheduled(_logger, kind, key, entity.DueAt);
    }

    /// <summary>Cancels the timer; false when none was pending. A firing already running on some instance finishes.</summary>
    public async Task<bool> CancelAsync(string kind, string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var table = await _tables.GetAsync(TableName, cancellationToken);
        // The SDK answers a delete of a missing entity with its 404 response rather than an exception.
        var response = await table.DeleteEntityAsync(TableKeys.Escape(kind), TableKeys.Escape(key), ETag.All, cancellationToken);
        var deleted = response.Status != 404;
        // Other instances' triggers for it find no row when they fire, and do nothing.
        await RemoveTriggerAsync(kind, key, cancellationToken);
        return deleted;
    }

    /// <summary>The pending timer, or null when there is none (never scheduled, cancelled, or fired).</summary>
    public async Task<PendingTimer?> GetAsync(string kind, string key, CancellationToken cancellationToken)
    {
        var entity = await ReadAsync(kind, key, cancellationToken);
        return entity is null ? null : ToPending(entity);
    }

    /// <summary>
    /// Fires, here and now, every stored timer that is due by this instance's clock, one after the other; returns how many
    /// handlers ran to completion. The triggers do this on their own; a test on a fake clock calls it after moving time on.
    /// </summary>
    public async Task<int> FireDueAsync(CancellationToken cancellationToken)
    {
        var fired = 0;
        var now = _clock.GetUtcNow();
        foreach (var entity in await ReadAllAsync(cancellationToken))
        {
            if (WakeAt(entity) <= now && await FireAsync(entity.Kind, entity.Key, cancellationToken) == FireOutcome.Handled)
            {
                fired++;
            }
        }
        return fired;
    }

    /// <summary>Sets a trigger on this instance for every stored timer whose trigger is missing or set for another time.</summary>
    public async Task RebuildAsync(CancellationToken cancellationToken)
    {
        var entities = await ReadAllAsync(cancellationToken);
        foreach (var entity in entities)
        {
            await SetTriggerAsync(entity.Kind, entity.Key, WakeAt(entity), cancellationToken);
        }
        Log.Rebuilt(_logger, entities.Count);
    }

    /// <summary>
    /// One firing of one timer: claims it if it is due and free (or its claim is stale), runs its handler, then deletes it
    /// or records the failure and the next attempt. A timer not due yet, or claimed by a live owner, gets its trigger set for
    /// when that changes.
    /// </summary>
    internal async Task<FireOutcome> FireAsync(string kind, string key, CancellationToken cancellationToken)
    {
        var table = await _tables.GetAsync(TableName, cancellationToken);
        var stored = await ReadAsync(kind, key, cancellationToken);
        if (stored is null)
        {
            return FireOutcome.Gone;
        }
        var now = _clock.GetUtcNow();
        var wakeAt = WakeAt(stored);
        if (wakeAt > now)
        {
            await SetTriggerAsync(kind, key, wakeAt, cancellationToken);
            return FireOutcome.NotDue;
        }

        var takingOver = stored.ClaimedBy;
        var claim = Copy(stored);
        claim.ClaimedBy = Owner;
        claim.ClaimExpiresAt = now + _options.ClaimTimeout;
        try
        {
            var response = await table.UpdateEntityAsync(claim, stored.ETag, TableUpdateMode.Replace, cancellationToken);
            claim.ETag = response.Headers.ETag!.Value;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Another instance claimed it first, or it was rescheduled or cancelled: follow what is stored now.
            await FollowAsync(kind, key, cancellationToken);
            return FireOutcome.Lost;
        }
        if (takingOver is not null)
        {
            Log.TookOverStaleClaim(_logger, kind, key, takingOver);
        }

        try
        {
            if (!Handlers.TryGetValue(kind, out var handler))
            {
                throw new InvalidOperationException($"No ITimerHandler is registered for timer kind '{kind}'.");
            }
            await handler.HandleAsync(new TimerFired(kind, key, stored.DueAt, stored.Payload), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: give the claim back so the next start (or another instance) fires it without waiting for it to expire.
            await TryReplaceAsync(table, Released(claim), claim.ETag);
            throw;
        }
        catch (Exception ex)
        {
            var failed = Released(claim);
            failed.Attempts++;
            failed.NextAttemptAt = _clock.GetUtcNow() + RetryDelay(failed.Attempts);
            failed.LastError = Truncate($"{ex.GetType().Name}: {ex.Message}");
            Log.HandlerFailed(_logger, ex, kind, key, failed.Attempts, failed.NextAttemptAt);
            if (await TryReplaceAsync(table, failed, claim.ETag))
            {
                await SetTriggerAsync(kind, key, failed.NextAttemptAt, cancellationToken);
            }
            return FireOutcome.Failed;
        }

        try
        {
            await table.DeleteEntityAsync(claim.PartitionKey, claim.RowKey, claim.ETag, CancellationToken.None);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Rescheduled (perhaps by the handler itself) or cancelled while it ran: the newer state stays.
        }
        Log.Fired(_logger, kind, key, stored.DueAt, stored.Attempts + 1);
        return FireOutcome.Handled;
    }

    /// <summary>The backoff after <paramref name="attempts"/> failures: doubling from the first delay, never beyond the maximum.</summary>
    internal TimeSpan RetryDelay(int attempts)
    {
        var delay = _options.FirstRetryDelay;
        for (var i = 1; i < attempts && delay < _options.MaxRetryDelay; i++)
        {
            delay *= 2;
        }
        return delay < _options.MaxRetryDelay ? delay : _options.MaxRetryDelay;
    }

    private IReadOnlyDictionary<string, ITimerHandler> Handlers =>
        // Resolved on first use, not in the constructor: a handler usually needs the service that schedules its timers.
        _handlers ??= _services.GetServices<ITimerHandler>().ToDictionary(h => h.Kind, StringComparer.Ordinal);

    /// <summary>When a trigger should next look at this row: its next attempt, or the end of a live claim.</summary>
    private static DateTimeOffset WakeAt(TimerEntity entity) =>
        entity.ClaimedBy is not null && entity.ClaimExpiresAt is { } expires && expires > entity.NextAttemptAt ? expires : entity.NextAttemptAt;

    private async Task FollowAsync(string kind, string key, CancellationToken cancellationToken)
    {
        var current = await ReadAsync(kind, key, cancellationToken);
        if (current is not null)
        {
            await SetTriggerAsync(kind, key, WakeAt(current), cancellationToken);
        }
    }

    private async Task<bool> TryReplaceAsync(TableClient table, TimerEntity entity, ETag claimETag)
    {
        try
        {
            await table.UpdateEntityAsync(entity, claimETag, TableUpdateMode.Replace, CancellationToken.None);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Rescheduled or cancelled meanwhile: the newer state stays.
            return false;
        }
        catch (Exception ex)
        {
            // The claim stays and expires by itself; the timer is then taken over and retried.
            Log.ReleaseFailed(_logger, ex, entity.Kind, entity.Key);
            return false;
        }
    }

    private async Task SetTriggerAsync(string kind, string key, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var name = TriggerName(kind, key);
        await WithSchedulerAsync(kind, key, async scheduler =>
        {
            var existing = await scheduler.GetTrigger(new TriggerKey(name, TriggerGroup), cancellationToken);
            if (existing?.NextFireTimeUtc == at)
            {
                return;
            }
            var job = JobBuilder.Create<DurableTimerJob>()
                .WithIdentity(name, TriggerGroup)
                .UsingJobData(KindData, kind)
                .UsingJobData(KeyData, key)
                .Build();
            var trigger = TriggerBuilder.Create()
                .WithIdentity(name, TriggerGroup)
                .ForJob(job)
                .StartAt(at)
                .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
                .Build();
            await scheduler.ScheduleJob(job, [trigger], new ScheduleJobOptions { Replace = true }, cancellationToken);
        }, cancellationToken);
    }

    private Task RemoveTriggerAsync(string kind, string key, CancellationToken cancellationToken) =>
        WithSchedulerAsync(kind, key, async scheduler =>
            await scheduler.UnscheduleJob(new TriggerKey(TriggerName(kind, key), TriggerGroup), cancellationToken), cancellationToken);

    /// <summary>
    /// Runs <paramref name="action"/> on this instance's scheduler, unless it is shutting down or shut down (it then
    /// refuses triggers, and Quartz will not hand it out again): the row is the truth, and the next start rebuilds it.
    /// </summary>
    private async Task WithSchedulerAsync(string kind, string key, Func<IScheduler, Task> action, CancellationToken cancellationToken)
    {
        try
        {
            await action(await _schedulers.GetScheduler(cancellationToken));
        }
        catch (SchedulerException)
        {
            // Quartz refuses to hand out or schedule on a scheduler that is shutting down or shut down.
            Log.SchedulerStopped(_logger, kind, key);
        }
    }

    /// <summary>The trigger (and job) name, as <c>GET /api/admin/jobs</c> lists it: <c>timer:request-ack/REQ-2026-0042</c>.</summary>
    internal static string TriggerName(string kind, string key) => $"timer:{kind}/{key}";

    private async Task<TimerEntity?> ReadAsync(string kind, string key, CancellationToken cancellationToken)
    {
        var table = await _tables.GetAsync(TableName, cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TimerEntity>(
            TableKeys.Escape(kind), TableKeys.Escape(key), cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    private async Task<List<TimerEntity>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var table = await _tables.GetAsync(TableName, cancellationToken);
        var entities = new List<TimerEntity>();
        await foreach (var entity in table.QueryAsync<TimerEntity>(cancellationToken: cancellationToken))
        {
            entities.Add(entity);
        }
        return entities;
    }

    private static PendingTimer ToPending(TimerEntity e) => new(e.Kind, e.Key, e.DueAt, e.Payload, e.Attempts, e.NextAttemptAt, e.LastError);

    private static TimerEntity Released(TimerEntity claim)
    {
        var released = Copy(claim);
        released.ClaimedBy = null;
        released.ClaimExpiresAt = null;
        return released;
    }

    private static TimerEntity Copy(TimerEntity e) => new()
    {
        PartitionKey = e.PartitionKey,
        RowKey = e.RowKey,
        ETag = e.ETag,
        Kind = e.Kind,
        Key = e.Key,
        DueAt = e.DueAt,
        NextAttemptAt = e.NextAttemptAt,
        Payload = e.Payload,
        Attempts = e.Attempts,
        ClaimedBy = e.ClaimedBy,
        ClaimExpiresAt = e.ClaimExpiresAt,
        LastError = e.LastError,
    };

    private static string Truncate(string text) => text[..Math.Min(text.Length, MaxErrorLength)];

    internal enum FireOutcome
    {
        /// <summary>The handler ran to completion.</summary>
        Handled,
        /// <summary>No such timer any more: fired elsewhere, or cancelled.</summary>
        Gone,
        /// <summary>Not due yet, or claimed by a live owner.</summary>
        NotDue,
        /// <summary>Another instance claimed it first, or it changed under us.</summary>
        Lost,
        /// <summary>The handler threw; the next attempt is recorded.</summary>
        Failed,
    }

    // PartitionKey = timer kind, RowKey = its key (both escaped): one point read per firing, one scan rebuilds them all.
    internal sealed class TimerEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public string Kind { get; set; } = "";
        public string Key { get; set; } = "";
        public DateTimeOffset DueAt { get; set; }
        /// <summary>The due time, then after each failure the time of the next attempt.</summary>
        public DateTimeOffset NextAttemptAt { get; set; }
        public string Payload { get; set; } = "";
        public int Attempts { get; set; }
        public string? ClaimedBy { get; set; }
        public DateTimeOffset? ClaimExpiresAt { get; set; }
        public string? LastError { get; set; }
    }

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

        [LoggerMessage(4108, LogLevel.Information, "Timer {Kind}/{Key}: this instance's scheduler is stopping; the stored timer is rebuilt at the next start")]
        public static partial void SchedulerStopped(ILogger logger, string kind, string key);

        [LoggerMessage(4107, LogLevel.Error, "Timers: could not read the stored timers; the next sweep tries again")]
        public static partial void RebuildFailed(ILogger logger, Exception exception);
    }
}
