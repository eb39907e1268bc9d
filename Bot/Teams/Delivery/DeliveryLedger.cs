using System.Threading.Channels;
using Azure;
using Azure.Data.Tables;
using CoachBot.Storage;

namespace CoachBot.Teams.Delivery;

/// <summary>Where one recipient of one campaign stands.</summary>
public enum DeliveryState
{
    /// <summary>An owner is sending (or died while sending).</summary>
    Claimed,
    /// <summary>Teams accepted the message; the record holds its activity id.</summary>
    Sent,
    /// <summary>Teams refused it, or retries ran out.</summary>
    Failed,
    /// <summary>Nothing was sent: no conversation, or the user removed the app.</summary>
    Skipped,
}

/// <summary>A recipient's record as read, with the ETag a conditional write needs.</summary>
public sealed record DeliveryRecord(
    string RecipientId,
    DeliveryState State,
    string? Owner,
    DateTimeOffset? ClaimedAt,
    int Claims,
    string? ActivityId,
    string? Reason,
    ETag ETag)
{
    public bool IsFinished => State is DeliveryState.Sent or DeliveryState.Skipped
        || (State is DeliveryState.Failed && !Retryable);

    /// <summary>Failed for a reason that may pass (throttling or outage outlasting the retries): a new run tries again.</summary>
    public bool Retryable { get; init; }
}

/// <summary>
/// The durable per-recipient record of every campaign. Every state change is an ETag-conditional write, so of two
/// owners racing for one recipient exactly one wins the claim, and an owner whose claim was taken over cannot
/// overwrite the new owner's outcome.
/// </summary>
public sealed class DeliveryLedger(Tables tables, TimeProvider clock)
{
    public const string TableName = "Deliveries";

    /// <summary>Every record of a campaign: one partition query, what a resumed run starts from.</summary>
    public async Task<Dictionary<string, DeliveryRecord>> ReadCampaignAsync(string campaignId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var records = new Dictionary<string, DeliveryRecord>(StringComparer.Ordinal);
        // A filter string, not a LINQ lambda: the SDK translates lambdas by walking their expression tree, which breaks
        // when the code is instrumented (mutation testing turned every run of this query into 400 InvalidInput).
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionKeyOf(campaignId)}");
        await foreach (var entity in table.QueryAsync<DeliveryEntity>(filter, cancellationToken: cancellationToken))
        {
            records[entity.RowKey] = ToRecord(entity);
        }
        return records;
    }

    public async Task<DeliveryRecord?> GetAsync(string campaignId, string recipientId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var entity = await table.GetEntityIfExistsAsync<DeliveryEntity>(PartitionKeyOf(campaignId), recipientId, cancellationToken: cancellationToken);
        return entity.HasValue ? ToRecord(entity.Value!) : null;
    }

    /// <summary>Opens a campaign's records for writing; dispose when the run ends.</summary>
    public async Task<CampaignRecords> OpenAsync(string campaignId, CancellationToken cancellationToken) =>
        new(await tables.GetAsync(TableName, cancellationToken), PartitionKeyOf(campaignId), clock);

    /// <summary>
    /// The row of one delivery within its campaign: the recipient's object id for a new message; for an update, the object
    /// id and the updated activity's id, so that every copy of a card one person holds is updated once.
    /// </summary>
    public static string RecipientKey(string aadObjectId, string? updateActivityId) =>
        updateActivityId is null ? aadObjectId : TableKeys.Escape($"{aadObjectId}/{updateActivityId}");

    /// <summary>Campaign ids read like paths (<c>checkin/2026-W48/mea</c>); Table keys forbid / \ # ?, so they are escaped.</summary>
    internal static string PartitionKeyOf(string campaignId) => TableKeys.Escape(campaignId);

    internal static DeliveryRecord ToRecord(DeliveryEntity entity) => new(
        entity.RowKey,
        Enum.TryParse<DeliveryState>(entity.State, out var state) ? state : DeliveryState.Failed,
        entity.Owner,
        entity.ClaimedAt,
        entity.Claims,
        entity.ActivityId,
        entity.Reason,
        entity.ETag)
    {
        Retryable = entity.Retryable,
    };

    // PartitionKey = campaign id (escaped): a campaign is one partition, read in one query when a run resumes;
    // RowKey = recipient's Entra object id (and for an update the activity's id, see RecipientKey): the claim is a point write on exactly one row.
    internal sealed class DeliveryEntity : TableRow
    {
        public string State { get; set; } = "";
        public string? Owner { get; set; }
        public DateTimeOffset? ClaimedAt { get; set; }
        public int Claims { get; set; }
        public string? ActivityId { get; set; }
        public string? Reason { get; set; }
        public bool Retryable { get; set; }
        public DateTimeOffset? CompletedAt { get; set; }
    }
}

