using System.Net.Http;
using Azure;
using Polly;
using Polly.RateLimiting;
using Polly.Retry;
using Polly.Timeout;

namespace CoachBot.Teams.Delivery;

/// <summary>
/// What every send and update goes through: retries of transient failures (Teams' Retry-After, else an exponential
/// backoff with jitter), then a send slot within Teams' limits (<see cref="TeamsSendLimits"/>), then a timeout. Also
/// how the engine reads a failure: transient or not, waiting too long, and its short description.
/// </summary>
internal sealed class SendPipeline
{
    private static readonly ResiliencePropertyKey<string> ConversationKey = new("coachbot.conversation");
    private static readonly ResiliencePropertyKey<CampaignRun> RunKey = new("coachbot.campaign");

    private readonly DeliveryOptions _options;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<SendResult> _pipeline;

    public SendPipeline(TeamsSendLimits limits, DeliveryOptions options, TimeProvider clock, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _pipeline = Build(limits, clock);
    }

    /// <summary>Runs <paramref name="send"/> (which returns the activity id) for <paramref name="run"/>, in the conversation's send slot.</summary>
    public async Task<string?> SendAsync(CampaignRun run, string conversationId, Func<CancellationToken, Task<string>> send, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            context.Properties.Set(ConversationKey, conversationId);
            context.Properties.Set(RunKey, run);
            var result = await _pipeline.ExecuteAsync(async ctx => new SendResult(await send(ctx.CancellationToken)), context);
            return result.ActivityId;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Teams asked to wait longer than <see cref="DeliveryOptions.MaxRetryDelay"/>.</summary>
    public bool WaitsTooLong(Exception exception) =>
        exception is ConnectorException { RetryAfter: { } after } && after > _options.MaxRetryDelay;

    public static bool IsTransient(Exception exception) => exception switch
    {
        ConnectorException connector => connector.IsTransient,
        HttpRequestException or TimeoutRejectedException => true,
        _ => false,
    };

    public static string Describe(Exception? exception) => exception switch
    {
        null => "none",
        ConnectorException connector => $"{(int)connector.Status}{(connector.ErrorCode is { } code ? " " + code : "")}",
        HttpRequestException => "network",
        TimeoutRejectedException => "timeout",
        RequestFailedException storage => $"storage {storage.Status}",
        _ => exception.GetType().Name,
    };

    private ResiliencePipeline<SendResult> Build(TeamsSendLimits limits, TimeProvider clock) =>
        new ResiliencePipelineBuilder<SendResult> { TimeProvider = clock }
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

    private readonly record struct SendResult(string? ActivityId);
}
