using Azure.Data.Tables;
using CoachBot.Scheduling;
using CoachBot.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Quartz;

namespace CoachBot.Tests.Scheduling;

/// <summary>
/// Durable timers on real Quartz schedulers over Azurite. Due times are a few hundred milliseconds of real time, and
/// tests wait on signals: "X did not fire" is checked once a later timer fired, since one scheduler fires in due order.
/// Claims and backoff are checked on a fake clock, through <see cref="DueTimers.FireDueAsync"/> (the firing a trigger runs), with Quartz stopped.
/// </summary>
public sealed class DurableTimersTests
{
    private const string Kind = RecordingHandler.Kind;

    private static DateTimeOffset In(int milliseconds) => DateTimeOffset.UtcNow.AddMilliseconds(milliseconds);

    private static async Task<List<TableEntity>> StoredAsync(string prefix)
    {
        var table = new TableServiceClient(await Azurite.ConnectionStringAsync()).GetTableClient(prefix + DurableTimers.TableName);
        return table.Query<TableEntity>().ToList();
    }

    [Fact]
    public async Task ATimerFiresOnceAtItsTimeWithItsPayloadAndIsThenGone()
    {
        var prefix = Azurite.NewPrefix();
        var handler = new RecordingHandler();
        await using var instance = await TimerInstance.CreateAsync(prefix, handler);
        var dueAt = In(400);

        await instance.Timers.ScheduleAsync(Kind, "REQ-2026-0001", dueAt, "pumps", CancellationToken.None);
        Assert.NotNull(await instance.Timers.GetAsync(Kind, "REQ-2026-0001", CancellationToken.None));
        var fired = await handler.FiringOf("REQ-2026-0001");
        await instance.Timers.ScheduleAsync(Kind, "sentinel", In(300), "", CancellationToken.None);
        await handler.FiringOf("sentinel");
        await instance.IdleAsync(Kind, "REQ-2026-0001");
        await instance.IdleAsync(Kind, "sentinel");

        Assert.Equal(new TimerFired(Kind, "REQ-2026-0001", dueAt, "pumps"), fired);
        Assert.True(handler.Fired.Single(f => f.Timer.Key == "REQ-2026-0001").At >= dueAt, "fired before its due time");
        Assert.Equal(1, handler.FiredCount("REQ-2026-0001"));
        Assert.Null(await instance.Timers.GetAsync(Kind, "REQ-2026-0001", CancellationToken.None));
        Assert.Empty(await StoredAsync(prefix));
    }

    [Fact]
    public async Task ACancelledTimerNeverFires()
    {
        var prefix = Azurite.NewPrefix();
        var handler = new RecordingHandler();
        await using var instance = await TimerInstance.CreateAsync(prefix, handler);

        // Standing by while it is set and cancelled: on a slow machine it could otherwise be due before the cancel.
        var scheduler = await instance.SchedulerAsync();
        await scheduler.Standby();
        await instance.Timers.ScheduleAsync(Kind, "REQ-2026-0002", In(300), "", CancellationToken.None);
        await instance.Timers.ScheduleAsync(Kind, "sentinel", In(700), "", CancellationToken.None);
        var cancelled = await instance.Timers.CancelAsync(Kind, "REQ-2026-0002", CancellationToken.None);
        var trigger = await scheduler.GetTrigger(new TriggerKey(DurableTimers.TriggerName(Kind, "REQ-2026-0002"), DurableTimers.TriggerGroup));
        var again = await instance.Timers.CancelAsync(Kind, "REQ-2026-0002", CancellationToken.None);
        await scheduler.Start();
        await handler.FiringOf("sentinel");
        await instance.IdleAsync(Kind, "sentinel");

        Assert.True(cancelled);
        Assert.False(again);
        Assert.Null(trigger);
        Assert.Equal(0, handler.FiredCount("REQ-2026-0002"));
        Assert.Empty(await StoredAsync(prefix));
    }