/// <summary>
/// The writes of one campaign run. Every write is ETag-conditional (insert, or replace-if-unchanged), and writes are
/// group-committed: while one entity-group transaction (up to 100 rows, all in the campaign's partition) is in flight,
/// the next writes queue, and go out together as soon as it returns. Nothing waits on a timer, so a lone write goes
/// out at once; under load a send costs a hundredth of a storage request instead of two requests. A transaction is
/// all-or-nothing: when one of its rows lost a race, it is refused whole, and its writes are retried one by one so
/// each gets its own answer.
/// </summary>
public sealed class CampaignRecords : IAsyncDisposable
{
    private const int MaxTransaction = 100;

    private readonly TableClient _table;
    private readonly string _partition;
    private readonly TimeProvider _clock;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _committer;

    internal CampaignRecords(TableClient table, string partition, TimeProvider clock)
    {
        _table = table;
        _partition = partition;
        _clock = clock;
        _committer = Task.Run(CommitLoopAsync);
    }

    /// <summary>
    /// Claims a recipient before sending: inserts the record, or replaces <paramref name="current"/> if it is still what
    /// is stored. Null when another owner got there first (409 on insert, 412 on replace).
    /// </summary>
    public Task<DeliveryRecord?> TryClaimAsync(string recipientId, string owner, DeliveryRecord? current) =>
        WriteAsync(new DeliveryLedger.DeliveryEntity
        {
            PartitionKey = _partition,
            RowKey = recipientId,
            State = nameof(DeliveryState.Claimed),
            Owner = owner,
            ClaimedAt = _clock.GetUtcNow(),
            Claims = (current?.Claims ?? 0) + 1,
        }, current);

    /// <summary>Records the outcome over the caller's own claim. Null when someone else replaced it meanwhile.</summary>
    public Task<DeliveryRecord?> TryCompleteAsync(DeliveryRecord claim, DeliveryState state, string? activityId, string? reason, bool retryable) =>
        WriteAsync(new DeliveryLedger.DeliveryEntity
        {
            PartitionKey = _partition,
            RowKey = claim.RecipientId,
            State = state.ToString(),
            Owner = claim.Owner,
            ClaimedAt = claim.ClaimedAt,
            Claims = claim.Claims,
            ActivityId = activityId,
            Reason = reason,
            Retryable = retryable,
            CompletedAt = _clock.GetUtcNow(),
        }, claim);

    /// <summary>Records that nothing is sent to this recipient, without a claim (nothing goes to Teams). Null on a lost race.</summary>
    public Task<DeliveryRecord?> TrySkipAsync(string recipientId, string reason, DeliveryRecord? current) =>
        WriteAsync(new DeliveryLedger.DeliveryEntity
        {
            PartitionKey = _partition,
            RowKey = recipientId,
            State = nameof(DeliveryState.Skipped),
            Claims = current?.Claims ?? 0,
            Reason = reason,
            CompletedAt = _clock.GetUtcNow(),
        }, current);

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _committer;
    }

    private Task<DeliveryRecord?> WriteAsync(DeliveryLedger.DeliveryEntity entity, DeliveryRecord? current)
    {
        var write = new PendingWrite(entity, current?.ETag, new TaskCompletionSource<DeliveryRecord?>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(write))
        {
            throw new ObjectDisposedException(nameof(CampaignRecords));
        }
        return write.Done.Task;
    }

    private async Task CommitLoopAsync()
    {
        var batch = new List<PendingWrite>(MaxTransaction);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxTransaction && _queue.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }
            if (batch.Count == 1)
            {
                await WriteOneAsync(batch[0]);
                continue;
            }
            try
            {
                var actions = batch.Select(w => w.IfMatch is { } etag
                    ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, w.Entity, etag)
                    : new TableTransactionAction(TableTransactionActionType.Add, w.Entity));
                var responses = (await _table.SubmitTransactionAsync(actions, CancellationToken.None)).Value;
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Entity.ETag = responses[i].Headers.ETag ?? default;
                    batch[i].Done.TrySetResult(DeliveryLedger.ToRecord(batch[i].Entity));
                }
            }
            catch (TableTransactionFailedException)
            {
                await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = 16 }, (write, _) => WriteOneAsync(write));
            }
            catch (Exception ex)
            {
                batch.ForEach(w => w.Done.TrySetException(ex));
            }
        }
    }

    private async ValueTask WriteOneAsync(PendingWrite write)
    {
        try
        {
            var response = write.IfMatch is { } etag
                ? await _table.UpdateEntityAsync(write.Entity, etag, TableUpdateMode.Replace, CancellationToken.None)
                : await _table.AddEntityAsync(write.Entity, CancellationToken.None);
            write.Entity.ETag = response.Headers.ETag ?? default;
            write.Done.TrySetResult(DeliveryLedger.ToRecord(write.Entity));
        }
        catch (RequestFailedException ex) when (Optimistic.LostRace(ex))
        {
            // 409: inserted by someone else; 412: changed since read; 404: deleted since read. The caller re-reads.
            write.Done.TrySetResult(null);
        }
        catch (Exception ex)
        {
            write.Done.TrySetException(ex);
        }
    }

    private sealed record PendingWrite(DeliveryLedger.DeliveryEntity Entity, ETag? IfMatch, TaskCompletionSource<DeliveryRecord?> Done);
}
