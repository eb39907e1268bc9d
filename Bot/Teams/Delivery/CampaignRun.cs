using System.Collections.Concurrent;

namespace CoachBot.Teams.Delivery;

/// <summary>What became of one recipient in one pass of a run. <see cref="Deferred"/>: another owner holds a live claim on them.</summary>
internal enum RecipientOutcome { Sent, AlreadyDone, Skipped, Failed, Inactive, Deferred }

/// <summary>
/// One run of a campaign, shared by its parallel sends: its records, the conversations it looks up, its counters (with
/// the progress log and the metrics), the activity ids it learns, and the best-effort writes of each outcome.
/// </summary>
internal sealed class CampaignRun(
    string id,
    int total,
    CampaignRecords records,
    ConversationReferenceStore references,
    DeliveryMetrics metrics,
    ILogger logger)
{
    // Above this many recipients, the active conversations are read in one scan instead of one point read each.
    private const int ReferenceScanThreshold = 100;

    private readonly string _kind = id.Split('/', 2)[0];
    private readonly object _gate = new();
    private readonly ConcurrentDictionary<string, string> _activityIds = new(StringComparer.Ordinal);
    private Dictionary<string, StoredConversation> _conversations = [];
    private int _done, _sent, _alreadyDone, _skipped, _failed, _inactive, _possibleDuplicates, _lastDecile;
    private long _throttled, _retries;

    public string Id => id;
    public int Total => total;
    public CampaignRecords Records => records;

    /// <summary>For a large campaign, its recipients' active conversations in one scan; a small one reads each when it needs it.</summary>
    public async Task ReadConversationsAsync(IReadOnlyCollection<string> objectIds, CancellationToken cancellationToken)
    {
        if (objectIds.Count <= ReferenceScanThreshold)
        {
            return;
        }
        var wanted = objectIds.ToHashSet(StringComparer.Ordinal);
        var found = new Dictionary<string, StoredConversation>(StringComparer.Ordinal);
        await foreach (var conversation in references.ListActiveAsync(cancellationToken))
        {
            if (wanted.Contains(conversation.AadObjectId))
            {
                found[conversation.AadObjectId] = conversation;
            }
        }
        _conversations = found;
    }

    public async ValueTask<StoredConversation?> FindConversationAsync(string objectId, CancellationToken cancellationToken) =>
        _conversations.TryGetValue(objectId, out var conversation)
            ? conversation
            : await references.GetAsync(objectId, cancellationToken);

    /// <summary>Notes the message a recipient holds: sent now, or recorded by an earlier run (a finished record without one adds nothing).</summary>
    public void Holds(string recipientId, string? activityId)
    {
        if (activityId is not null)
        {
            _activityIds[recipientId] = activityId;
        }
    }

    /// <summary>Records the send over the run's own claim.</summary>
    public async Task RecordSentAsync(DeliveryRecord claim, string? activityId)
    {
        try
        {
            if (await records.TryCompleteAsync(claim, DeliveryState.Sent, activityId, null, false) is null)
            {
                Log.ClaimLostWhileSending(logger, id, claim.RecipientId);
            }
        }
        catch (Exception ex)
        {
            // The message went out: it counts as sent. The claim stays; a later run takes it over and counts a possible duplicate.
            Log.SentButNotRecorded(logger, ex, id, claim.RecipientId);
        }
    }

    /// <summary>Records a failure over the run's own claim: best-effort, its own failure is logged, never allowed to end the campaign.</summary>
    public async Task RecordFailureAsync(DeliveryRecord? claim, string reason, bool retryable)
    {
        // No claim: nothing was sent and nothing recorded; the next run simply tries again.
        if (claim is null)
        {
            return;
        }
        try
        {
            await records.TryCompleteAsync(claim, DeliveryState.Failed, null, reason, retryable);
        }
        catch (Exception ex)
        {
            // The claim stays; a later run takes it over once it is stale.
            Log.FailureNotRecorded(logger, ex, id, claim.RecipientId);
        }
    }

    public void Retried(string reason, bool throttled, TimeSpan delay, bool fromRetryAfter)
    {
        Interlocked.Increment(ref _retries);
        if (throttled)
        {
            Interlocked.Increment(ref _throttled);
            metrics.Throttled(_kind);
        }
        metrics.Retry(_kind, reason, delay, fromRetryAfter);
    }

    public void RetryAfterBeyondLimit(bool throttled)
    {
        if (throttled)
        {
            Interlocked.Increment(ref _throttled);
            metrics.Throttled(_kind);
        }
        metrics.RetryAfterBeyondLimit(_kind);
    }

    public void PossibleDuplicate()
    {
        Interlocked.Increment(ref _possibleDuplicates);
        metrics.PossibleDuplicate(_kind);
    }

    public void Add(int count, RecipientOutcome outcome)
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
                case RecipientOutcome.Sent: _sent += count; break;
                case RecipientOutcome.AlreadyDone: _alreadyDone += count; break;
                case RecipientOutcome.Skipped: _skipped += count; break;
                case RecipientOutcome.Failed: _failed += count; break;
                case RecipientOutcome.Inactive: _inactive += count; break;
            }
            var decile = total == 0 ? 10 : _done * 10 / total;
            if (decile > _lastDecile)
            {
                _lastDecile = decile;
                Log.Progress(logger, id, decile * 10, _done, total, _sent, Interlocked.Read(ref _throttled), _failed, _inactive, _skipped, _alreadyDone);
            }
        }
        for (var i = 0; i < count; i++)
        {
            metrics.Outcome(_kind, outcome switch
            {
                RecipientOutcome.Sent => "sent",
                RecipientOutcome.AlreadyDone => "already_done",
                RecipientOutcome.Skipped => "skipped",
                RecipientOutcome.Inactive => "inactive",
                _ => "failed",
            });
        }
    }

    public CampaignResult ToResult(TimeSpan elapsed)
    {
        lock (_gate)
        {
            return new CampaignResult(id, total, _sent, _alreadyDone, _skipped, _failed, _inactive,
                Interlocked.Read(ref _throttled), Interlocked.Read(ref _retries), _possibleDuplicates, elapsed,
                new Dictionary<string, string>(_activityIds, StringComparer.Ordinal));
        }
    }
}
