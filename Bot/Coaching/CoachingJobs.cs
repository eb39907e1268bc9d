using CoachBot.Roster;
using CoachBot.Scheduling;
using CoachBot.Storage;
using Quartz;

namespace CoachBot.Coaching;

/// <summary>
/// Sends the week's coaching prompt to the people of one time zone (job <c>coaching-&lt;zone&gt;</c>); missed while down,
/// it goes out until the end of its week there.
/// </summary>
[DisallowConcurrentExecution]
public sealed class CoachingSendJob(CoachingCampaigns campaigns, Leases leases, ILogger<CoachingSendJob> logger, TimeProvider clock)
    : CampaignJob(leases, logger, clock, async (data, token) => RunSummary.Of(await campaigns.SendWeekAsync(data.GetString(CoachingSchedule.ZoneKey)!, token),
        $"nobody whose prompt goes out in {data.GetString(CoachingSchedule.ZoneKey)} can be reached"))
{
    protected override DateTimeOffset? UsefulUntil(JobDataMap data, DateTimeOffset due, TimeZoneInfo zone) => EndOfWeek(due, zone);
}

/// <summary>Sends back the prompts postponed with "Later" once their time has come (job <c>coaching-later</c>, every few minutes).</summary>
[DisallowConcurrentExecution]
public sealed class CoachingLaterJob(CoachingCampaigns campaigns, Leases leases, ILogger<CoachingLaterJob> logger, TimeProvider clock)
    : CampaignJob(leases, logger, clock, async (_, token) => RunSummary.Of(await campaigns.SendLaterAsync(token), "no prompt is due for Later"));

/// <summary>
/// Schedules one weekly job per time zone people's prompts go out in, in that zone so Quartz keeps the local time across
/// DST changes, and the job that brings postponed prompts back; the zones follow the roster as it changes.
/// </summary>
public sealed class CoachingSchedule(ISchedulerFactory schedulers, CoachingCalendar calendar, IRosterChanges roster)
    : RosterSchedule(schedulers, roster)
{
    public const string ZoneKey = "zone";
    public const string LaterJobName = "coaching-later";

    // Every five minutes: a postponed prompt comes back at most that late, and the check is one query for the postponed rows.
    private const string LaterCron = "0 0/5 * * * ?";

    /// <summary><c>coaching-africa-casablanca</c> for <c>Africa/Casablanca</c>.</summary>
    public static string SendJobName(string zoneId) => "coaching-" + zoneId.ToLowerInvariant().Replace('/', '-').Replace('_', '-');

    protected override Task ScheduleFixedAsync(IScheduler scheduler, CancellationToken cancellationToken) =>
        CronJobs.ScheduleAsync<CoachingLaterJob>(scheduler, LaterJobName, LaterCron, TimeZoneInfo.Utc, new Dictionary<string, string>(), cancellationToken);

    protected override IReadOnlyList<CronJob> WantedJobs() =>
        calendar.Zones.Select(zone => new CronJob(typeof(CoachingSendJob), SendJobName(zone), calendar.SendCron,
            TimeZoneInfo.FindSystemTimeZoneById(zone), new Dictionary<string, string> { [ZoneKey] = zone })).ToList();
}
