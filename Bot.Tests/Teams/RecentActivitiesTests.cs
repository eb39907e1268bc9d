using CoachBot.Teams;
using Microsoft.Extensions.Time.Testing;

namespace CoachBot.Tests.Teams;

public sealed class RecentActivitiesTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    private static Func<Task<TurnAnswer>> Turn(Action ran, int status = 200, int bodyBytes = 0) => () =>
    {
        ran();
        return Task.FromResult(new TurnAnswer(status, bodyBytes == 0 ? null : new byte[bodyBytes]));
    };

    [Fact]
    public async Task AResendWithinTheWindowGetsTheFirstAnswerAndOneAfterItRunsAgain()
    {
        var recent = new RecentActivities(_clock);
        var runs = 0;

        var first = await recent.RunOnceAsync("k", Turn(() => runs++, bodyBytes: 10));
        var resend = await recent.RunOnceAsync("k", Turn(() => runs++, bodyBytes: 10));
        _clock.Advance(RecentActivities.Kept);
        await recent.RunOnceAsync("k", Turn(() => runs++));

        Assert.Same(first, resend);
        Assert.Equal(2, runs);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(415)]
    public async Task ARefusalIsNeverKeptAsAnAnswer(int status)
    {
        var recent = new RecentActivities(_clock);
        var runs = 0;

        await recent.RunOnceAsync("k", Turn(() => runs++, status));
        var second = await recent.RunOnceAsync("k", Turn(() => runs++));

        Assert.Equal(2, runs);
        Assert.Equal(200, second.Status);
        Assert.Equal(1, recent.Count);
    }

    [Fact]
    public async Task AFloodOfDistinctIdsStaysWithinTheEntryBound()
    {
        var recent = new RecentActivities(_clock);

        for (var i = 0; i < RecentActivities.MaxEntries * 3; i++)
        {
            await recent.RunOnceAsync("conversation\n" + i, Turn(() => { }));
        }

        Assert.Equal(RecentActivities.MaxEntries, recent.Count);
        // The newest are the ones kept: a resend of the last one is still answered from memory.
        var runs = 0;
        await recent.RunOnceAsync("conversation\n" + (RecentActivities.MaxEntries * 3 - 1), Turn(() => runs++));
        Assert.Equal(0, runs);
    }

    [Fact]
    public async Task LargeAnswersStayWithinTheByteBound()
    {
        var recent = new RecentActivities(_clock);

        for (var i = 0; i < 1000; i++)
        {
            await recent.RunOnceAsync("k" + i, Turn(() => { }, bodyBytes: 80 * 1024));
        }
        await recent.RunOnceAsync("huge", Turn(() => { }, bodyBytes: (int)RecentActivities.MaxBytes + 1));

        Assert.InRange(recent.Bytes, 1, RecentActivities.MaxBytes);
        Assert.InRange(recent.Count, 1, (int)(RecentActivities.MaxBytes / (80 * 1024)));
    }

    [Fact]
    public async Task ATurnThatThrowsIsNotKept()
    {
        var recent = new RecentActivities(_clock);

        await Assert.ThrowsAsync<InvalidOperationException>(() => recent.RunOnceAsync("k", () => throw new InvalidOperationException()));
        var runs = 0;
        await recent.RunOnceAsync("k", Turn(() => runs++));

        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task AResendArrivingDuringTheFirstTurnWaitsForItsAnswer()
    {
        var recent = new RecentActivities(_clock);
        var release = new TaskCompletionSource<TurnAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;

        var first = recent.RunOnceAsync("k", () => { runs++; return release.Task; });
        var resend = recent.RunOnceAsync("k", Turn(() => runs++));
        release.SetResult(new TurnAnswer(200, [1, 2, 3]));

        Assert.Same(await first, await resend);
        Assert.Equal(1, runs);
    }
}
