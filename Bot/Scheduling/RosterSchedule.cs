using CoachBot.Roster;
using Quartz;

namespace CoachBot.Scheduling;

/// <summary>
/// A feature's cron jobs kept in step with the roster: scheduled at start and again on every roster change, so a new
/// region, zone or BU gets its jobs, a moved one follows, and one that is gone stops (<see cref="CronJobs.SyncAsync"/>).
/// </summary>
public abstract class RosterSchedule(ISchedulerFactory schedulers, IRosterChanges roster) : IHostedService
{
    private readonly HashSet<string> _scheduled = new(StringComparer.Ordinal);

    /// <summary>The jobs the roster asks for now.</summary>
    protected abstract IReadOnlyList<CronJob> WantedJobs();

    /// <summary>Jobs that do not follow the roster, scheduled once at start (none unless overridden).</summary>
    protected virtual Task ScheduleFixedAsync(IScheduler scheduler, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await SyncAsync(cancellationToken);
        await ScheduleFixedAsync(await schedulers.GetScheduler(cancellationToken), cancellationToken);
        roster.Subscribe((_, token) => SyncAsync(token));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task SyncAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await CronJobs.SyncAsync(scheduler, WantedJobs(), _scheduled, cancellationToken);
    }
}
