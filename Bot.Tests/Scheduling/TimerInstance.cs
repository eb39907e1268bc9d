using System.Collections.Concurrent;
using Azure.Data.Tables;
using CoachBot.Scheduling;
using CoachBot.Storage;
using CoachBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace CoachBot.Tests.Scheduling;

/// <summary>
/// One instance of the bot as far as timers go: its own container, Quartz scheduler (in-memory, as in production) and
/// <see cref="DurableTimers"/>, over the tables of <see cref="Prefix"/>. Several instances over one prefix are several
/// bot instances over one storage account; disposing one and starting another is a restart.
/// </summary>
internal sealed class TimerInstance : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly Executions _executions = new();
    private bool _started;

    private TimerInstance(IHost host) => _host = host;

    public DurableTimers Timers => _host.Services.GetRequiredService<DurableTimers>();

    public TimerFiring Firing => _host.Services.GetRequiredService<TimerFiring>();

    /// <summary>
    /// Completes (within 20 s) once no firing of the timer is running on this instance: after a handler's call, once what
    /// follows it (the row's deletion, or the next attempt's record) is done.
    /// </summary>
    public Task IdleAsync(string kind, string key) => _executions.IdleAsync(DurableTimers.TriggerName(kind, key)).WaitAsync(TimeSpan.FromSeconds(20));

    public async Task<IScheduler> SchedulerAsync() => await _host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

    /// <summary>Builds an instance; <paramref name="start"/> false leaves its hosted services (Quartz, the rebuild) stopped, like a process that died.</summary>
    public static async Task<TimerInstance> CreateAsync(
        string prefix, ITimerHandler handler, TimeProvider? clock = null, Action<DurableTimerOptions>? options = null, bool start = true)
    {
        var connection = await Azurite.ConnectionStringAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(clock ?? TimeProvider.System);
        builder.Services.AddSingleton(new TableServiceClient(connection));
        builder.Services.AddSingleton(Options.Create(new StorageOptions { ConnectionString = connection, TablePrefix = prefix }));
        builder.Services.AddSingleton<Tables>();
        builder.Services.AddSingleton<Leases>();
        // The catch-up of weekly jobs follows roster changes; these instances have no roster.
        builder.Services.AddSingleton<CoachBot.Roster.IRosterChanges, NoRoster>();
        builder.Services.AddScheduling();
        builder.Services.AddTimerHandler(handler.Kind, _ => handler);
        builder.Services.Configure<DurableTimerOptions>(o =>
        {
            o.FirstRetryDelay = TimeSpan.FromMilliseconds(150);
            o.MaxRetryDelay = TimeSpan.FromSeconds(1);
            o.ClaimTimeout = TimeSpan.FromSeconds(30);
            options?.Invoke(o);
        });
        var instance = new TimerInstance(builder.Build());
        var scheduler = await instance.SchedulerAsync();
        scheduler.ListenerManager.AddJobListener(instance._executions, [GroupMatcher<JobKey>.GroupEquals(DurableTimers.TriggerGroup)]);
        if (start)
        {
            await instance._host.StartAsync();
            instance._started = true;
        }
        return instance;
    }

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await _host.StopAsync();
        }
        _host.Dispose();
    }
}

/// <summary>A roster that never changes, for instances that only run timers.</summary>
internal sealed class NoRoster : CoachBot.Roster.IRosterChanges
{
    public CoachBot.Roster.RosterSnapshot Current => throw new NotSupportedException("These instances have no roster.");

    public void Subscribe(Func<CoachBot.Roster.RosterChange, CancellationToken, Task> handler)
    {
    }
}

/// <summary>Counts the executions of each timer job that started and finished, so a test can wait until none is running.</summary>
internal sealed class Executions : IJobListener
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (int Started, int Finished)> _counts = [];
    private readonly List<(string Job, TaskCompletionSource Idle)> _waiters = [];

    public string Name => "test-executions";

    /// <summary>Completes once every execution of the job that has started has finished (at once if none is running).</summary>
    public Task IdleAsync(string jobName)
    {
        lock (_gate)
        {
            var (started, finished) = _counts.GetValueOrDefault(jobName);
            if (started == finished)
            {
                return Task.CompletedTask;
            }
            var idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((jobName, idle));
            return idle.Task;
        }
    }

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var (started, finished) = _counts.GetValueOrDefault(context.JobDetail.Key.Name);
            _counts[context.JobDetail.Key.Name] = (started + 1, finished);
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken)
    {
        var job = context.JobDetail.Key.Name;
        lock (_gate)
        {
            var (started, finished) = _counts.GetValueOrDefault(job);
            _counts[job] = (started, finished + 1);
            if (started == finished + 1)
            {
                foreach (var waiter in _waiters.Where(w => w.Job == job).ToList())
                {
                    waiter.Idle.TrySetResult();
                    _waiters.Remove(waiter);
                }
            }
        }
        return ValueTask.CompletedTask;
    }
}

/// <summary>Records every firing of kind <see cref="Kind"/>, and lets a test wait for a key's firing or script what a firing does.</summary>
internal sealed class RecordingHandler(TimeProvider? clock = null) : ITimerHandler
{
    public const string Kind = "request-ack";

    private readonly ConcurrentDictionary<string, TaskCompletionSource<TimerFired>> _signals = new();
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly TaskCompletionSource _called = new(TaskCreationOptions.RunContinuationsAsynchronously);

    string ITimerHandler.Kind => Kind;

    /// <summary>Every completed firing, in order, with the instant it ran.</summary>
    public ConcurrentQueue<(TimerFired Timer, DateTimeOffset At)> Fired { get; } = new();

    /// <summary>Every call, completed or not.</summary>
    public ConcurrentQueue<TimerFired> Calls { get; } = new();

    /// <summary>What a firing does before it counts as fired; throwing makes it fail.</summary>
    public Func<TimerFired, CancellationToken, Task>? OnFire { get; set; }

    /// <summary>Completes when the handler is first called (at most 20 s).</summary>
    public Task FirstCall => _called.Task.WaitAsync(TimeSpan.FromSeconds(20));

    public int FiredCount(string key) => Fired.Count(f => f.Timer.Key == key);

    /// <summary>The first completed firing of <paramref name="key"/>; fails the test if it does not come within 20 s.</summary>
    public Task<TimerFired> FiringOf(string key) => Signal(key).Task.WaitAsync(TimeSpan.FromSeconds(20));

    public async Task HandleAsync(TimerFired timer, CancellationToken cancellationToken)
    {
        Calls.Enqueue(timer);
        _called.TrySetResult();
        if (OnFire is not null)
        {
            await OnFire(timer, cancellationToken);
        }
        Fired.Enqueue((timer, _clock.GetUtcNow()));
        Signal(timer.Key).TrySetResult(timer);
    }

    private TaskCompletionSource<TimerFired> Signal(string key) =>
        _signals.GetOrAdd(key, _ => new TaskCompletionSource<TimerFired>(TaskCreationOptions.RunContinuationsAsynchronously));
}
