using CoachBot.Roster;
using CoachBot.Scheduling;
using CoachBot.Storage;
using Quartz;

namespace CoachBot.CheckIns;

/// <summary>Sends a region's weekly check-in (job <c>checkin-&lt;region&gt;</c>); missed while down, it goes out until the week's cut-off.</summary>
[DisallowConcurrentExecution]
public sealed class CheckInSendJob(CheckInCampaigns campaigns, CheckInCalendar calendar, Leases leases, ILogger<CheckInSendJob> logger, TimeProvider clock)
    : CampaignJob(leases, logger, clock, (data, token) => CheckInReminderJob.Summary(campaigns.CheckInRunAsync(data.GetString(CheckInSchedule.RegionKey)!, token)))
{
    protected override DateTimeOffset? UsefulUntil(JobDataMap data, DateTimeOffset due, TimeZoneInfo zone) =>
        CheckInSchedule.CutOffOf(calendar, data.GetString(CheckInSchedule.RegionKey)!, due);
}

/// <summary>Reminds a region's reps who have not answered (job <c>checkin-reminder-&lt;region&gt;</c>); missed while down, until the cut-off.</summary>
[DisallowConcurrentExecution]
public sealed class CheckInReminderJob(CheckInCampaigns campaigns, CheckInCalendar calendar, Leases leases, ILogger<CheckInReminderJob> logger, TimeProvider clock)
    : CampaignJob(leases, logger, clock, (data, token) => Summary(campaigns.ReminderRunAsync(data.GetString(CheckInSchedule.RegionKey)!, token)))
{
    protected override DateTimeOffset? UsefulUntil(JobDataMap data, DateTimeOffset due, TimeZoneInfo zone) =>
        CheckInSchedule.CutOffOf(calendar, data.GetString(CheckInSchedule.RegionKey)!, due);

    internal static async Task<RunSummary> Summary(Task<CheckInRun> run) => (await run).Summary;
}

/// <summary>
/// Schedules each region's check-in and reminder jobs at start, and again whenever the roster changes: a new region gets
/// its jobs, a changed time zone moves them, a removed region's jobs stop. Cron triggers in the region's time zone, so
/// Quartz keeps the local time across DST changes.
/// </summary>
public sealed class CheckInSchedule(ISchedulerFactory schedulers, Organization organization, CheckInCalendar calendar)
    : RosterSchedule(schedulers, organization)
{
    public const string RegionKey = "region";

    public static string SendJobName(string regionId) => $"checkin-{regionId.ToLowerInvariant()}";

    public static string ReminderJobName(string regionId) => $"checkin-reminder-{regionId.ToLowerInvariant()}";

    /// <summary>The cut-off of the week a send or reminder due at <paramref name="due"/> asks about: until then a late one is still of use.</summary>
    public static DateTimeOffset CutOffOf(CheckInCalendar calendar, string regionId, DateTimeOffset due) =>
        calendar.CutOffAt(regionId, calendar.OpenWeek(regionId, due));

    protected override IReadOnlyList<CronJob> WantedJobs() =>
        organization.Regions.Values.SelectMany(region =>
        {
            var data = new Dictionary<string, string> { [RegionKey] = region.Id };
            return new[]
            {
                new CronJob(typeof(CheckInSendJob), SendJobName(region.Id), calendar.SendCron, calendar.Zone(region.Id), data),
                new CronJob(typeof(CheckInReminderJob), ReminderJobName(region.Id), calendar.ReminderCron, calendar.Zone(region.Id), data),
            };
        }).ToList();
}
