using System.Diagnostics.Metrics;

namespace CoachBot.Teams.Delivery;

/// <summary>
/// Counters for proactive delivery (meter <c>CoachBot.Delivery</c>), tagged with the campaign kind (the id's first
/// segment, e.g. <c>checkin</c>) so the cardinality stays small.
/// </summary>
public sealed class DeliveryMetrics
{
    public const string MeterName = "CoachBot.Delivery";

    private readonly Counter<long> _outcomes;
    private readonly Counter<long> _throttled;
    private readonly Counter<long> _retries;
    private readonly Histogram<double> _retryDelay;
    private readonly Counter<long> _possibleDuplicates;
    private readonly Counter<long> _retryAfterBeyondLimit;

    public DeliveryMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _outcomes = meter.CreateCounter<long>("coachbot.delivery.recipients", description: "Recipients handled, by outcome (sent, failed, inactive, skipped, already_done).");
        _throttled = meter.CreateCounter<long>("coachbot.delivery.throttled", description: "Sends Teams answered with 429.");
        _retries = meter.CreateCounter<long>("coachbot.delivery.retries", description: "Send attempts repeated after a throttle or a transient failure.");
        _retryDelay = meter.CreateHistogram<double>("coachbot.delivery.retry_delay", unit: "s", description: "Wait before a retry; source is retry-after (Teams said) or backoff (exponential with jitter).");
        _retryAfterBeyondLimit = meter.CreateCounter<long>("coachbot.delivery.retry_after_beyond_limit", description: "Sends left failed (retryable, for the next run) because Teams' Retry-After exceeded Delivery:MaxRetryDelay.");
        _possibleDuplicates = meter.CreateCounter<long>("coachbot.delivery.possible_duplicates", description: "Stale claims taken over: the dead owner may have sent before it could record it.");
    }

    internal void Outcome(string kind, string outcome) => _outcomes.Add(1, Tag("campaign", kind), Tag("outcome", outcome));

    internal void Throttled(string kind) => _throttled.Add(1, Tag("campaign", kind));

    internal void Retry(string kind, string reason, TimeSpan delay, bool fromRetryAfter)
    {
        _retries.Add(1, Tag("campaign", kind), Tag("reason", reason));
        _retryDelay.Record(delay.TotalSeconds, Tag("campaign", kind), Tag("source", fromRetryAfter ? "retry-after" : "backoff"));
    }

    internal void RetryAfterBeyondLimit(string kind) => _retryAfterBeyondLimit.Add(1, Tag("campaign", kind));

    internal void PossibleDuplicate(string kind) => _possibleDuplicates.Add(1, Tag("campaign", kind));

    private static KeyValuePair<string, object?> Tag(string key, string value) => new(key, value);
}
