using Azure;
using Azure.Data.Tables;
using CoachBot.Storage;
using Quartz;

namespace CoachBot.Scheduling;

/// <summary>
/// Timers that survive restarts and fire once across instances. Each is a row of the <c>Timers</c> table (the truth)
/// and a Quartz trigger on every instance that knows of it (the alarm clock): the instance that schedules it sets its
/// trigger at once, every instance rebuilds triggers from the table at start and every
/// <see cref="DurableTimerOptions.SweepInterval"/>, and an overdue timer fires at once. When a trigger fires, the
/// instance claims the row with an ETag-conditional write (<see cref="TimerFiring"/>), so of several instances firing
/// together exactly one runs the handler; the row is deleted when the handler succeeds, kept and retried with a bounded exponential backoff when
/// it throws, and a claim whose instance died is taken over after <see cref="DurableTimerOptions.ClaimTimeout"/>.
/// Scheduling the same kind and key again, even from inside its own handler, replaces the row, and the old firing's
/// completion then leaves the new one alone (its ETag no longer matches).
/// </summary>
public sealed class DurableTimers(Tables tables, ISchedulerFactory schedulers, IEnumerable<TimerKind> kinds, ILogger<DurableTimers> logger)
{
    public const string TableName = "Timers";

    internal const string TriggerGroup = "timers";
    internal const string KindData = "kind";
    internal const string KeyData = "key";

    // Table properties hold 32K characters; a payload is a reference or a few ids, not a document.
    private const int MaxPayloadLength = 8_000;

    // Known without building the handlers: a handler usually needs the service that schedules its timers, which needs this.
    private readonly HashSet<string> _kinds = kinds.Select(k => k.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>Who this instance claims timers as: unique per process start.</summary>
    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>
    /// Sets the timer <paramref name="kind"/>/<paramref name="key"/> to fire at <paramref name="dueAt"/> (at once if it is
    /// past) with <paramref name="payload"/>, replacing any timer of the same kind and key, pending, failing or firing.
    /// </summary>
    public async Task ScheduleAsync(string kind, string key, DateTimeOffset dueAt, string payload, CancellationToken cancellationToken)
    {
        // The kind is checked against the registered kinds below.
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(payload);
        if (payload.Length > MaxPayloadLength)
        {
            throw new ArgumentException($"A timer payload holds at most {MaxPayloadLength} characters.", nameof(payload));
        }
        if (!_kinds.Contains(kind))
        {
            throw new ArgumentException($"No ITimerHandler is registered for timer kind '{kind}'.", nameof(kind));
        }

        var table = await TableAsync(cancellationToken);
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
        Log.Scheduled(logger, kind, key, entity.DueAt);
    }

    /// <summary>Cancels the timer; false when none was pending. A firing already running on some instance finishes.</summary>
    public async Task<bool> CancelAsync(string kind, string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var table = await TableAsync(cancellationToken);
        // The SDK answers a delete of a missing entity with its 404 response rather than an exception.
        var response = await table.DeleteEntityAsync(TableKeys.Escape(kind), TableKeys.Escape(key), ETag.All, cancellationToken);
        var deleted = response.Status != 404;
        // Other instances' triggers for it find no row when they fire, and do nothing.
        await RemoveTriggerAsync(kind, key, cancellationToken);
        return deleted;
    }

    /// <summary>The pending timer, or null when there is none (never scheduled, cancelled, or fired).</summary>
    public async Task<PendingTimer?> GetAsync(string kind, string key, CancellationToken cancellationToken) =>
        (await ReadAsync(kind, key, cancellationToken))?.ToPending();

    /// <summary>Sets a trigger on this instance for every stored timer whose trigger is missing or set for another time.</summary>
    public async Task RebuildAsync(CancellationToken cancellationToken)
    {
        var entities = await ReadAllAsync(cancellationToken);
        foreach (var entity in entities)
        {
            await SetTriggerAsync(entity.Kind, entity.Key, entity.WakeAt, cancellationToken);
        }
        Log.Rebuilt(logger, entities.Count);
    }

    /// <summary>The trigger (and job) name, as <c>GET /api/admin/jobs</c> lists it: <c>timer:request-ack/REQ-2026-0042</c>.</summary>
    internal static string TriggerName(string kind, string key) => $"timer:{kind}/{key}";

    internal Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(TableName, cancellationToken);

    internal async Task<TimerEntity?> ReadAsync(string kind, string key, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TimerEntity>(
            TableKeys.Escape(kind), TableKeys.Escape(key), cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    internal async Task<List<TimerEntity>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var entities = new List<TimerEntity>();
        await foreach (var entity in table.QueryAsync<TimerEntity>(cancellationToken: cancellationToken))
        {
            entities.Add(entity);
        }
        return entities;
    }

    internal async Task SetTriggerAsync(string kind, string key, DateTimeOffset at, CancellationToken cancellationToken)
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
            await action(await schedulers.GetScheduler(cancellationToken));
        }
        catch (SchedulerException)
        {
            // Quartz refuses to hand out or schedule on a scheduler that is shutting down or shut down.
            Log.SchedulerStopped(logger, kind, key);
        }
    }
}
