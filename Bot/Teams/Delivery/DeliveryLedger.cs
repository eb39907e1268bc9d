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
        var partition = PartitionKeyOf(campaignId);
        await foreach (var entity in table.QueryAsync<DeliveryEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
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

    /// <summary>
    /// Claims a recipient before sending: inserts the record, or replaces <paramref name="current"/> if it is still what
    /// is stored. Null when another owner got there first (409 on insert, 412 on replace).
    /// </summary>
    public async Task<DeliveryRecord?> TryClaimAsync(string campaignId, string recipientId, string owner, DeliveryRecord? current, CancellationToken cancellationToken)
    {
        var entity = new DeliveryEntity
        {
            PartitionKey = PartitionKeyOf(campaignId),
            RowKey = recipientId,
            State = nameof(DeliveryState.Claimed),
            Owner = owner,
            ClaimedAt = clock.GetUtcNow(),
            Claims = (current?.Claims ?? 0) + 1,
        };
        return await TryWriteAsync(entity, current, cancellationToken);
    }

    /// <summary>Records the outcome over the caller's own record. Null when someone else replaced it meanwhile.</summary>
    public Task<DeliveryRecord?> TryCompleteAsync(string campaignId, DeliveryRecord claim, DeliveryState state, string? activityId, string? reason, bool retryable, CancellationToken cancellationToken)
    {
        var entity = new DeliveryEntity
        {
            PartitionKey = PartitionKeyOf(campaignId),
            RowKey = claim.RecipientId,
            State = state.ToString(),
            Owner = claim.Owner,
            ClaimedAt = claim.ClaimedAt,
            Claims = claim.Claims,
            ActivityId = activityId,
            Reason = reason,
            Retryable = retryable,
            CompletedAt = clock.GetUtcNow(),
        };
        return TryWriteAsync(entity, claim, cancellationToken);
    }

    /// <summary>Records that nothing is sent to this recipient, without a claim (nothing goes to Teams). Null on a lost race.</summary>
    public Task<DeliveryRecord?> TrySkipAsync(string campaignId, string recipientId, string reason, DeliveryRecord? current, CancellationToken cancellationToken)
    {
        var entity = new DeliveryEntity
        {
            PartitionKey = PartitionKeyOf(campaignId),
            RowKey = recipientId,
            State = nameof(DeliveryState.Skipped),
            Claims = current?.Claims ?? 0,
            Reason = reason,
            CompletedAt = clock.GetUtcNow(),
        };
        return TryWriteAsync(entity, current, cancellationToken);
    }

    private async Task<DeliveryRecord?> TryWriteAsync(DeliveryEntity entity, DeliveryRecord? current, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        try
        {
            var response = current is null
                ? await table.AddEntityAsync(entity, cancellationToken)
                : await table.UpdateEntityAsync(entity, current.ETag, TableUpdateMode.Replace, cancellationToken);
            entity.ETag = response.Headers.ETag ?? throw new InvalidOperationException("Table Storage returned no ETag.");
            return ToRecord(entity);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            // 409: inserted by someone else; 412: changed since read; 404: deleted since read. The caller re-reads.
            return null;
        }
    }

    /// <summary>Campaign ids read like paths (<c>checkin/2026-W48/mea</c>); Table keys forbid / \ # ?, so they are escaped.</summary>
    internal static string PartitionKeyOf(string campaignId) => TableBotStorage.EscapeKey(campaignId);

    private static DeliveryRecord ToRecord(DeliveryEntity entity) => new(
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
    // RowKey = recipient's Entra object id: the claim is a point write on exactly one row.
    internal sealed class DeliveryEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
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
