using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http;
using Azure;
using CoachBot.Roster;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using Polly;
using Polly.RateLimiting;
using Polly.Retry;
using Polly.Timeout;

namespace CoachBot.Teams.Delivery;

/// <summary>
/// Sends a campaign: one card to each recipient, within Teams' limits, at most once per recipient across repeated
/// starts, concurrent instances and crashes. Per recipient: look up the conversation, claim the record
/// (ETag-conditional), wait for a send slot, send, record the activity id at once. A claim whose owner died is taken
/// over after <see cref="DeliveryOptions.ClaimTimeout"/> and resent (at-least-once: see bench/README.md).
/// </summary>
public sealed class DeliveryEngine
{
    // Above this many recipients, the active conversations are read in one scan instead of one point read each.
    private const int ReferenceScanThreshold = 100;

    private static readonly ResiliencePropertyKey<string> ConversationKey = new("coachbot.conversation");
    private static readonly ResiliencePropertyKey<CampaignRun> RunKey = new("coachbot.campaign");

    private readonly DeliveryLedger _ledger;
    private readonly ConversationReferenceStore _references;
    private readonly ProactiveSender _sender;
    private readonly DeliveryMetrics _metrics;
    private readonly DeliveryOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<DeliveryEngine> _logger;
    private readonly ResiliencePipeline<SendResult> _pipeline;

    public DeliveryEngine(
        DeliveryLedger ledger,
        ConversationReferenceStore references,
        ProactiveSender sender,
        TeamsSendLimits limits,
        DeliveryMetrics metrics,
        IOptions<DeliveryOptions> options,
        TimeProvider clock,
        ILogger<DeliveryEngine> logger)
    {
        _ledger = ledger;
        _references = references;
        _sender = sender;
        _metrics = metrics;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
        _pipeline = BuildPipeline(limits);
        Owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    }

    /// <summary>Who this engine claims records as: unique per process start, so a restarted process never mistakes a dead run's claims for its own.</summary>
    public string Owner { get; }