    [Fact]
    public async Task ARescheduledTimerFiresOnceAtItsNewTimeWithItsNewPayload()
    {
        var prefix = Azurite.NewPrefix();
        var handler = new RecordingHandler();
        await using var instance = await TimerInstance.CreateAsync(prefix, handler);

        // The scheduler stands by while the timers are set and moved, so that nothing fires in between however slow
        // the machine is; then "later" must not fire at its first time, nor "earlier" at its first.
        var scheduler = await instance.SchedulerAsync();
        await scheduler.Standby();
        await instance.Timers.ScheduleAsync(Kind, "later", In(300), "first", CancellationToken.None);
        var earlierFirstDue = In(20_000);
        await instance.Timers.ScheduleAsync(Kind, "earlier", earlierFirstDue, "first", CancellationToken.None);
        var laterDue = In(1_200);
        await instance.Timers.ScheduleAsync(Kind, "later", laterDue, "second", CancellationToken.None);
        await instance.Timers.ScheduleAsync(Kind, "earlier", In(300), "second", CancellationToken.None);
        await scheduler.Start();

        var earlier = await handler.FiringOf("earlier");
        var later = await handler.FiringOf("later");
        // A timer left behind by either move would be due long before this one.
        await instance.Timers.ScheduleAsync(Kind, "sentinel", laterDue.AddSeconds(1), "", CancellationToken.None);
        await handler.FiringOf("sentinel");

        Assert.Equal("second", earlier.Payload);
        Assert.Equal(new TimerFired(Kind, "later", laterDue, "second"), later);
        Assert.Equal(1, handler.FiredCount("later"));
        Assert.Equal(1, handler.FiredCount("earlier"));
        Assert.True(handler.Fired.Single(f => f.Timer.Key == "later").At >= laterDue);
        Assert.True(handler.Fired.Single(f => f.Timer.Key == "earlier").At < earlierFirstDue);
    }

    [Fact]
    public async Task ARestartRebuildsEveryStoredTimerAndFiresEachOnceOverdueOnesAtOnce()
    {
        var prefix = Azurite.NewPrefix();
        var handler = new RecordingHandler();
        // The first instance schedules, then dies before any of them is due: its Quartz never runs.
        await using (var dead = await TimerInstance.CreateAsync(prefix, handler, start: false))
        {
            await dead.Timers.ScheduleAsync(Kind, "overdue", DateTimeOffset.UtcNow.AddMinutes(-5), "o", CancellationToken.None);
            await dead.Timers.ScheduleAsync(Kind, "soon", In(600), "s", CancellationToken.None);
            await dead.Timers.ScheduleAsync(Kind, "next-week", DateTimeOffset.UtcNow.AddDays(7), "n", CancellationToken.None);
        }
        var restarted = DateTimeOffset.UtcNow;

        await using var instance = await TimerInstance.CreateAsync(prefix, handler);
        var scheduler = await instance.SchedulerAsync();
        var nextWeek = await scheduler.GetTrigger(new TriggerKey(DurableTimers.TriggerName(Kind, "next-week"), DurableTimers.TriggerGroup));
        await handler.FiringOf("overdue");
        await handler.FiringOf("soon");
        await instance.Timers.ScheduleAsync(Kind, "sentinel", In(300), "", CancellationToken.None);
        await handler.FiringOf("sentinel");
        await Task.WhenAll(new[] { "overdue", "soon", "sentinel" }.Select(key => instance.IdleAsync(Kind, key)));

        Assert.True(handler.Fired.Single(f => f.Timer.Key == "overdue").At - restarted < TimeSpan.FromSeconds(5), "the overdue timer did not fire at once");
        Assert.Equal(1, handler.FiredCount("overdue"));
        Assert.Equal(1, handler.FiredCount("soon"));
        Assert.Equal(0, handler.FiredCount("next-week"));
        Assert.NotNull(nextWeek);
        Assert.True(nextWeek.NextFireTimeUtc > DateTimeOffset.UtcNow.AddDays(6));
        Assert.Equal("next-week", Assert.Single(await StoredAsync(prefix)).GetString("Key"));
    }

    [Fact]
    public async Task ARestartedInstanceDoesNotFireAgainWhatFiredBeforeTheRestart()
    {
        var prefix = Azurite.NewPrefix();
        var handler = new RecordingHandler();
        await using (var first = await TimerInstance.CreateAsync(prefix, handler))
        {
            await first.Timers.ScheduleAsync(Kind, "fired-before", In(200), "", CancellationToken.None);
            await handler.FiringOf("fired-before");
        }

        await using var second = await TimerInstance.CreateAsync(prefix, handler);
        await second.Timers.ScheduleAsync(Kind, "sentinel", In(300), "", CancellationToken.None);
        await handler.FiringOf("sentinel");

        Assert.Equal(1, handler.FiredCount("fired-before"));
    }

