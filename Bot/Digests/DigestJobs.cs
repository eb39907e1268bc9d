using CoachBot.Calendar;
using CoachBot.Reach;
using CoachBot.Roster;
using CoachBot.Scheduling;
using CoachBot.Storage;
using CoachBot.Teams;
using CoachBot.Teams.Delivery;
using Microsoft.Extensions.Options;
using System.Text.Json.Nodes;
using Quartz;

namespace CoachBot.Digests;

/// <summary>
/// The weekly digests as delivery campaigns, named for the week reported and the audience
/// (<c>digest/2026-W48/director</c>, <c>digest/2026-W48/sponsors</c>, <c>digest/2026-W48/lead-pumps</c>), so a rerun, a
/// second instance or a manual run sends nobody the same digest twice. Each run reads each table once, whatever the
/// number of recipients.
/// </summary>
public sealed class DigestCampaigns(
    Organization organization,
    DigestService service,
    DigestCards cards,
    ReachableMembers reachable,
    DeliveryEngine engine,
    IEnumerable<IReachDirectory> reachDirectories,
    ILogger<DigestCampaigns> logger)
{
    private readonly IReachDirectory? _reach = reachDirectories.FirstOrDefault();

    public static string CampaignId(IsoWeek week, string audience) => $"digest/{week}/{audience.ToLowerInvariant()}";

    public async Task<CampaignResult> SendDirectorAsync(CancellationToken cancellationToken)
    {
        var week = service.ReportedWeek(organization.DirectorTimeZone);
        var directors = organization.Members.Where(m => m.Has(Role.Director)).ToList();
        var snapshot = await service.ReadAsync(cancellationToken);
        // Who the bot cannot reach, read once for the campaign (null when reach is not there).
        var unreachable = _reach is null ? null : (await _reach.ListAsync(cancellationToken)).Where(r => !r.IsReachable).ToList();
        return await RunAsync(CampaignId(week, "director"), directors, (director, language) =>
            cards.Digest(service.DirectorFigures(snapshot, director, week), language, unreachable: unreachable), cancellationToken);
    }

    public async Task<CampaignResult> SendSponsorsAsync(CancellationToken cancellationToken)
    {
        var week = service.ReportedWeek(organization.DirectorTimeZone);
        var sponsors = organization.Members.Where(m => m.Has(Role.Sponsor)).ToList();
        var snapshot = await service.ReadAsync(cancellationToken);
        return await RunAsync(CampaignId(week, "sponsors"), sponsors, (sponsor, language) =>
            cards.Digest(service.SponsorFigures(snapshot, sponsor, week), language, sponsor, service.EscalatedTo(snapshot, sponsor), snapshot.Now), cancellationToken);
    }

    public async Task<CampaignResult> SendLeadsAsync(string businessUnitId, CancellationToken cancellationToken)
    {
        var unit = organization.BusinessUnits[businessUnitId];
        var zone = DigestSchedule.ZoneOf(unit, organization);
        var week = service.ReportedWeek(zone);
        var leads = organization.Members.Where(m => m.LedBusinessUnits.Contains(unit.Id, StringComparer.OrdinalIgnoreCase)).ToList();
        var snapshot = await service.ReadAsync(cancellationToken);
        var requests = service.RequestsOf(snapshot, unit.Id);
        var figures = service.LeadFigures(requests, week, zone, snapshot.Now);
        var objective = DigestFigures.Objective(unit, requests, snapshot.Now, zone);
        var wins = service.WinsCreditedThisQuarter(snapshot, unit.Id, DigestFigures.LocalDate(snapshot.Now, zone));
        return await RunAsync(CampaignId(week, $"lead-{unit.Id}"), leads, (_, language) => cards.Lead(unit, week, figures, objective, language, wins), cancellationToken);
    }

    private async Task<CampaignResult> RunAsync(string campaignId, IReadOnlyList<RosterMember> people, Func<RosterMember, string, JsonObject> card, CancellationToken cancellationToken)
    {
        var audience = await reachable.AudienceAsync(people, cancellationToken);
        var recipients = audience.Reached.Select(person => audience.Card(person, language => card(person, language))).ToList();
        Log.CampaignPrepared(logger, campaignId, recipients.Count, people.Count, audience.Unreached);
        return await engine.RunAsync(new Campaign(campaignId, recipients), cancellationToken);
    }
}

