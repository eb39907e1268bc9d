using System.Globalization;
using System.Text.Json.Nodes;
using CoachBot.Calendar;
using CoachBot.Cards;
using CoachBot.CheckIns;
using CoachBot.Localization;
using CoachBot.Roster;
using CoachBot.Scheduling;
using CoachBot.Storage;
using CoachBot.SupportRequests;
using CoachBot.Teams;
using CoachBot.Teams.Delivery;
using Quartz;

namespace CoachBot.Digests;

/// <summary>
/// What export brings the BUs, sent: the thanks card to the leads of the BU a shared win credits (campaign
/// <c>win-thanks/2026-W48/{rep}/{bu}</c>, once per rep, week and BU, however often the answer is corrected), and the
/// monthly "Export wins" card to the sponsors and the director (<c>export-wins/2026-11</c>): the month's shared wins by
/// region with the BUs credited.
/// </summary>
public sealed class WinCampaigns(
    Organization organization,
    DigestService service,
    ISupportRequestHistory requestHistory,
    Texts texts,
    ReachableMembers reachable,
    DeliveryEngine engine,
    TimeProvider clock,
    ILogger<WinCampaigns> logger) : ICheckInStored
{
    /// <summary>Wins listed per region on the monthly card before "… and N more in the Dashboard".</summary>
    public const int MaxWinsPerRegion = 8;

    public static string ThanksCampaignId(IsoWeek week, string repId, string businessUnitId) =>
        $"win-thanks/{week}/{TableKeys.Escape(repId).ToLowerInvariant()}/{businessUnitId.ToLowerInvariant()}";

    public static string MonthlyCampaignId(int year, int month) => string.Create(CultureInfo.InvariantCulture, $"export-wins/{year:D4}-{month:D2}");

    public async Task OnStoredAsync(RosterMember rep, WeeklyCheckIn checkIn, CancellationToken cancellationToken)
    {
        if (!checkIn.Answer.ShareWin || checkIn.Answer.Win.Length == 0)
        {
            return;
        }
        var requests = checkIn.Answer.WinBusinessUnit is null ? await requestHistory.ListAllAsync(cancellationToken) : [];
        var win = RepVoices.Win(rep, checkIn, requests);
        if (win.CreditedBusinessUnit is not { } unitId || !organization.BusinessUnits.TryGetValue(unitId, out var unit))
        {
            return;
        }
        var leads = organization.Members.Where(m => m.LedBusinessUnits.Contains(unit.Id, StringComparer.OrdinalIgnoreCase)).ToList();
        var campaignId = ThanksCampaignId(checkIn.Week, rep.Id, unit.Id);
        Log.WinCredited(logger, checkIn.Week.ToString(), unit.Id, campaignId);
        await RunAsync(campaignId, leads, language => Thanks(win, unit, language), cancellationToken);
    }

    /// <summary>The short thanks card: who, for which customer, after which request, and the win in the rep's words.</summary>
    public JsonObject Thanks(RepWin win, BusinessUnitOptions unit, string language) => CardTemplate.Load("Digests/Cards/thanks.json").Fill(new JsonObject
    {
        ["title"] = texts.Format(language, "thanks_title", Name(unit)),
        ["intro"] = win.RequestReference is { } reference
            ? texts.Format(language, "thanks_intro_request", win.Rep.Name, win.Customer, reference)
            : texts.Format(language, win.Customer.Length > 0 ? "thanks_intro" : "thanks_intro_no_customer", win.Rep.Name, win.Customer),
        ["quote"] = texts.Format(language, "thanks_quote", RepVoices.Cut(win.Text, DigestCards.MaxQuote)),
        ["footer"] = texts.Get(language, "thanks_footer"),
    });

    /// <summary>The month before now (in the director's zone): its shared wins by region, sent to the sponsors and the director.</summary>
    public async Task<CampaignResult> SendMonthlyAsync(CancellationToken cancellationToken)
    {
        var today = DigestFigures.LocalDate(clock.GetUtcNow(), organization.DirectorTimeZone);
        var month = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        var snapshot = await service.ReadAsync(cancellationToken);
        var reps = organization.Members.Where(m => m.Has(Role.Rep) && m.RegionId is not null).ToList();
        var histories = reps.Select(r => service.History(snapshot.CheckIns, r, IsoWeek.Of(month).Plus(-1), 7)).ToList();
        // A week belongs to the month its Thursday falls in (as ISO weeks belong to years).
        var wins = RepVoices.Wins(histories, w => w.Monday.AddDays(3) is var thursday && thursday.Year == month.Year && thursday.Month == month.Month, snapshot.Requests)
            .Where(w => w.Shared).ToList();
        var people = organization.Members.Where(m => m.Has(Role.Sponsor) || m.Has(Role.Director)).ToList();
        return await RunAsync(MonthlyCampaignId(month.Year, month.Month), people, language => Monthly(month, wins, language), cancellationToken);
    }

    public JsonObject Monthly(DateOnly month, IReadOnlyList<RepWin> wins, string language)
    {
        var regions = new JsonArray();
        foreach (var region in organization.Options.Regions)
        {
            var inRegion = wins.Where(w => string.Equals(w.Rep.RegionId, region.Id, StringComparison.OrdinalIgnoreCase)).ToList();
            if (inRegion.Count == 0)
            {
                continue;
            }
            var (shown, leftOut) = CardList.Newest(inRegion, MaxWinsPerRegion);
            var lines = new JsonArray(shown.Select(w => (JsonNode)new JsonObject
            {
                ["line"] = texts.Format(language, "digest_quote_line", w.Rep.Name, RepVoices.Cut(w.Text, DigestCards.MaxQuote))
                    + string.Concat(new[] { w.Customer, w.CreditedBusinessUnit is { } unit ? texts.Format(language, "digest_win_credit", Name(unit)) : "" }
                        .Where(p => p.Length > 0).Select(p => " · " + p)),
            }).ToArray());
            if (leftOut > 0)
            {
                lines.Add(new JsonObject { ["line"] = texts.Plural(language, "digest_voices_more", leftOut) });
            }
            regions.Add(new JsonObject { ["heading"] = texts.Plural(language, "export_wins_region", inRegion.Count, region.Name), ["lines"] = lines });
        }
        var credited = wins.Where(w => w.CreditedBusinessUnit is not null).GroupBy(w => w.CreditedBusinessUnit!, StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(g => g.Count()).Select(g => texts.Plural(language, "export_wins_bu", g.Count(), Name(g.Key))).ToList();
        return CardTemplate.Load("Digests/Cards/export-wins.json").Fill(new JsonObject
        {
            ["title"] = texts.Format(language, "export_wins_title", MonthName(month, language)),
            ["intro"] = texts.Plural(language, "export_wins_intro", wins.Count),
            ["regions"] = regions,
            ["credited"] = credited.Count == 0 ? texts.Get(language, "export_wins_no_bu") : texts.Format(language, "export_wins_credited", string.Join(" · ", credited)),
        });
    }

    private static string MonthName(DateOnly month, string language) =>
        month.ToString("MMMM yyyy", CultureInfo.GetCultureInfo(language));

    private string Name(BusinessUnitOptions unit) => unit.Name.Length > 0 ? unit.Name : unit.Id;

    private string Name(string unitId) => organization.BusinessUnits.TryGetValue(unitId, out var unit) ? Name(unit) : unitId;

    private async Task<CampaignResult> RunAsync(string campaignId, IReadOnlyList<RosterMember> people, Func<string, JsonObject> card, CancellationToken cancellationToken)
    {
        var audience = await reachable.AudienceAsync(people, cancellationToken);
        var recipients = audience.Reached.Select(person => audience.Card(person, card)).ToList();
        Log.CampaignPrepared(logger, campaignId, recipients.Count, people.Count, audience.Unreached);
        return await engine.RunAsync(new Campaign(campaignId, recipients), cancellationToken);
    }
}

/// <summary>
/// The monthly "Export wins" card (job <c>export-wins</c>, first day of the month in the director's zone). Missed while
/// the service was down, it is still sent during the month's first week (it reports on the month before, whatever the
/// day it goes out); later, it is recorded as missed.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ExportWinsJob(WinCampaigns campaigns, Leases leases, ILogger<ExportWinsJob> logger, TimeProvider clock)
    : CampaignJob(leases, logger, clock, async (_, token) => RunSummary.Of(await campaigns.SendMonthlyAsync(token), "nobody the export wins card goes to can be reached"))
{
    public static readonly TimeSpan UsefulFor = TimeSpan.FromDays(7);

    protected override DateTimeOffset? UsefulUntil(JobDataMap data, DateTimeOffset due, TimeZoneInfo zone) => due + UsefulFor;
}