    public async Task<CampaignResult> RunAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentException.ThrowIfNullOrWhiteSpace(campaign.Id);
        var started = _clock.GetTimestamp();

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
                Log.InvalidRecipient(_logger, campaign.Id, recipient.AadObjectId);
            }
        }

        var known = await _ledger.ReadCampaignAsync(campaign.Id, cancellationToken);
        await using var records = await _ledger.OpenAsync(campaign.Id, cancellationToken);
        var run = new CampaignRun(campaign.Id, recipients.Count + invalid, records, this);
        run.Add(invalid, Outcome.Skipped);
        run.Conversations = recipients.Count > ReferenceScanThreshold
            ? await ReadActiveConversationsAsync(recipients.Values.Select(a => a.ObjectId), cancellationToken)
            : [];
        Log.CampaignStarted(_logger, campaign.Id, run.Total, known.Count);

        var deferred = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(recipients, Parallelism(cancellationToken), async (pair, token) =>
        {
            var outcome = await DeliverAsync(run, pair.Key, pair.Value, known.GetValueOrDefault(pair.Key), token);
            if (outcome is Outcome.Deferred)
            {
                deferred.Add(pair.Key);
            }
            else
            {
                run.Add(1, outcome);
            }
        });

        // Recipients another owner had claimed: wait until that owner records them, or until its claim goes stale
        // (it died) and take them over.
        var waiting = deferred.ToList();
        while (waiting.Count > 0)
        {
            Log.WaitingForOtherOwners(_logger, campaign.Id, waiting.Count);
            var current = await _ledger.ReadCampaignAsync(campaign.Id, cancellationToken);
            var now = _clock.GetUtcNow();
            var nextExpiry = waiting
                .Select(id => current.GetValueOrDefault(id))
                .Where(r => r is { State: DeliveryState.Claimed } && !IsStale(r, now))
                .Select(r => r!.ClaimedAt!.Value + _options.ClaimTimeout)
                .DefaultIfEmpty(now)
                .Min();
            var pause = nextExpiry - now;
            if (pause > TimeSpan.Zero)
            {
                await Task.Delay(pause < PollInterval ? pause + TimeSpan.FromMilliseconds(50) : PollInterval, _clock, cancellationToken);
                current = await _ledger.ReadCampaignAsync(campaign.Id, cancellationToken);
            }

            var again = new ConcurrentBag<string>();
            await Parallel.ForEachAsync(waiting, Parallelism(cancellationToken), async (id, token) =>
            {
                var outcome = await DeliverAsync(run, id, recipients[id], current.GetValueOrDefault(id), token);
                if (outcome is Outcome.Deferred)
                {
                    again.Add(id);
                }
                else
                {
                    run.Add(1, outcome);
                }
            });
            waiting = again.ToList();
        }

        var result = run.ToResult(_clock.GetElapsedTime(started));
        Log.CampaignFinished(_logger, result.CampaignId, result.Elapsed, result.Sent, result.AlreadyDone, result.Skipped,
            result.Failed, result.Inactive, result.Throttled, result.Retries, result.PossibleDuplicates);
        return result;
    }

    private TimeSpan PollInterval => TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(5).Ticks, _options.ClaimTimeout.Ticks / 4));

    private ParallelOptions Parallelism(CancellationToken cancellationToken) => new()
    {
        // A little more than the in-flight limit, so the next recipients' look-ups and claims overlap the sends.
        MaxDegreeOfParallelism = _options.MaxConcurrentSends + Math.Max(2, _options.MaxConcurrentSends / 4),
        CancellationToken = cancellationToken,
    };

    private bool IsStale(DeliveryRecord? record, DateTimeOffset now) =>
        record is { State: DeliveryState.Claimed } && (record.ClaimedAt is null || record.ClaimedAt.Value + _options.ClaimTimeout <= now);

    private async Task<Outcome> DeliverAsync(CampaignRun run, string recipientId, Addressee addressee, DeliveryRecord? known, CancellationToken cancellationToken)
    {
        if (known is { IsFinished: true })
        {
            return Outcome.AlreadyDone;
        }
        if (known is { State: DeliveryState.Claimed } && !IsStale(known, _clock.GetUtcNow()))
        {
            return Outcome.Deferred;
        }

        // Everything per recipient runs inside the try: a storage failure on one recipient fails that recipient, and
        // must not escape Parallel.ForEachAsync, which would cancel every send in flight and leave their claims behind.
        DeliveryRecord? claim = null;
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            var (objectId, recipient) = addressee;
            var conversation = await run.FindConversationAsync(objectId, cancellationToken);
            if (conversation is not { Active: true })
            {
                var reason = conversation is null ? "no conversation reference" : $"inactive: {conversation.InactiveReason}";
                var skipped = await run.Records.TrySkipAsync(recipientId, reason, known);
                return skipped is not null ? Outcome.Skipped : await RecheckAsync(run, recipientId, cancellationToken);
            }

            context.Properties.Set(ConversationKey, conversation.Reference.Conversation?.Id ?? recipientId);
            context.Properties.Set(RunKey, run);
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
                Log.TookOverStaleClaim(_logger, run.Id, recipientId, known.Owner);
            }

            var result = await _pipeline.ExecuteAsync(
                async ctx => new SendResult(recipient.UpdateActivityId is { } activityId
                    ? await _sender.UpdateAsync(conversation.Reference, activityId, Message(), ctx.CancellationToken)
                    : await _sender.SendAsync(conversation.Reference, Message(), ctx.CancellationToken)),
                context);

            await RecordSentAsync(run, claim, result.ActivityId);
            return Outcome.Sent;
        }
        catch (ConnectorException ex) when (ex.Status is System.Net.HttpStatusCode.NotFound && addressee.Recipient.UpdateActivityId is not null)
        {
            // Teams answers an update with 404 when that message no longer exists (deleted, or past retention): the
            // conversation is fine, so it stays active, but retrying cannot bring the message back. A blocked bot or a
            // removed app answers 403, handled below as for sends.
            Log.ActivityGone(_logger, run.Id, addressee.ObjectId, addressee.Recipient.UpdateActivityId);
            await RecordFailureAsync(run, claim, $"activity gone: 404 {ex.ErrorCode}", retryable: false);
            return Outcome.Failed;
        }
        catch (ConnectorException ex) when (ex.ConversationIsGone)
        {
            Log.ConversationGone(_logger, run.Id, recipientId, (int)ex.Status);
            await MarkInactiveAsync(run, addressee.ObjectId, $"{(int)ex.Status} {ex.ErrorCode ?? ex.Status.ToString()}", cancellationToken);
            await RecordFailureAsync(run, claim, $"conversation gone: {(int)ex.Status} {ex.ErrorCode}", retryable: false);
            return Outcome.Inactive;
        }
        catch (ConnectorException ex) when (ex.IsTransient && WaitsTooLong(ex))
        {
            run.RetryAfterBeyondLimit(ex.Status is System.Net.HttpStatusCode.TooManyRequests);
            Log.RetryAfterBeyondLimit(_logger, run.Id, recipientId, ex.RetryAfter!.Value, _options.MaxRetryDelay);
            await RecordFailureAsync(run, claim, $"{Describe(ex)} retry-after {ex.RetryAfter.Value.TotalSeconds:0.#} s", retryable: true);
            return Outcome.Failed;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.SendFailed(_logger, ex, run.Id, recipientId);
            // Storage failing is an outage like a 503: the next run of the campaign tries this recipient again.
            await RecordFailureAsync(run, claim, Describe(ex), IsTransient(ex) || ex is RequestFailedException);
            return Outcome.Failed;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task RecordSentAsync(CampaignRun run, DeliveryRecord claim, string? activityId)
    {
        try
        {
            if (await run.Records.TryCompleteAsync(claim, DeliveryState.Sent, activityId, null, false) is null)
            {
                Log.ClaimLostWhileSending(_logger, run.Id, claim.RecipientId);
            }
        }
        catch (Exception ex)
        {
            // The message went out: it counts as sent. The claim stays; a later run takes it over and counts a possible duplicate.
            Log.SentButNotRecorded(_logger, ex, run.Id, claim.RecipientId);
        }
    }

    // The writes below run after a failure and are best-effort: their own failure is logged, never allowed to end the campaign.
    private async Task MarkInactiveAsync(CampaignRun run, string recipientId, string reason, CancellationToken cancellationToken)
    {
        try
        {
            await _references.MarkInactiveAsync(recipientId, reason, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.MarkInactiveFailed(_logger, ex, run.Id, recipientId);
        }
    }

    private async Task RecordFailureAsync(CampaignRun run, DeliveryRecord? claim, string reason, bool retryable)
    {
        // No claim: nothing was sent and nothing recorded; the next run simply tries again.
        if (claim is null)
        {
            return;
        }
        try
        {
            await run.Records.TryCompleteAsync(claim, DeliveryState.Failed, null, reason, retryable);
        }
        catch (Exception ex)
        {
            // The claim stays; a later run takes it over once it is stale.
            Log.FailureNotRecorded(_logger, ex, run.Id, claim.RecipientId);
        }
    }

    private async Task<Outcome> RecheckAsync(CampaignRun run, string recipientId, CancellationToken cancellationToken)
    {
        var current = await _ledger.GetAsync(run.Id, recipientId, cancellationToken);
        return current is { IsFinished: true } ? Outcome.AlreadyDone : Outcome.Deferred;
    }

    private async Task<Dictionary<string, StoredConversation>> ReadActiveConversationsAsync(IEnumerable<string> recipientIds, CancellationToken cancellationToken)
    {
        var wanted = recipientIds.ToHashSet(StringComparer.Ordinal);
        var found = new Dictionary<string, StoredConversation>(StringComparer.Ordinal);
        await foreach (var conversation in _references.ListActiveAsync(cancellationToken))
        {
            if (wanted.Contains(conversation.AadObjectId))
            {
                found[conversation.AadObjectId] = conversation;
            }
        }
        return found;
    }

    private ResiliencePipeline<SendResult> BuildPipeline(TeamsSendLimits limits) =>
        new ResiliencePipelineBuilder<SendResult> { TimeProvider = _clock }
            .AddRetry(new RetryStrategyOptions<SendResult>
            {
                // A Retry-After beyond MaxRetryDelay is not retried here: waiting it would hold the claim longer than
                // ClaimTimeout's validation allows (a live claim could be taken over and sent twice), and retrying sooner
                // would ignore what Teams asked. The send is recorded as a retryable failure for the next run instead.
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && IsTransient(ex) && !WaitsTooLong(ex)),
                MaxRetryAttempts = _options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.RetryBaseDelay,
                MaxDelay = _options.MaxRetryDelay,
                // Teams says how long to wait on a 429 (sometimes on a 503): wait exactly that (ShouldHandle has made sure
                // it is within MaxRetryDelay). Otherwise an exponential backoff with jitter of our own (see Backoff).
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(args.Outcome.Exception is ConnectorException { RetryAfter: { } after }
                    ? after
                    : Backoff(args.AttemptNumber)),
                OnRetry = args =>
                {
                    var run = args.Context.Properties.GetValue(RunKey, null!);
                    var fromRetryAfter = args.Outcome.Exception is ConnectorException { RetryAfter: not null };
                    var reason = Describe(args.Outcome.Exception);
                    var throttled = args.Outcome.Exception is ConnectorException { Status: System.Net.HttpStatusCode.TooManyRequests };
                    run.Retried(reason, throttled, args.RetryDelay, fromRetryAfter);
                    Log.Retrying(_logger, run.Id, args.RetryDelay, reason, args.AttemptNumber + 1);
                    return default;
                },
            })
            .AddRateLimiter(new RateLimiterStrategyOptions
            {
                RateLimiter = args => limits.AcquireAsync(args.Context.Properties.GetValue(ConversationKey, ""), args.Context.CancellationToken),
            })
            .AddTimeout(_options.SendTimeout)
            .Build();

    /// <summary>
    /// RetryBaseDelay × 2^attempt (at most MaxRetryDelay), of which half is always waited and half is random. Polly's own
    /// jittered backoff can draw a first delay close to zero (0.9 ms was seen for a 50 ms base), which retries a
    /// throttled send almost at once; this one never waits less than half the exponential delay.
    /// </summary>
    private TimeSpan Backoff(int attempt)
    {
        var full = (long)Math.Min(_options.MaxRetryDelay.Ticks, _options.RetryBaseDelay.Ticks * Math.Pow(2, attempt));
        return TimeSpan.FromTicks(full / 2 + Random.Shared.NextInt64(full / 2 + 1));
    }

    private bool WaitsTooLong(Exception exception) =>
        exception is ConnectorException { RetryAfter: { } after } && after > _options.MaxRetryDelay;

    private static bool IsTransient(Exception exception) => exception switch
    {
        ConnectorException connector => connector.IsTransient,
        HttpRequestException or TimeoutRejectedException => true,
        _ => false,
    };

    private static string Describe(Exception? exception) => exception switch
    {
        null => "none",
        ConnectorException connector => $"{(int)connector.Status}{(connector.ErrorCode is { } code ? " " + code : "")}",
        HttpRequestException => "network",
        TimeoutRejectedException => "timeout",
        RequestFailedException storage => $"storage {storage.Status}",
        _ => exception.GetType().Name,
    };

    private readonly record struct SendResult(string? ActivityId);

    private readonly record struct Addressee(string ObjectId, Recipient Recipient);

    private enum Outcome { Sent, AlreadyDone, Skipped, Failed, Inactive, Deferred }

    /// <summary>The counters and look-ups of one run of a campaign, shared by its parallel sends.</summary>
    private sealed class CampaignRun(string id, int total, CampaignRecords records, DeliveryEngine engine)
    {
        private readonly string _kind = id.Split('/', 2)[0];
        private readonly object _gate = new();
        private int _done, _sent, _alreadyDone, _skipped, _failed, _inactive, _possibleDuplicates, _lastDecile;
        private long _throttled, _retries;

        public string Id => id;
        public int Total => total;
        public CampaignRecords Records => records;
        public Dictionary<string, StoredConversation> Conversations { get; set; } = [];

        public async ValueTask<StoredConversation?> FindConversationAsync(string recipientId, CancellationToken cancellationToken) =>
            Conversations.TryGetValue(recipientId, out var conversation)
                ? conversation
                : await engine._references.GetAsync(recipientId, cancellationToken);

        public void Retried(string reason, bool throttled, TimeSpan delay, bool fromRetryAfter)
        {
            Interlocked.Increment(ref _retries);
            if (throttled)
            {
                Interlocked.Increment(ref _throttled);
                engine._metrics.Throttled(_kind);
            }
            engine._metrics.Retry(_kind, reason, delay, fromRetryAfter);
        }

        public void RetryAfterBeyondLimit(bool throttled)
        {
            if (throttled)
            {
                Interlocked.Increment(ref _throttled);
                engine._metrics.Throttled(_kind);
            }
            engine._metrics.RetryAfterBeyondLimit(_kind);
        }

        public void PossibleDuplicate()
        {
            Interlocked.Increment(ref _possibleDuplicates);
            engine._metrics.PossibleDuplicate(_kind);
        }

        public void Add(int count, Outcome outcome)
        {
            if (count == 0)
            {
                return;
            }
            lock (_gate)
            {
                _done += count;
                switch (outcome)
                {
                    case Outcome.Sent: _sent += count; break;
                    case Outcome.AlreadyDone: _alreadyDone += count; break;
                    case Outcome.Skipped: _skipped += count; break;
                    case Outcome.Failed: _failed += count; break;
                    case Outcome.Inactive: _inactive += count; break;
                }
                var decile = total == 0 ? 10 : _done * 10 / total;
                if (decile > _lastDecile)
                {
                    _lastDecile = decile;
                    Log.Progress(engine._logger, id, decile * 10, _done, total, _sent, Interlocked.Read(ref _throttled), _failed, _inactive, _skipped, _alreadyDone);
                }
            }
            for (var i = 0; i < count; i++)
            {
                engine._metrics.Outcome(_kind, outcome switch
                {
                    Outcome.Sent => "sent",
                    Outcome.AlreadyDone => "already_done",
                    Outcome.Skipped => "skipped",
                    Outcome.Inactive => "inactive",
                    _ => "failed",
                });
            }
        }

        public CampaignResult ToResult(TimeSpan elapsed)
        {
            lock (_gate)
            {
                return new CampaignResult(id, total, _sent, _alreadyDone, _skipped, _failed, _inactive,
                    Interlocked.Read(ref _throttled), Interlocked.Read(ref _retries), _possibleDuplicates, elapsed);
            }
        }
    }
}
