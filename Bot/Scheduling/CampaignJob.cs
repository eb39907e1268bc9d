using CoachBot.Storage;
using Quartz;

namespace CoachBot.Scheduling;

/// <summary>
/// A feature's scheduled job whose work is one campaign call, given the job's data (a region, a zone, a BU): each job
/// says only what it sends, and what it sent or why nothing (<see cref="RunSummary"/>, in its own words); running on one instance at a time is <see cref="SingleInstanceJob"/>'s.
/// </summary>
public abstract class CampaignJob(Leases leases, ILogger logger, TimeProvider clock, Func<JobDataMap, CancellationToken, Task<RunSummary>> send)
    : SingleInstanceJob(leases, logger, clock)
{
    protected sealed override async Task<RunSummary?> RunOnceAsync(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await send(context.MergedJobDataMap, cancellationToken);
}
