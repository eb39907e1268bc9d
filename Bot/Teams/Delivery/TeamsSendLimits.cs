using System.Diagnostics;
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

    // At most this many refills of the tenant bucket per second; a refill is a token or a few, so sends are spread evenly.
    private const int MaxRefillsPerSecond = 100;

    // Teams counts sends in windows we cannot see; aiming at exactly the limit means that timer jitter pushes some
    // second over it, and every 429 then costs a token and a Retry-After. 3 % below the limit absorbs the jitter.
    private const double ShareOfTenantLimit = 0.97;

    private readonly PartitionedRateLimiter<string>[] _windows;
    private readonly PartitionedRateLimiter<string> _perConversation;
    private readonly ConcurrencyLimiter _inFlight;
    private readonly TokenBucketRateLimiter _tenant;
    private readonly CancellationTokenSource _stopping = new();

    public TeamsSendLimits(IOptions<DeliveryOptions> options)
    {
        var o = options.Value;
        _windows =
        [
            Window(PerConversationPerSecond, TimeSpan.FromSeconds(1), segments: 10),
            Window(PerConversationPer30Seconds, TimeSpan.FromSeconds(30), segments: 30),
            Window(PerConversationPerHour, TimeSpan.FromHours(1), segments: 60),
        ];
        _perConversation = PartitionedRateLimiter.CreateChained(_windows);
        _inFlight = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = o.MaxConcurrentSends,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });

        // The bucket holds at most one refill, so a pause never turns into a burst Teams would count against the next
        // second. Its own timer will not do for the refills: it adds a fixed amount per tick, ticks run late on a busy
        // machine and the period is truncated to whole milliseconds (measured: 46/s for a 100 ms period, 50.2/s for a
        // 20.6 ms one, where 48.5 was asked). So refills are counted on a stopwatch and handed in here.
        var target = o.TenantSendsPerSecond * ShareOfTenantLimit;
        var tokensPerRefill = Math.Max(1, (int)Math.Ceiling(target / MaxRefillsPerSecond));
        _tenant = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = tokensPerRefill,
            TokensPerPeriod = tokensPerRefill,
            // Every TryReplenish call adds TokensPerPeriod once this much time has passed since the last: one tick of the
            // stopwatch clock, so each call counts.
            ReplenishmentPeriod = TimeSpan.FromTicks(1),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = false,
        });
        _ = RefillAsync(target / tokensPerRefill, _stopping.Token);
    }

    private async Task RefillAsync(double refillsPerSecond, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        long refills = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(0.5 / refillsPerSecond));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                // At most one refill per wake-up (two calls within 100 ns would count as one); a late wake-up is caught
                // up on the following ones, which come at least twice as often as refills are due.
                if (refills < (long)(Stopwatch.GetElapsedTime(started).TotalSeconds * refillsPerSecond))
                {
                    _tenant.TryReplenish();
                    refills++;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
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
        _stopping.Cancel();
        _stopping.Dispose();
        _perConversation.Dispose();
        // A chained limiter does not dispose the limiters it chains: their timers would run on, and sends waiting on a
        // busy conversation would wait for its window instead of being refused.
        foreach (var window in _windows)
        {
            window.Dispose();
        }
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