    [Fact]
    public async Task OfTwoInstancesFiringTheSameTimersEachTimerRunsOnOne()
    {
        var prefix = Azurite.NewPrefix();
        var handler = new RecordingHandler();
        var keys = Enumerable.Range(1, 12).Select(i => $"REQ-2026-{i:0000}").ToList();
        await using var a = await TimerInstance.CreateAsync(prefix, handler);
        // Both stand by until their triggers were read: on a slow machine the timers could otherwise fire first.
        await (await a.SchedulerAsync()).Standby();
        var dueAt = In(5_000);
        foreach (var key in keys)
        {
            await a.Timers.ScheduleAsync(Kind, key, dueAt, key, CancellationToken.None);
        }
        // The second instance learns of them from the table at its start, and sets the same triggers.
        await using var b = await TimerInstance.CreateAsync(prefix, handler);
        await (await b.SchedulerAsync()).Standby();
        foreach (var instance in new[] { a, b })
        {
            var scheduler = await instance.SchedulerAsync();
            foreach (var key in keys)
            {
                var trigger = await scheduler.GetTrigger(new TriggerKey(DurableTimers.TriggerName(Kind, key), DurableTimers.TriggerGroup));
                Assert.Equal(dueAt, trigger?.NextFireTimeUtc);
            }
        }
        await (await a.SchedulerAsync()).Start();
        await (await b.SchedulerAsync()).Start();

        await Task.WhenAll(keys.Select(handler.FiringOf));
        await a.Timers.ScheduleAsync(Kind, "sentinel-a", In(500), "", CancellationToken.None);
        await b.Timers.ScheduleAsync(Kind, "sentinel-b", In(500), "", CancellationToken.None);
        await Task.WhenAll(handler.FiringOf("sentinel-a"), handler.FiringOf("sentinel-b"));
        await Task.WhenAll(keys.Append("sentinel-a").Append("sentinel-b").SelectMany(key => new[] { a.IdleAsync(Kind, key), b.IdleAsync(Kind, key) }));

        Assert.All(keys, key => Assert.Equal(1, handler.FiredCount(key)));
        Assert.NotEqual(a.Timers.Owner, b.Timers.Owner);
        Assert.Equal(keys.Count + 2, handler.Calls.Count);
        Assert.Empty(await StoredAsync(prefix));
    }

    [Fact]
    public async Task AFailingHandlerIsRetriedWithAGrowingDelayUntilItSucceeds()
    {
        var prefix = Azurite.NewPrefix();
        var handler = new RecordingHandler();
        var attempts = new List<DateTimeOffset>();
        handler.OnFire = (timer, _) =>
        {
            lock (attempts)
            {
                attempts.Add(DateTimeOffset.UtcNow);
                if (attempts.Count < 3)
                {
                    throw new InvalidOperationException("Teams is down");
                }
            }
            return Task.CompletedTask;
        };
        await using var instance = await TimerInstance.CreateAsync(prefix, handler);

        await instance.Timers.ScheduleAsync(Kind, "REQ-2026-0003", In(200), "", CancellationToken.None);
        await handler.FiringOf("REQ-2026-0003");
        await instance.IdleAsync(Kind, "REQ-2026-0003");

        Assert.Equal(3, attempts.Count);
        // 150 ms after the first failure, 300 ms after the second.
        Assert.True(attempts[1] - attempts[0] >= TimeSpan.FromMilliseconds(140), $"second attempt after {(attempts[1] - attempts[0]).TotalMilliseconds} ms");
        Assert.True(attempts[2] - attempts[1] >= TimeSpan.FromMilliseconds(290), $"third attempt after {(attempts[2] - attempts[1]).TotalMilliseconds} ms");
        Assert.Equal(1, handler.FiredCount("REQ-2026-0003"));
        Assert.Empty(await StoredAsync(prefix));
    }

