using CoachBot.Calendar;
using CoachBot.Roster;
using CoachBot.Scheduling;
using CoachBot.Storage;
using CoachBot.Teams;
using CoachBot.Teams.Delivery;
using Quartz;

namespace CoachBot.CheckIns;

/// <summary>
/// The weekly check-in and its reminder for one region, as delivery campaigns. Campaign ids name the week and region
/// (<c>checkin/2026-W48/mea</c>, <c>checkin-reminder/2026-W48/mea</c>), so a rerun, a second instance or a manual run
/// sends nobody anything twice.
/// </summary>
public sealed class CheckInCampaigns(
    Organization organization,
    CheckInCalendar calendar,
    CheckInStore store,
    CheckInCards cards,
    ReachableMembers reachable,
    DeliveryEngine engine,
    TimeProvider clock,
    ILogger<CheckInCampaigns> logger)
{
    public static string CheckInCampaignId(IsoWeek week, string regionId) => $"checkin/{week}/{regionId.ToLowerInvariant()}";

    public static string ReminderCampaignId(IsoWeek week, string regionId) => $"checkin-reminder/{week}/{regionId.ToLowerInvariant()}";

    /// <summary>Sends the open week's card to the region's reps who have not answered it and are not away today. Null when the region has no check-in this week.</summary>
    public async Task<CampaignResult?> SendCheckInAsync(string regionId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var week = calendar.OpenWeek(regionId, now);
        if (calendar.WorkingDays(regionId, week).Count == 0)
        {
            Log.SkippedHolidayWeek(logger, regionId, week.ToString());
            return null;
        }
        return await RunAsync(CheckInCampaignId(week, regionId), regionId, week, reminder: false, cancellationToken);
    }

    /// <summary>Sends the card once more, to the region's reps who have not answered the week yet, while it is open.</summary>
    public async Task<CampaignResult?> SendReminderAsync(string regionId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var week = calendar.OpenWeek(regionId, now);
        if (calendar.WorkingDays(regionId, week).Count == 0 || now < calendar.SendAt(regionId, week) || calendar.IsClosed(regionId, week, now))
        {
            Log.SkippedReminder(logger, regionId, week.ToString());
            return null;
        }
        return await RunAsync(ReminderCampaignId(week, regionId), regionId, week, reminder: true, cancellationToken);
    }

    private async Task<CampaignResult> RunAsync(string campaignId, string regionId, IsoWeek week, bool reminder, CancellationToken cancellationToken)
    {
        var today = calendar.LocalDate(regionId, clock.GetUtcNow());
        var reps = organization.Members.Where(m => m.Has(Role.Rep) && string.Equals(m.RegionId, regionId, StringComparison.OrdinalIgnoreCase)).ToList();
        var audience = await reachable.AudienceAsync(reps, cancellationToken);

        var recipients = new List<Recipient>();
        var away = 0;
        var answered = 0;
        foreach (var rep in audience.Reached)
        {
            var status = await store.ReadWeekAndAwayAsync(rep.Id, week, cancellationToken);
            if (status.Away?.Covers(today) == true)
            {
                away++;
                continue;
            }
            if (status.CheckIn is not null)
            {
                answered++;
                continue;
            }
            recipients.Add(audience.Card(rep, language => cards.Form(cards.BlankForm(regionId, week, reminder), language)));
        }
        Log.CampaignPrepared(logger, campaignId, reps.Count, recipients.Count, away, answered, audience.Unreached);
        return await engine.RunAsync(new Campaign(campaignId, recipients), cancellationToken);
    }
}

/// <summary>Sends a region's weekly check-in (job <c>checkin-&lt;region&gt;</c>).</summary>
[DisallowConcurrentExecution]
public sealed class CheckInSendJob(CheckInCampaigns campaigns, Leases leases, ILogger<CheckInSendJob> logger, TimeProvider clock)
    : CampaignJob(leases, logger, clock, (data, token) => campaigns.SendCheckInAsync(data.GetString(CheckInSchedule.RegionKey)!, token));

/// <summary>Reminds a region's reps who have not answered (job <c>checkin-reminder-&lt;region&gt;</c>).</summary>
[DisallowConcurrentExecution]
public sealed class CheckInReminderJob(CheckInCampaigns campaigns, Leases leases, ILogger<CheckInReminderJob> logger, TimeProvider clock)
    : CampaignJob(leases, logger, clock, (data, token) => campaigns.SendReminderAsync(data.GetString(CheckInSchedule.RegionKey)!, token));

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
