using CoachBot.Calendar;
using CoachBot.Roster;
using CoachBot.Scheduling;
using CoachBot.Storage;
using CoachBot.Teams;
using CoachBot.Teams.Delivery;
using Quartz;

namespace CoachBot.Coaching;

/// <summary>
/// The weekly prompt of one time zone's people, and the prompts postponed with "Later" coming back, as delivery
/// campaigns. The weekly campaign id is <c>coaching/2026-W48/rep</c>, one per track and week, shared by every zone:
/// the delivery ledger keeps one record per campaign and recipient, so each zone's run adds its own people to it and a
/// rerun, a second instance or a manual run sends nobody anything twice. A prompt postponed for the n-th time comes back
/// in <c>coaching/2026-W48/rep/later-n</c>.
/// </summary>
public sealed class CoachingCampaigns(
    CoachingCalendar calendar,
    CoachingService service,
    CoachingCards cards,
    ReachableMembers reachable,
    Organization organization,
    DeliveryEngine engine,
    TimeProvider clock,
    ILogger<CoachingCampaigns> logger)
{
    public static string CampaignId(IsoWeek week, string track) => $"coaching/{week}/{track}";

    public static string LaterCampaignId(IsoWeek week, string track, int time) => $"coaching/{week}/{track}/later-{time}";

    /// <summary>Chooses, stores and sends this week's prompt to everyone whose prompt goes out in <paramref name="zoneId"/>.</summary>
    public async Task<IReadOnlyList<CampaignResult>> SendWeekAsync(string zoneId, CancellationToken cancellationToken)
    {
        var week = calendar.WeekIn(zoneId, clock.GetUtcNow());
        var people = calendar.MembersIn(zoneId);
        var objectIds = await reachable.ObjectIdsAsync(people, cancellationToken);
        // Only people the card can reach get a prompt chosen: a prompt never sent must not count as sent.
        var reached = people.Where(p => objectIds.ContainsKey(p.Id)).ToList();
        var views = await service.PrepareWeekAsync(reached, week, cancellationToken);

        var results = new List<CampaignResult>();
        foreach (var track in reached.GroupBy(CoachingCalendar.TrackOf).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var recipients = track
                .Where(p => views.ContainsKey(p.Id))
                .Select(p => Recipient(p, objectIds[p.Id], views[p.Id]))
                .ToList();
            var campaignId = CampaignId(week, track.Key);
            Log.CampaignPrepared(logger, campaignId, people.Count(p => CoachingCalendar.TrackOf(p) == track.Key), recipients.Count, track.Count() - recipients.Count);
            results.Add(await engine.RunAsync(new Campaign(campaignId, recipients), cancellationToken));
        }
        return results;
    }

    /// <summary>Sends again every prompt whose "Later" is due, then notes it was re-sent: one read of the coaching table.</summary>
    public async Task<IReadOnlyList<CampaignResult>> SendLaterAsync(CancellationToken cancellationToken)
    {
        var due = await service.DueLaterAsync(cancellationToken);
        if (due.Count == 0)
        {
            return [];
        }
        var objectIds = await reachable.ObjectIdsAsync(due.Select(d => organization.FindById(d.Stored.Record.MemberId)).OfType<RosterMember>(), cancellationToken);
        var results = new List<CampaignResult>();
        foreach (var group in due.GroupBy(d => LaterCampaignId(d.Stored.Record.Week, d.Stored.Record.Track, d.Stored.Record.LaterCount)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var recipients = group
                .Where(d => objectIds.ContainsKey(d.Stored.Record.MemberId))
                .Select(d => Recipient(organization.FindById(d.Stored.Record.MemberId)!, objectIds[d.Stored.Record.MemberId], d.View))
                .ToList();
            Log.CampaignPrepared(logger, group.Key, group.Count(), recipients.Count, group.Count() - recipients.Count);
            results.Add(await engine.RunAsync(new Campaign(group.Key, recipients), cancellationToken));
            // After the campaign: if this instance dies before noting it, the next check finds it due again, and the
            // ledger sends nothing twice.
            foreach (var (stored, _) in group)
            {
                await service.MarkResentAsync(stored, cancellationToken);
            }
        }
        return results;
    }

    private Recipient Recipient(RosterMember person, string objectId, CoachingView view) =>
        new(objectId, async token => cards.For(view, await reachable.LanguageAsync(person, objectId, token)));
}

/// <summary>Sends the week's coaching prompt to the people of one time zone (job <c>coaching-&lt;zone&gt;</c>).</summary>
[DisallowConcurrentExecution]
public sealed class CoachingSendJob(CoachingCampaigns campaigns, Leases leases, ILogger<CoachingSendJob> logger, TimeProvider clock)
    : SingleInstanceJob(leases, logger, clock)
{
    protected override Task RunOnceAsync(IJobExecutionContext context, CancellationToken cancellationToken) =>
        campaigns.SendWeekAsync(context.MergedJobDataMap.GetString(CoachingSchedule.ZoneKey)!, cancellationToken);
}

/// <summary>Sends back the prompts postponed with "Later" once their time has come (job <c>coaching-later</c>, every few minutes).</summary>
[DisallowConcurrentExecution]
public sealed class CoachingLaterJob(CoachingCampaigns campaigns, Leases leases, ILogger<CoachingLaterJob> logger, TimeProvider clock)
    : SingleInstanceJob(leases, logger, clock)
{
    protected override Task RunOnceAsync(IJobExecutionContext context, CancellationToken cancellationToken) => campaigns.SendLaterAsync(cancellationToken);
}

/// <summary>
/// Schedules one weekly job per time zone people's prompts go out in, in that zone so Quartz keeps the local time across
/// DST changes, and the job that brings postponed prompts back; the zones follow the roster as it changes.
/// </summary>
public sealed class CoachingSchedule(ISchedulerFactory schedulers, CoachingCalendar calendar, IRosterChanges roster) : IHostedService
{
    public const string ZoneKey = "zone";
    public const string LaterJobName = "coaching-later";

    // Every five minutes: a postponed prompt comes back at most that late, and the check is one query for the postponed rows.
    private const string LaterCron = "0 0/5 * * * ?";

    private readonly HashSet<string> _scheduled = new(StringComparer.Ordinal);

    /// <summary><c>coaching-africa-casablanca</c> for <c>Africa/Casablanca</c>.</summary>
    public static string SendJobName(string zoneId) => "coaching-" + zoneId.ToLowerInvariant().Replace('/', '-').Replace('_', '-');

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await SyncAsync(cancellationToken);
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await CronJobs.ScheduleAsync<CoachingLaterJob>(scheduler, LaterJobName, LaterCron, TimeZoneInfo.Utc, new Dictionary<string, string>(), cancellationToken);
        roster.Subscribe((_, token) => SyncAsync(token));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task SyncAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var wanted = calendar.Zones.Select(zone => new CronJob(typeof(CoachingSendJob), SendJobName(zone), calendar.SendCron,
            TimeZoneInfo.FindSystemTimeZoneById(zone), new Dictionary<string, string> { [ZoneKey] = zone })).ToList();
        await CronJobs.SyncAsync(scheduler, wanted, _scheduled, cancellationToken);
    }
}
