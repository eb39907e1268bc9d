using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace CoachBot.Teams.Delivery;

/// <summary>
/// Teams' send limits for this process: per conversation 7/s, 60 per 30 s and 1800 per hour; per tenant
/// <see cref="DeliveryOptions.TenantSendsPerSecond"/>; and at most <see cref="DeliveryOptions.MaxConcurrentSends"/> in flight.
/// One instance serves every send of the process, whatever campaign it belongs to.
/// </summary>
public sealed class TeamsSendLimits : IDisposable
{
    public const int PerConversationPerSecond = 7;
    public const int PerConversationPer30Seconds = 60;
    public const int PerConversationPerHour = 1800;

    private readonly PartitionedRateLimiter<string> _perConversation;
    private readonly ConcurrencyLimiter _inFlight;
    private readonly TokenBucketRateLimiter _tenant;

    public TeamsSendLimits(IOptions<DeliveryOptions> options)
    {
        var o = options.Value;
        _perConversation = PartitionedRateLimiter.CreateChained(
            Window(PerConversationPerSecond, TimeSpan.FromSeconds(1), segments: 10),
            Window(PerConversationPer30Seconds, TimeSpan.FromSeconds(30), segments: 30),
            Window(PerConversationPerHour, TimeSpan.FromHours(1), segments: 60));
        _inFlight = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = o.MaxConcurrentSends,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });

        // A tenth of a second's worth of tokens every tenth of a second: sends are spread evenly, and the bucket never
        // holds more than that, so a pause never turns into a burst Teams would count against the next second.
        var tokensPerPeriod = Math.Max(1, o.TenantSendsPerSecond / 10);
        _tenant = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = tokensPerPeriod,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = TimeSpan.FromSeconds((double)tokensPerPeriod / o.TenantSendsPerSecond),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    /// <summary>
    /// Waits for a send slot to <paramref name="conversationId"/>: the conversation's windows first (a busy conversation
    /// must not hold tenant tokens while it waits), then an in-flight slot, then a tenant token, taken last so it is
    /// spent right before the request goes out. Disposing the lease frees the in-flight slot.
    /// </summary>
    public async ValueTask<RateLimitLease> AcquireAsync(string conversationId, CancellationToken cancellationToken)
    {
        var leases = new List<RateLimitLease>(3);
        try
        {
            leases.Add(await _perConversation.AcquireAsync(conversationId, 1, cancellationToken));
            if (leases[^1].IsAcquired)
            {
                leases.Add(await _inFlight.AcquireAsync(1, cancellationToken));
            }
            if (leases[^1].IsAcquired)
            {
                leases.Add(await _tenant.AcquireAsync(1, cancellationToken));
            }
        }
        catch
        {
            leases.ForEach(l => l.Dispose());
            throw;
        }
        return new CombinedLease(leases);
    }

    public void Dispose()
    {
        _perConversation.Dispose();
        _inFlight.Dispose();
        _tenant.Dispose();
    }

    private static PartitionedRateLimiter<string> Window(int permits, TimeSpan window, int segments) =>
        PartitionedRateLimiter.Create<string, string>(conversationId => RateLimitPartition.GetSlidingWindowLimiter(conversationId, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            SegmentsPerWindow = segments,
            QueueLimit = 1_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        }));

    private sealed class CombinedLease(List<RateLimitLease> leases) : RateLimitLease
    {
        public override bool IsAcquired => leases.TrueForAll(l => l.IsAcquired);

        public override IEnumerable<string> MetadataNames => leases.SelectMany(l => l.MetadataNames).Distinct();

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            foreach (var lease in leases)
            {
                if (lease.TryGetMetadata(metadataName, out metadata))
                {
                    return true;
                }
            }
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                leases.ForEach(l => l.Dispose());
            }
        }
    }
}
