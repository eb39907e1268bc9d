using System.Collections.Concurrent;
using Azure;
using CoachBot.Roster;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;

namespace CoachBot.Teams.Delivery;

/// <summary>
/// Sends a campaign: one card to each recipient, within Teams' limits, at most once per recipient across repeated
/// starts, concurrent instances and crashes. Per recipient: look up the conversation, claim the record
/// (ETag-conditional), wait for a send slot, send, record the activity id at once. A claim whose owner died is taken
/// over after <see cref="DeliveryOptions.ClaimTimeout"/> and resent (at-least-once: see bench/README.md). The counters of
/// a run are <see cref="CampaignRun"/>'s; retries, send slots and timeouts are <see cref="SendPipeline"/>'s.
/// </summary>
public sealed class DeliveryEngine(
    DeliveryLedger ledger,
    ConversationReferenceStore references,
    ProactiveSender sender,
    TeamsSendLimits limits,
    DeliveryMetrics metrics,
    IOptions<DeliveryOptions> options,
    TimeProvider clock,
    ILogger<DeliveryEngine> logger)
{
    private readonly DeliveryOptions _options = options.Value;
    private readonly SendPipeline _pipeline = new(limits, options.Value, clock, logger);

    /// <summary>Who this engine claims records as: unique per process start, so a restarted process never mistakes a dead run's claims for its own.</summary>
    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    public async Task<CampaignResult> RunAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentException.ThrowIfNullOrWhiteSpace(campaign.Id);
        var started = clock.GetTimestamp();

        // By ledger key: the person, or for an update the person and the activity (see DeliveryLedger.RecipientKey).
        var recipients = new Dictionary<string, Addressee>(StringComparer.Ordinal);
        var invalid = 0;
        foreach (var recipient in campaign.Recipients)
        {
            if (RosterIdentity.TryNormalizeObjectId(recipient.AadObjectId, out var objectId))
            {
                recipients.TryAdd(DeliveryLedger.RecipientKey(objectId, recipient.UpdateActivityId), new Addressee(objectId, recipient));
            }
            else
            {
                invalid++;
                Log.InvalidRecipient(logger, campaign.Id, recipient.AadObjectId);
            }
        }

        var known = await ledger.ReadCampaignAsync(campaign.Id, cancellationToken);
        await using var records = await ledger.OpenAsync(campaign.Id, cancellationToken);
        var run = new CampaignRun(campaign.Id, recipients.Count + invalid, records, references, metrics, logger);
        run.Add(invalid, RecipientOutcome.Skipped);
        await run.ReadConversationsAsync(recipients.Values.Select(a => a.ObjectId).ToList(), cancellationToken);
        Log.CampaignStarted(logger, campaign.Id, run.Total, known.Count);

        var waiting = await DeliverAllAsync(run, recipients, recipients.Keys, known, cancellationToken);
        // Recipients another owner had claimed: wait until that owner records them, or until its claim goes stale
        // (it died) and take them over.
        while (waiting.Count > 0)
        {
            var current = await WaitForOtherOwnersAsync(campaign.Id, waiting, cancellationToken);
            waiting = await DeliverAllAsync(run, recipients, waiting, current, cancellationToken);
        }

        var result = run.ToResult(clock.GetElapsedTime(started));
        Log.CampaignFinished(logger, result.CampaignId, result.Elapsed, result.Sent, result.AlreadyDone, result.Skipped,
            result.Failed, result.Inactive, result.Throttled, result.Retries, result.PossibleDuplicates);
        return result;
    }

    private TimeSpan PollInterval => TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(5).Ticks, _options.ClaimTimeout.Ticks / 4));

    /// <summary>One pass over <paramref name="ids"/>, in parallel; returns those another owner holds a live claim on.</summary>
    private async Task<List<string>> DeliverAllAsync(CampaignRun run, Dictionary<string, Addressee> recipients, IEnumerable<string> ids,
        Dictionary<string, DeliveryRecord> known, CancellationToken cancellationToken)
    {
        var deferred = new ConcurrentBag<string>();
        var parallelism = new ParallelOptions
        {
            // A little more than the in-flight limit, so the next recipients' look-ups and claims overlap the sends.
            MaxDegreeOfParallelism = _options.MaxConcurrentSends + Math.Max(2, _options.MaxConcurrentSends / 4),
            CancellationToken = cancellationToken,
        };
        await Parallel.ForEachAsync(ids, parallelism, async (id, token) =>
        {
            var outcome = await DeliverAsync(run, id, recipients[id], known.GetValueOrDefault(id), token);
            if (outcome is RecipientOutcome.Deferred)
            {
                deferred.Add(id);
            }
            else
            {
                run.Add(1, outcome);
            }
        });
        return deferred.ToList();
    }

    /// <summary>Waits until the first live claim among <paramref name="waiting"/> could have gone stale (at most a poll interval); returns the campaign's records then.</summary>
    private async Task<Dictionary<string, DeliveryRecord>> WaitForOtherOwnersAsync(string campaignId, List<string> waiting, CancellationToken cancellationToken)
    {
        Log.WaitingForOtherOwners(logger, campaignId, waiting.Count);
        var current = await ledger.ReadCampaignAsync(campaignId, cancellationToken);
        var now = clock.GetUtcNow();
        var nextExpiry = waiting
            .Select(id => current.GetValueOrDefault(id))
            .Where(r => r is { State: DeliveryState.Claimed } && !IsStale(r, now))
            .Select(r => r!.ClaimedAt!.Value + _options.ClaimTimeout)
            .DefaultIfEmpty(now)
            .Min();
        var pause = nextExpiry - now;
        if (pause > TimeSpan.Zero)
        {
            await Task.Delay(pause < PollInterval ? pause + TimeSpan.FromMilliseconds(50) : PollInterval, clock, cancellationToken);
            current = await ledger.ReadCampaignAsync(campaignId, cancellationToken);
        }
        return current;
    }

    private bool IsStale(DeliveryRecord? record, DateTimeOffset now) =>
        record is { State: DeliveryState.Claimed } && (record.ClaimedAt is null || record.ClaimedAt.Value + _options.ClaimTimeout <= now);

    private async Task<RecipientOutcome> DeliverAsync(CampaignRun run, string recipientId, Addressee addressee, DeliveryRecord? known, CancellationToken cancellationToken)
    {
        if (known is { IsFinished: true })
        {
            return AlreadyDone(run, known);
        }
        if (known is { State: DeliveryState.Claimed } && !IsStale(known, clock.GetUtcNow()))
        {
            return RecipientOutcome.Deferred;
        }

        // Everything per recipient runs inside the try: a storage failure on one recipient fails that recipient, and
        // must not escape Parallel.ForEachAsync, which would cancel every send in flight and leave their claims behind.
        DeliveryRecord? claim = null;
        try
        {
            var (objectId, recipient) = addressee;
            var conversation = await run.FindConversationAsync(objectId, cancellationToken);
            if (conversation is not { Active: true })
            {
                var reason = conversation is null ? "no conversation reference" : $"inactive: {conversation.InactiveReason}";
                var skipped = await run.Records.TrySkipAsync(recipientId, reason, known);
                return skipped is not null ? RecipientOutcome.Skipped : await RecheckAsync(run, recipientId, cancellationToken);
            }

            var card = recipient.Text is null ? await recipient.CreateCardAsync(cancellationToken) : null;
            // A new activity for every attempt: sending or updating one stamps it with the conversation.
            IMessageActivity Message() => card is null ? MessageFactory.Text(recipient.Text) : CardMessages.Message(card);

            // Claimed before waiting for a send slot, so the slot's token is spent right before the request: the sends
            // stay evenly spaced. A crash in between leaves a claim that was never sent; taking it over later counts as
            // a possible duplicate, so that count is an upper bound.
            claim = await run.Records.TryClaimAsync(recipientId, Owner, known);
            if (claim is null)
            {
                return await RecheckAsync(run, recipientId, cancellationToken);
            }
            if (known is { State: DeliveryState.Claimed })
            {
                run.PossibleDuplicate();
                Log.TookOverStaleClaim(logger, run.Id, recipientId, known.Owner);
            }

            var activityId = await _pipeline.SendAsync(run, conversation.Reference.Conversation?.Id ?? recipientId, token => recipient.UpdateActivityId is { } updated
                ? sender.UpdateAsync(conversation.Reference, updated, Message(), token)
                : sender.SendAsync(conversation.Reference, Message(), token), cancellationToken);

            run.Holds(recipientId, activityId);
            await run.RecordSentAsync(claim, activityId);
            return RecipientOutcome.Sent;
        }
        catch (ConnectorException ex) when (ex.ConversationIsGone)
        {
            return await RefusedAsync(run, recipientId, addressee, claim, ex, cancellationToken);
        }
        catch (ConnectorException ex) when (ex.IsTransient && _pipeline.WaitsTooLong(ex))
        {
            run.RetryAfterBeyondLimit(ex.Status is System.Net.HttpStatusCode.TooManyRequests);
            Log.RetryAfterBeyondLimit(logger, run.Id, recipientId, ex.RetryAfter!.Value, _options.MaxRetryDelay);
            await run.RecordFailureAsync(claim, $"{SendPipeline.Describe(ex)} retry-after {ex.RetryAfter.Value.TotalSeconds:0.#} s", retryable: true);
            return RecipientOutcome.Failed;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.SendFailed(logger, ex, run.Id, recipientId);
            // Storage failing is an outage like a 503: the next run of the campaign tries this recipient again.
            await run.RecordFailureAsync(claim, SendPipeline.Describe(ex), SendPipeline.IsTransient(ex) || ex is RequestFailedException);
            return RecipientOutcome.Failed;
        }
    }

    /// <summary>
    /// Teams refused with 403 or 404, the one place that decides what that means. An update answered 404: that message no
    /// longer exists (deleted, or past retention); the conversation is fine, so it stays active, but retrying cannot bring
    /// the message back. Otherwise the user blocked or removed the app (403) or the conversation is gone (404): marked
    /// inactive, never retried.
    /// </summary>
    private async Task<RecipientOutcome> RefusedAsync(CampaignRun run, string recipientId, Addressee addressee, DeliveryRecord? claim,
        ConnectorException refusal, CancellationToken cancellationToken)
    {
        if (refusal.Status is System.Net.HttpStatusCode.NotFound && addressee.Recipient.UpdateActivityId is { } activityId)
        {
            Log.ActivityGone(logger, run.Id, addressee.ObjectId, activityId);
            await run.RecordFailureAsync(claim, $"activity gone: 404 {refusal.ErrorCode}", retryable: false);
            return RecipientOutcome.Failed;
        }
        Log.ConversationGone(logger, run.Id, recipientId, (int)refusal.Status);
        await MarkInactiveAsync(run, addressee.ObjectId, $"{(int)refusal.Status} {refusal.ErrorCode ?? refusal.Status.ToString()}", cancellationToken);
        await run.RecordFailureAsync(claim, $"conversation gone: {(int)refusal.Status} {refusal.ErrorCode}", retryable: false);
        return RecipientOutcome.Inactive;
    }

    // Best-effort, after a refusal: its own failure is logged, never allowed to end the campaign.
    private async Task MarkInactiveAsync(CampaignRun run, string recipientId, string reason, CancellationToken cancellationToken)
    {
        try
        {
            await references.MarkInactiveAsync(recipientId, reason, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.MarkInactiveFailed(logger, ex, run.Id, recipientId);
        }
    }

    private async Task<RecipientOutcome> RecheckAsync(CampaignRun run, string recipientId, CancellationToken cancellationToken)
    {
        var current = await ledger.GetAsync(run.Id, recipientId, cancellationToken);
        return current is { IsFinished: true } ? AlreadyDone(run, current) : RecipientOutcome.Deferred;
    }

    /// <summary>A finished record: nothing to send; a message it recorded is the one the recipient holds.</summary>
    private static RecipientOutcome AlreadyDone(CampaignRun run, DeliveryRecord record)
    {
        run.Holds(record.RecipientId, record.State is DeliveryState.Sent ? record.ActivityId : null);
        return RecipientOutcome.AlreadyDone;
    }

    private readonly record struct Addressee(string ObjectId, Recipient Recipient);
}