    [Fact]
    public async Task AHandlerThatSchedulesItsOwnTimerAgainKeepsTheNewOne()
    {
        var prefix = Azurite.NewPrefix();
        var handler = new RecordingHandler();
        await using var instance = await TimerInstance.CreateAsync(prefix, handler);
        var secondDue = DateTimeOffset.MinValue;
        handler.OnFire = async (timer, token) =>
        {
            if (timer.Payload == "director")
            {
                secondDue = In(300);
                await instance.Timers.ScheduleAsync(Kind, timer.Key, secondDue, "sponsor", token);
            }
        };

        await instance.Timers.ScheduleAsync(Kind, "REQ-2026-0004", In(200), "director", CancellationToken.None);
        await handler.FiringOf("REQ-2026-0004");
        await instance.Timers.ScheduleAsync(Kind, "sentinel", In(1_000), "", CancellationToken.None);
        await handler.FiringOf("sentinel");
        await instance.IdleAsync(Kind, "REQ-2026-0004");
        await instance.IdleAsync(Kind, "sentinel");

        Assert.Equal(
            [new TimerFired(Kind, "REQ-2026-0004", handler.Fired.First().Timer.DueAt, "director"), new TimerFired(Kind, "REQ-2026-0004", secondDue, "sponsor")],
            handler.Fired.Where(f => f.Timer.Key == "REQ-2026-0004").Select(f => f.Timer));
        Assert.Empty(await StoredAsync(prefix));
    }

