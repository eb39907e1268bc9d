using System.Globalization;
using CoachBot.Roster;
using CoachBot.Scheduling;
using CoachBot.Storage;
using Microsoft.Extensions.Options;
using Quartz;

namespace CoachBot.Reach;

/// <summary>The daily installation for the people the bot cannot reach (job <c>reach-install</c>).</summary>
[DisallowConcurrentExecution]
public sealed class ReachInstallJob(ReachInstallRun run, Leases leases, ILogger<ReachInstallJob> logger, TimeProvider clock)
    : SingleInstanceJob(leases, logger, clock)
{
    public const string Name = "reach-install";

    protected override async Task<RunSummary?> RunOnceAsync(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await run.RunAsync(cancellationToken);
        return null;
    }
}

/// <summary>
/// Schedules <c>reach-install</c> daily at <see cref="ReachOptions.InstallTime"/> in the director's zone, and runs it at
/// once when the roster differs from the one the last run saw: at start, and whenever a roster change (made here or,
/// within the poll interval, on another instance) adds someone. Every instance triggers it; the job's lease and the
/// attempts it records make one installation per person.
/// </summary>
public sealed class ReachSchedule(
    ISchedulerFactory schedulers,
    Organization organization,
    IRosterChanges changes,
    InstallAttemptStore attempts,
    IOptions<ReachOptions> options,
    ILogger<ReachSchedule> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        changes.Subscribe(OnRosterChangedAsync);
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var time = options.Value.InstallTime;
        var cron = string.Create(CultureInfo.InvariantCulture, $"{time.Second} {time.Minute} {time.Hour} * * ?");
        await CronJobs.ScheduleAsync<ReachInstallJob>(scheduler, ReachInstallJob.Name, cron, organization.DirectorTimeZone,
            new Dictionary<string, string>(), cancellationToken);
        await RunIfRosterChangedAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Someone new on the roster may not have the app: the installer runs for them now, not tomorrow morning.</summary>
    private Task OnRosterChangedAsync(RosterChange change, CancellationToken cancellationToken) =>
        change.After.Members.Any(m => change.Before.FindById(m.Id) is null) ? RunIfRosterChangedAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>Triggers <c>reach-install</c> now when installing is on and the roster is not the one the last run saw.</summary>
    public async Task RunIfRosterChangedAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.InstallsEnabled)
        {
            return;
        }
        try
        {
            if (await attempts.LastRosterAsync(cancellationToken) == ReachInstallRun.RosterFingerprint(organization))
            {
                return;
            }
            Log.RosterChanged(logger);
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            await scheduler.TriggerJob(new JobKey(ReachInstallJob.Name), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not a reason to refuse to start: the daily run catches up.
            Log.RosterCheckFailed(logger, ex);
        }
    }
}
