using Azure.Data.Tables;
using CoachBot.Storage;
using Microsoft.Extensions.Options;

namespace CoachBot.Scheduling;

/// <summary>
/// One firing of a stored timer, as its trigger's <see cref="DurableTimerJob"/> runs it: claims the row with an
/// ETag-conditional write (of several instances firing together exactly one wins), runs the handler of its kind, then
/// deletes the row, or keeps it with the failure and a bounded exponential backoff (see <see cref="DurableTimers"/>).
/// </summary>
public sealed class TimerFiring(
    DurableTimers timers,
    IEnumerable<ITimerHandler> handlers,
    IOptions<DurableTimerOptions> options,
    TimeProvider clock,
    ILogger<DurableTimers> logger)
{
    private const int MaxErrorLength = 1_000;

    private readonly IReadOnlyDictionary<string, ITimerHandler> _handlers = handlers.ToDictionary(h => h.Kind, StringComparer.Ordinal);
    private readonly DurableTimerOptions _options = options.Value;

    internal DurableTimers Timers => timers;

    /// <summary>Due by this instance's clock: its next attempt has come, and no live claim holds it.</summary>
    internal bool IsDue(TimerEntity entity) => entity.WakeAt <= clock.GetUtcNow();

    /// <summary>
    /// Claims the timer if it is due and free (or its claim is stale), runs its handler, then deletes it or records the
    /// failure and the next attempt. A timer not due yet, or claimed by a live owner, gets its trigger set for when that changes.
    /// </summary>
    internal async Task<FireOutcome> FireAsync(string kind, string key, CancellationToken cancellationToken)
    {
        var table = await timers.TableAsync(cancellationToken);
        var stored = await timers.ReadAsync(kind, key, cancellationToken);
        if (stored is null)
        {
            return FireOutcome.Gone;
        }
        if (!IsDue(stored))
        {
            await timers.SetTriggerAsync(kind, key, stored.WakeAt, cancellationToken);
            return FireOutcome.NotDue;
        }

        var takingOver = stored.ClaimedBy;
        var claim = stored.ClaimedUntil(timers.Owner, clock.GetUtcNow() + _options.ClaimTimeout);
        if (await Optimistic.TryWriteAsync(() => table.UpdateEntityAsync(claim, stored.ETag, TableUpdateMode.Replace, cancellationToken)) is not { } claimed)
        {
            // Another instance claimed it first, or it was rescheduled or cancelled: follow what is stored now.
            if (await timers.ReadAsync(kind, key, cancellationToken) is { } current)
            {
                await timers.SetTriggerAsync(kind, key, current.WakeAt, cancellationToken);
            }
            return FireOutcome.Lost;
        }
        claim.ETag = claimed.Headers.ETag!.Value;
        if (takingOver is not null)
        {
            Log.TookOverStaleClaim(logger, kind, key, takingOver);
        }

        try
        {
            if (!_handlers.TryGetValue(kind, out var handler))
            {
                throw new InvalidOperationException($"No ITimerHandler is registered for timer kind '{kind}'.");
            }
            await handler.HandleAsync(new TimerFired(kind, key, stored.DueAt, stored.Payload), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: give the claim back so the next start (or another instance) fires it without waiting for it to expire.
            await TryReplaceAsync(table, claim.Released(), claim);
            throw;
        }
        catch (Exception ex)
        {
            var failed = claim.Released();
            failed.Attempts++;
            failed.NextAttemptAt = clock.GetUtcNow() + RetryDelay(failed.Attempts);
            failed.LastError = Truncate($"{ex.GetType().Name}: {ex.Message}");
            Log.HandlerFailed(logger, ex, kind, key, failed.Attempts, failed.NextAttemptAt);
            if (await TryReplaceAsync(table, failed, claim))
            {
                await timers.SetTriggerAsync(kind, key, failed.NextAttemptAt, cancellationToken);
            }
            return FireOutcome.Failed;
        }

        // Lost: rescheduled (perhaps by the handler itself) or cancelled while it ran: the newer state stays.
        await Optimistic.TryWriteAsync(() => table.DeleteEntityAsync(claim.PartitionKey, claim.RowKey, claim.ETag, CancellationToken.None));
        Log.Fired(logger, kind, key, stored.DueAt, stored.Attempts + 1);
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

    /// <summary>Replaces the claimed row if the claim still holds; false when it was rescheduled or cancelled meanwhile, or storage failed.</summary>
    private async Task<bool> TryReplaceAsync(TableClient table, TimerEntity entity, TimerEntity claim)
    {
        try
        {
            // Lost: rescheduled or cancelled meanwhile: the newer state stays.
            return await Optimistic.TryWriteAsync(() => table.UpdateEntityAsync(entity, claim.ETag, TableUpdateMode.Replace, CancellationToken.None)) is not null;
        }
        catch (Exception ex)
        {
            // The claim stays and expires by itself; the timer is then taken over and retried.
            Log.ReleaseFailed(logger, ex, entity.Kind, entity.Key);
            return false;
        }
    }

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
}