    [Fact]
    public async Task AClaimWhoseOwnerDiedIsTakenOverAfterTheClaimTimeout()
    {
        var prefix = Azurite.NewPrefix();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 16, 30, 0, TimeSpan.Zero));
        var stuck = new RecordingHandler(clock) { OnFire = (_, token) => Task.Delay(Timeout.Infinite, token) };
        var handler = new RecordingHandler(clock);
        void Options(DurableTimerOptions o) => o.ClaimTimeout = TimeSpan.FromMinutes(5);
        await using var dying = await TimerInstance.CreateAsync(prefix, stuck, clock, Options, start: false);
        await using var survivor = await TimerInstance.CreateAsync(prefix, handler, clock, Options, start: false);
        await dying.Timers.ScheduleAsync(Kind, "REQ-2026-0005", clock.GetUtcNow().AddHours(16), "", CancellationToken.None);

        clock.Advance(TimeSpan.FromHours(16));
        using var death = new CancellationTokenSource();
        var claimed = dying.Firing.FireDueAsync(death.Token);
        await stuck.FirstCall;
        var whileHeld = await survivor.Firing.FireDueAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(5));
        var afterTimeout = await survivor.Firing.FireDueAsync(CancellationToken.None);
        await death.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => claimed);

        Assert.Equal(0, whileHeld);
        Assert.Equal(1, afterTimeout);
        Assert.Equal(1, handler.FiredCount("REQ-2026-0005"));
        // The dying owner's late release does not bring the timer back.
        Assert.Null(await survivor.Timers.GetAsync(Kind, "REQ-2026-0005", CancellationToken.None));
    }

    [Fact]
    public async Task RetriesBackOffByDoublingUpToTheMaximumAndKeepTheTimer()
    {
        var prefix = Azurite.NewPrefix();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 16, 30, 0, TimeSpan.Zero));
        var handler = new RecordingHandler(clock) { OnFire = (_, _) => throw new InvalidOperationException("Teams is down") };
        await using var instance = await TimerInstance.CreateAsync(prefix, handler, clock, o =>
        {
            o.FirstRetryDelay = TimeSpan.FromSeconds(30);
            o.MaxRetryDelay = TimeSpan.FromSeconds(100);
        }, start: false);
        await instance.Timers.ScheduleAsync(Kind, "REQ-2026-0006", clock.GetUtcNow(), "", CancellationToken.None);

        var delays = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(0, await instance.Firing.FireDueAsync(CancellationToken.None));
            var pending = await instance.Timers.GetAsync(Kind, "REQ-2026-0006", CancellationToken.None);
            Assert.NotNull(pending);
            Assert.Equal(i + 1, pending.Attempts);
            Assert.Equal("InvalidOperationException: Teams is down", pending.LastError);
            delays.Add(pending.NextAttemptAt - clock.GetUtcNow());
            // Not again before its time.
            clock.Advance(delays[^1] - TimeSpan.FromSeconds(1));
            Assert.Equal(0, await instance.Firing.FireDueAsync(CancellationToken.None));
            Assert.Equal(i + 1, handler.Calls.Count);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal([30, 60, 100, 100, 100], delays.Select(d => d.TotalSeconds));
    }

    [Fact]
    public async Task SchedulingAKindWithoutAHandlerIsRefused()
    {
        var handler = new RecordingHandler();
        await using var instance = await TimerInstance.CreateAsync(Azurite.NewPrefix(), handler, start: false);

        var refused = await Assert.ThrowsAsync<ArgumentException>(() =>
            instance.Timers.ScheduleAsync("unknown-kind", "k", DateTimeOffset.UtcNow, "", CancellationToken.None));

        Assert.Contains("unknown-kind", refused.Message);
    }

    [Fact]
    public async Task KeysWithCharactersTableStorageForbidsAreKeptAsGiven()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 16, 30, 0, TimeSpan.Zero));
        var handler = new RecordingHandler(clock);
        await using var instance = await TimerInstance.CreateAsync(Azurite.NewPrefix(), handler, clock, start: false);

        await instance.Timers.ScheduleAsync(Kind, "REQ/2026#7?%", clock.GetUtcNow().AddMinutes(1), "a/b", CancellationToken.None);
        Assert.Equal(0, await instance.Firing.FireDueAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await instance.Firing.FireDueAsync(CancellationToken.None));

        Assert.Equal(new TimerFired(Kind, "REQ/2026#7?%", clock.GetUtcNow(), "a/b"), handler.Fired.Single().Timer);
    }

    [Fact]
    public async Task AFiringInterruptedByShutdownGivesItsClaimBackSoAnotherInstanceFiresItAtOnce()
    {
        var prefix = Azurite.NewPrefix();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 16, 30, 0, TimeSpan.Zero));
        var stopping = new RecordingHandler(clock) { OnFire = (_, token) => Task.Delay(Timeout.Infinite, token) };
        var handler = new RecordingHandler(clock);
        await using var first = await TimerInstance.CreateAsync(prefix, stopping, clock, start: false);
        await using var second = await TimerInstance.CreateAsync(prefix, handler, clock, start: false);
        await first.Timers.ScheduleAsync(Kind, "REQ-2026-0007", clock.GetUtcNow(), "", CancellationToken.None);

        using var shutdown = new CancellationTokenSource();
        var interrupted = first.Firing.FireDueAsync(shutdown.Token);
        await stopping.FirstCall;
        await shutdown.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => interrupted);
        var pending = await second.Timers.GetAsync(Kind, "REQ-2026-0007", CancellationToken.None);

        Assert.Equal(1, await second.Firing.FireDueAsync(CancellationToken.None));
        Assert.Equal(0, pending?.Attempts);
        Assert.Equal(1, handler.FiredCount("REQ-2026-0007"));
    }

    [Fact]
    public async Task AFailureIsRecordedWithItsReasonCutToAThousandCharacters()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 16, 30, 0, TimeSpan.Zero));
        var handler = new RecordingHandler(clock) { OnFire = (_, _) => throw new InvalidOperationException(new string('x', 5_000)) };
        await using var instance = await TimerInstance.CreateAsync(Azurite.NewPrefix(), handler, clock, start: false);
        await instance.Timers.ScheduleAsync(Kind, "REQ-2026-0008", clock.GetUtcNow(), "", CancellationToken.None);

        await instance.Firing.FireDueAsync(CancellationToken.None);

        var pending = await instance.Timers.GetAsync(Kind, "REQ-2026-0008", CancellationToken.None);
        Assert.Equal(1_000, pending?.LastError?.Length);
        Assert.StartsWith("InvalidOperationException: xxx", pending?.LastError);
    }

    [Theory]
    [InlineData("", "key", "payload")]
    [InlineData(" ", "key", "payload")]
    [InlineData(Kind, "", "payload")]
    [InlineData(Kind, " ", "payload")]
    public async Task ATimerNeedsAKindAndAKey(string kind, string key, string payload)
    {
        await using var instance = await TimerInstance.CreateAsync(Azurite.NewPrefix(), new RecordingHandler(), start: false);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => instance.Timers.ScheduleAsync(kind, key, DateTimeOffset.UtcNow, payload, CancellationToken.None));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => instance.Timers.CancelAsync(kind, key, CancellationToken.None));
    }

    [Fact]
    public async Task APayloadIsSmallAndPresent()
    {
        await using var instance = await TimerInstance.CreateAsync(Azurite.NewPrefix(), new RecordingHandler(), start: false);

        await instance.Timers.ScheduleAsync(Kind, "fits", DateTimeOffset.UtcNow.AddDays(1), new string('p', 8_000), CancellationToken.None);
        var tooBig = await Assert.ThrowsAsync<ArgumentException>(() =>
            instance.Timers.ScheduleAsync(Kind, "too-big", DateTimeOffset.UtcNow.AddDays(1), new string('p', 8_001), CancellationToken.None));
        Assert.StartsWith("A timer payload holds at most 8000 characters.", tooBig.Message);
        await Assert.ThrowsAsync<ArgumentNullException>(() =>
            instance.Timers.ScheduleAsync(Kind, "none", DateTimeOffset.UtcNow.AddDays(1), null!, CancellationToken.None));
        Assert.Equal(8_000, (await instance.Timers.GetAsync(Kind, "fits", CancellationToken.None))?.Payload.Length);
    }

    [Fact]
    public async Task SchedulingAfterTheSchedulerShutDownKeepsTheTimerForTheNextStart()
    {
        var prefix = Azurite.NewPrefix();
        var handler = new RecordingHandler();
        await using (var stopping = await TimerInstance.CreateAsync(prefix, handler))
        {
            await (await stopping.SchedulerAsync()).Shutdown(waitForJobsToComplete: true);
            await stopping.Timers.ScheduleAsync(Kind, "late", In(200), "", CancellationToken.None);
        }

        await using var next = await TimerInstance.CreateAsync(prefix, handler);
        await handler.FiringOf("late");
        Assert.Equal(1, handler.FiredCount("late"));
    }

    [Fact]
    public async Task ATimerRescheduledByAnInstanceThatThenStoppedFiresAtItsNewTimeOnAnInstanceThatKnewTheOldOne()
    {
        var prefix = Azurite.NewPrefix();
        var handler = new RecordingHandler();
        await using var survivor = await TimerInstance.CreateAsync(prefix, handler);
        var newDue = DateTimeOffset.MinValue;
        // Both stand by until the move is done: on a slow machine the old time could otherwise come first.
        var survivorScheduler = await survivor.SchedulerAsync();
        await survivorScheduler.Standby();
        await using (var leaving = await TimerInstance.CreateAsync(prefix, handler))
        {
            await (await leaving.SchedulerAsync()).Standby();
            await leaving.Timers.ScheduleAsync(Kind, "REQ-2026-0009", In(600), "old", CancellationToken.None);
            // The survivor sets its trigger for the old time, as its sweep would.
            await survivor.Timers.RebuildAsync(CancellationToken.None);
            newDue = In(1_200);
            await leaving.Timers.ScheduleAsync(Kind, "REQ-2026-0009", newDue, "new", CancellationToken.None);
        }
        await survivorScheduler.Start();

        // At the old time the survivor finds the timer not due, and sets its trigger for the new time.
        var fired = await handler.FiringOf("REQ-2026-0009");

        Assert.Equal(new TimerFired(Kind, "REQ-2026-0009", newDue, "new"), fired);
        Assert.True(handler.Fired.Single().At >= newDue, "fired before its new time");
    }

    [Fact]
    public async Task ATimerWhoseKindHasNoHandlerOnTheFiringInstanceIsKeptAndRetried()
    {
        var prefix = Azurite.NewPrefix();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 16, 30, 0, TimeSpan.Zero));
        await using var scheduling = await TimerInstance.CreateAsync(prefix, new RecordingHandler(clock), clock, start: false);
        await using var other = await TimerInstance.CreateAsync(prefix, new OtherKindHandler(), clock, start: false);
        await scheduling.Timers.ScheduleAsync(Kind, "REQ-2026-0010", clock.GetUtcNow(), "", CancellationToken.None);

        Assert.Equal(0, await other.Firing.FireDueAsync(CancellationToken.None));

        var pending = await scheduling.Timers.GetAsync(Kind, "REQ-2026-0010", CancellationToken.None);
        Assert.Equal(1, pending?.Attempts);
        Assert.Equal($"InvalidOperationException: No ITimerHandler is registered for timer kind '{Kind}'.", pending?.LastError);
    }

    private sealed class OtherKindHandler : ITimerHandler
    {
        public string Kind => "digest";

        public Task HandleAsync(TimerFired timer, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