/// <summary>The director's weekly digest (job <c>digest-director</c>); missed while down, it goes out within a day, in its week.</summary>
[DisallowConcurrentExecution]
public sealed class DirectorDigestJob(DigestCampaigns campaigns, Leases leases, ILogger<DirectorDigestJob> logger, TimeProvider clock)
    : CampaignJob(leases, logger, clock, async (_, token) => RunSummary.Of(await campaigns.SendDirectorAsync(token), "no director in the roster can be reached"))
{
    protected override DateTimeOffset? UsefulUntil(JobDataMap data, DateTimeOffset due, TimeZoneInfo zone) => ADayLaterInItsWeek(due, zone);
}

/// <summary>The sponsors' weekly digests (job <c>digest-sponsors</c>).</summary>
[DisallowConcurrentExecution]
public sealed class SponsorDigestJob(DigestCampaigns campaigns, Leases leases, ILogger<SponsorDigestJob> logger, TimeProvider clock)
    : CampaignJob(leases, logger, clock, async (_, token) => RunSummary.Of(await campaigns.SendSponsorsAsync(token), "no sponsor in the roster can be reached"))
{
    protected override DateTimeOffset? UsefulUntil(JobDataMap data, DateTimeOffset due, TimeZoneInfo zone) => ADayLaterInItsWeek(due, zone);
}

/// <summary>A BU's leads' weekly digest (job <c>digest-lead-&lt;bu&gt;</c>).</summary>
[DisallowConcurrentExecution]
public sealed class LeadDigestJob(DigestCampaigns campaigns, Leases leases, ILogger<LeadDigestJob> logger, TimeProvider clock)
    : CampaignJob(leases, logger, clock, async (data, token) => RunSummary.Of(await campaigns.SendLeadsAsync(data.GetString(DigestSchedule.BusinessUnitKey)!, token),
        $"no lead of {data.GetString(DigestSchedule.BusinessUnitKey)} can be reached"))
{
    protected override DateTimeOffset? UsefulUntil(JobDataMap data, DateTimeOffset due, TimeZoneInfo zone) => ADayLaterInItsWeek(due, zone);
}

/// <summary>
/// Schedules the digests at start, on <see cref="DigestOptions.SendDay"/> at <see cref="DigestOptions.SendTime"/>:
/// the director's in <see cref="Organization.DirectorTimeZone"/>; the sponsors' in the same zone, because Comex members
/// sit at headquarters with the director, whatever the zones of the regions they sponsor (a sponsor of MEA and APAC has
/// no single regional zone); each BU's leads in the BU's own zone when the roster gives one, else the director's.
/// </summary>
public sealed class DigestSchedule(ISchedulerFactory schedulers, Organization organization, IOptions<DigestOptions> options)
    : RosterSchedule(schedulers, organization)
{
    public const string BusinessUnitKey = "bu";
    public const string DirectorJobName = "digest-director";
    public const string SponsorJobName = "digest-sponsors";
    public const string ExportWinsJobName = "export-wins";

    public static string LeadJobName(string businessUnitId) => $"digest-lead-{businessUnitId.ToLowerInvariant()}";

    public static TimeZoneInfo ZoneOf(BusinessUnitOptions unit, Organization organization) =>
        string.IsNullOrWhiteSpace(unit.TimeZone) ? organization.DirectorTimeZone : TimeZoneInfo.FindSystemTimeZoneById(unit.TimeZone);

    /// <summary>The digests the roster asks for now: a new BU's leads get theirs, a BU left with no lead loses its job.</summary>
    protected override IReadOnlyList<CronJob> WantedJobs()
    {
        var cron = CronJobs.Weekly(options.Value.SendDay, options.Value.SendTime);
        var none = new Dictionary<string, string>();
        var wanted = new List<CronJob>();
        if (organization.Members.Any(m => m.Has(Role.Director)))
        {
            wanted.Add(new CronJob(typeof(DirectorDigestJob), DirectorJobName, cron, organization.DirectorTimeZone, none));
        }
        if (organization.Members.Any(m => m.Has(Role.Sponsor)))
        {
            wanted.Add(new CronJob(typeof(SponsorDigestJob), SponsorJobName, cron, organization.DirectorTimeZone, none));
        }
        // The monthly "Export wins", on the first day of the month at the digests' time, in the director's zone.
        if (organization.Members.Any(m => m.Has(Role.Director) || m.Has(Role.Sponsor)))
        {
            wanted.Add(new CronJob(typeof(ExportWinsJob), ExportWinsJobName, CronJobs.Monthly(1, options.Value.SendTime), organization.DirectorTimeZone, none));
        }
        wanted.AddRange(organization.BusinessUnits.Values.Where(u => u.Leads.Count > 0).Select(unit => new CronJob(typeof(LeadDigestJob),
            LeadJobName(unit.Id), cron, ZoneOf(unit, organization), new Dictionary<string, string> { [BusinessUnitKey] = unit.Id })));
        return wanted;
    }
}
