using CoachBot.Scheduling;
using CoachBot.Storage;
using Microsoft.Extensions.Options;
using Quartz;

namespace CoachBot.Backup;

/// <summary>The daily backup of the tables (job <c>table-backup</c>), on one instance, named for the time it fired for.</summary>
[DisallowConcurrentExecution]
public sealed class TableBackupJob(TableBackup backup, Leases leases, ILogger<TableBackupJob> logger, TimeProvider clock)
    : SingleInstanceJob(leases, logger, clock)
{
    public const string Name = "table-backup";

    /// <summary>Longer than the default: a large table takes a while to copy, and the lease is renewed meanwhile anyway.</summary>
    protected override TimeSpan LeaseDuration => TimeSpan.FromMinutes(2);

    protected override async Task<RunSummary?> RunOnceAsync(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await backup.ExportAsync(TableBackup.IdFor(context.ScheduledFireTimeUtc ?? context.FireTimeUtc), cancellationToken);
        return null;
    }
}

/// <summary>Schedules the backup every day at <see cref="BackupOptions.Time"/> UTC, when backups are configured.</summary>
public sealed class BackupSchedule(ISchedulerFactory schedulers, IOptions<BackupOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }
        var time = options.Value.Time;
        var daily = FormattableString.Invariant($"{time.Second} {time.Minute} {time.Hour} * * ?");
        await CronJobs.ScheduleAsync<TableBackupJob>(await schedulers.GetScheduler(cancellationToken), TableBackupJob.Name, daily, TimeZoneInfo.Utc,
            new Dictionary<string, string>(), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
