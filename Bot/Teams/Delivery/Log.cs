namespace CoachBot.Teams.Delivery;

internal static partial class Log
{
    [LoggerMessage(3001, LogLevel.Information, "Campaign {CampaignId} started: {Recipients} recipients, {AlreadyRecorded} already recorded")]
    public static partial void CampaignStarted(ILogger logger, string campaignId, int recipients, int alreadyRecorded);

    [LoggerMessage(3002, LogLevel.Information, "Campaign {CampaignId} {Percent}% ({Done}/{Recipients}): sent {Sent}, throttled {Throttled}, failed {Failed}, inactive {Inactive}, skipped {Skipped}, already done {AlreadyDone}")]
    public static partial void Progress(ILogger logger, string campaignId, int percent, int done, int recipients, int sent, long throttled, int failed, int inactive, int skipped, int alreadyDone);

    [LoggerMessage(3003, LogLevel.Information, "Campaign {CampaignId} finished in {Elapsed}: sent {Sent}, already done {AlreadyDone}, skipped {Skipped}, failed {Failed}, inactive {Inactive}, throttled {Throttled}, retries {Retries}, possible duplicates {PossibleDuplicates}")]
    public static partial void CampaignFinished(ILogger logger, string campaignId, TimeSpan elapsed, int sent, int alreadyDone, int skipped, int failed, int inactive, long throttled, long retries, int possibleDuplicates);

    [LoggerMessage(3004, LogLevel.Debug, "Retrying a send in campaign {CampaignId} after {Delay} ({Reason}, attempt {Attempt})")]
    public static partial void Retrying(ILogger logger, string campaignId, TimeSpan delay, string reason, int attempt);

    [LoggerMessage(3005, LogLevel.Warning, "Campaign {CampaignId}: took over a stale claim on {RecipientId} held by {Owner}; it may already have been sent")]
    public static partial void TookOverStaleClaim(ILogger logger, string campaignId, string recipientId, string? owner);

    [LoggerMessage(3006, LogLevel.Warning, "Campaign {CampaignId}: Teams refused {RecipientId} with {Status}; conversation marked inactive")]
    public static partial void ConversationGone(ILogger logger, string campaignId, string recipientId, int status);

    [LoggerMessage(3007, LogLevel.Warning, "Campaign {CampaignId}: sending to {RecipientId} failed")]
    public static partial void SendFailed(ILogger logger, Exception exception, string campaignId, string recipientId);

    [LoggerMessage(3008, LogLevel.Warning, "Campaign {CampaignId}: the claim on {RecipientId} was taken over while this instance was sending; the message went out but the record is the new owner's")]
    public static partial void ClaimLostWhileSending(ILogger logger, string campaignId, string recipientId);

    [LoggerMessage(3009, LogLevel.Information, "Campaign {CampaignId}: waiting for {Count} recipients claimed by other owners")]
    public static partial void WaitingForOtherOwners(ILogger logger, string campaignId, int count);

    [LoggerMessage(3010, LogLevel.Warning, "Campaign {CampaignId}: '{RecipientId}' is not an Entra object id; skipped")]
    public static partial void InvalidRecipient(ILogger logger, string campaignId, string recipientId);

    [LoggerMessage(3011, LogLevel.Error, "Campaign {CampaignId}: the message to {RecipientId} went out but could not be recorded; a later run may send it again")]
    public static partial void SentButNotRecorded(ILogger logger, Exception exception, string campaignId, string recipientId);

    [LoggerMessage(3012, LogLevel.Warning, "Campaign {CampaignId}: the failure for {RecipientId} could not be recorded; its claim is retried once stale")]
    public static partial void FailureNotRecorded(ILogger logger, Exception exception, string campaignId, string recipientId);

    [LoggerMessage(3013, LogLevel.Warning, "Campaign {CampaignId}: could not mark the conversation of {RecipientId} inactive")]
    public static partial void MarkInactiveFailed(ILogger logger, Exception exception, string campaignId, string recipientId);

    [LoggerMessage(3014, LogLevel.Warning, "Campaign {CampaignId}: Teams asked to wait {RetryAfter} before sending to {RecipientId} again, beyond MaxRetryDelay {MaxRetryDelay}; left failed for the next run to retry")]
    public static partial void RetryAfterBeyondLimit(ILogger logger, string campaignId, string recipientId, TimeSpan retryAfter, TimeSpan maxRetryDelay);

    [LoggerMessage(3015, LogLevel.Warning, "Campaign {CampaignId}: the message {ActivityId} to update for {RecipientId} no longer exists (404); not retried, the conversation stays active")]
    public static partial void ActivityGone(ILogger logger, string campaignId, string recipientId, string? activityId);
}
