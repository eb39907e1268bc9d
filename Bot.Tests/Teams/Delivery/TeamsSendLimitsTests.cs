using System.Threading.RateLimiting;
using CoachBot.Teams.Delivery;
using Microsoft.Extensions.Options;

namespace CoachBot.Tests.Teams.Delivery;

/// <summary>
/// The limits every send waits on. These tests look only at what is granted at once and what waits, never at how long
/// something takes: a wait is observed as a send not yet granted, and ended by disposing a lease, cancelling, or the
/// refill it waits for.
/// </summary>
public sealed class TeamsSendLimitsTests
{
    // Long enough never to end a test that works; reached only when a slot or a token is never given back.
    private static readonly TimeSpan Hung = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SevenSendsToOneConversationAreGrantedAtOnceAndTheEighthWaitsWhileOtherConversationsGoOn()
    {
        using var limits = Limits(tenantSendsPerSecond: 10_000, maxConcurrentSends: 1_000);
        using var cancel = new CancellationTokenSource();

        var seven = new List<RateLimitLease>();
        for (var i = 0; i < TeamsSendLimits.PerConversationPerSecond; i++)
        {
            var granted = limits.AcquireAsync("busy", cancel.Token);
            Assert.True(granted.IsCompleted, $"send {i + 1} to the conversation waited");
            seven.Add(await granted);
        }
        var eighth = limits.AcquireAsync("busy", cancel.Token);
        var other = limits.AcquireAsync("quiet", cancel.Token);

        Assert.Equal(7, TeamsSendLimits.PerConversationPerSecond);
        Assert.All(seven, lease => Assert.True(lease.IsAcquired));
        Assert.False(eighth.IsCompleted, "an eighth send to one conversation within a second was granted");
        Assert.True(other.IsCompleted && (await other).IsAcquired, "another conversation waited behind the busy one");
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await eighth);
    }

    [Fact]
    public async Task NoMoreThanMaxConcurrentSendsAreInFlightAndEndingOneLetsTheNextGo()
    {
        using var limits = Limits(tenantSendsPerSecond: 10_000, maxConcurrentSends: 2);

        using var first = await limits.AcquireAsync("a", CancellationToken.None);
        var second = await limits.AcquireAsync("b", CancellationToken.None);
        var third = limits.AcquireAsync("c", CancellationToken.None);

        Assert.True(first.IsAcquired && second.IsAcquired);
        Assert.False(third.IsCompleted, "a third send went out while two were in flight");
        second.Dispose();
        using var granted = await third.AsTask().WaitAsync(Hung);
        Assert.True(granted.IsAcquired);
    }

    [Fact]
    public async Task SlotsAreGivenBackSoTheLimitHoldsForEverSendNotJustTheFirstOnes()
    {
        using var limits = Limits(tenantSendsPerSecond: 10_000, maxConcurrentSends: 2);

        // Far more sends than slots, one at a time, each on its own conversation: each must find a free slot.
        for (var i = 0; i < 100; i++)
        {
            using var lease = await limits.AcquireAsync($"conversation-{i}", CancellationToken.None).AsTask().WaitAsync(Hung);
            Assert.True(lease.IsAcquired);
        }
    }

    [Fact]
    public async Task TheTenantBucketGrantsOneSendAtATimeAtLowRatesAndRefillsForTheNext()
    {
        // One send per second (97 % of it): the bucket holds one token, and the next comes from a refill.
        using var limits = Limits(tenantSendsPerSecond: 1, maxConcurrentSends: 1_000);

        using var first = await limits.AcquireAsync("a", CancellationToken.None);
        var second = limits.AcquireAsync("b", CancellationToken.None);

        Assert.True(first.IsAcquired);
        Assert.False(second.IsCompleted, "a second send went out before the tenant bucket was refilled");
        using var refilled = await second.AsTask().WaitAsync(Hung);
        Assert.True(refilled.IsAcquired);
    }

    [Fact]
    public async Task ASendCancelledWhileWaitingForTheTenantGivesBackItsInFlightSlot()
    {
        using var limits = Limits(tenantSendsPerSecond: 1, maxConcurrentSends: 1);
        using var cancel = new CancellationTokenSource();

        // The only token goes to the first send; the second takes the only slot, then waits for a token.
        (await limits.AcquireAsync("a", CancellationToken.None)).Dispose();
        var waiting = limits.AcquireAsync("b", cancel.Token);
        Assert.False(waiting.IsCompleted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await waiting);

        // Had the cancelled send kept its slot, this one would wait for ever.
        using var next = await limits.AcquireAsync("c", CancellationToken.None).AsTask().WaitAsync(Hung);
        Assert.True(next.IsAcquired);
    }

    [Fact]
    public async Task AConversationWithAThousandSendsWaitingRefusesTheNextAtOnceAndTakesNoTenantToken()
    {
        using var limits = Limits(tenantSendsPerSecond: 1, maxConcurrentSends: 1_000);
        using var cancel = new CancellationTokenSource();

        // Seven are granted by the conversation (one of them gets the tenant's only token), a thousand wait in its queue.
        var pending = Enumerable.Range(0, TeamsSendLimits.PerConversationPerSecond + 1_000)
            .Select(_ => limits.AcquireAsync("flooded", cancel.Token).AsTask())
            .ToList();
        var refused = limits.AcquireAsync("flooded", cancel.Token);

        Assert.True(refused.IsCompleted, "a refused send waited for a slot or a tenant token");
        using var lease = await refused;
        Assert.False(lease.IsAcquired);

        await cancel.CancelAsync();
        foreach (var send in pending)
        {
            try
            {
                (await send).Dispose();
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    [Fact]
    public async Task AGrantedSendCarriesNoMetadata()
    {
        using var limits = Limits(tenantSendsPerSecond: 10_000, maxConcurrentSends: 10);

        using var lease = await limits.AcquireAsync("a", CancellationToken.None);

        Assert.True(lease.IsAcquired);
        Assert.False(lease.TryGetMetadata(MetadataName.RetryAfter.Name, out var metadata));
        Assert.Null(metadata);
    }

    [Fact]
    public async Task DisposingTheLimitsEndsTheSendsStillWaitingInsteadOfLeavingThemHanging()
    {
        var limits = Limits(tenantSendsPerSecond: 1, maxConcurrentSends: 1_000);
        using var first = await limits.AcquireAsync("a", CancellationToken.None);
        var waiting = limits.AcquireAsync("b", CancellationToken.None).AsTask();

        limits.Dispose();

        // Either a refused lease or ObjectDisposedException: what matters is that the wait ends, without a token.
        var outcome = await Record.ExceptionAsync(() => waiting.WaitAsync(Hung));
        Assert.True(outcome is null or ObjectDisposedException, $"the waiting send ended with {outcome}");
        if (outcome is null)
        {
            Assert.False((await waiting).IsAcquired);
        }
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await limits.AcquireAsync("c", CancellationToken.None));
    }

    [Fact]
    public async Task DisposingTheLimitsRefusesASendWaitingOnABusyConversation()
    {
        var limits = Limits(tenantSendsPerSecond: 10_000, maxConcurrentSends: 1_000);
        for (var i = 0; i < TeamsSendLimits.PerConversationPerSecond; i++)
        {
            (await limits.AcquireAsync("busy", CancellationToken.None)).Dispose();
        }
        var waiting = limits.AcquireAsync("busy", CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);

        limits.Dispose();

        // Refused by the conversation's window itself, not left waiting for the window to pass.
        using var refused = await waiting.WaitAsync(Hung);
        Assert.False(refused.IsAcquired);
    }

    [Fact]
    public async Task DisposingTheLimitsEndsASendWaitingForAnInFlightSlot()
    {
        var limits = Limits(tenantSendsPerSecond: 10_000, maxConcurrentSends: 1);
        using var inFlight = await limits.AcquireAsync("a", CancellationToken.None);
        var waiting = limits.AcquireAsync("b", CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);

        limits.Dispose();

        await AssertEndedWithoutAPermitAsync(waiting);
    }

    private static async Task AssertEndedWithoutAPermitAsync(Task<RateLimitLease> waiting)
    {
        var outcome = await Record.ExceptionAsync(() => waiting.WaitAsync(Hung));
        Assert.True(outcome is null or ObjectDisposedException, $"the waiting send ended with {outcome}");
        if (outcome is null)
        {
            Assert.False((await waiting).IsAcquired);
        }
    }

    private static TeamsSendLimits Limits(int tenantSendsPerSecond, int maxConcurrentSends) =>
        new(Options.Create(new DeliveryOptions { TenantSendsPerSecond = tenantSendsPerSecond, MaxConcurrentSends = maxConcurrentSends }));
}
