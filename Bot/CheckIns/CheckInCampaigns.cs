using CoachBot.Calendar;
using CoachBot.Roster;
using CoachBot.Scheduling;
using CoachBot.Teams;
using CoachBot.Teams.Delivery;

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
    public async Task<CampaignResult?> SendCheckInAsync(string regionId, CancellationToken cancellationToken) =>
        (await CheckInRunAsync(regionId, cancellationToken)).Result;

    /// <summary>Sends the card once more, to the region's reps who have not answered the week yet, while it is open.</summary>
    public async Task<CampaignResult?> SendReminderAsync(string regionId, CancellationToken cancellationToken) =>
        (await ReminderRunAsync(regionId, cancellationToken)).Result;

    /// <summary>The check-in send, with what it sent or why nothing, in an operator's words (the job's answer).</summary>
    public async Task<CheckInRun> CheckInRunAsync(string regionId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var week = calendar.OpenWeek(regionId, now);
        if (calendar.WorkingDays(regionId, week).Count == 0)
        {
            Log.SkippedHolidayWeek(logger, regionId, week.ToString());
            return new CheckInRun(null, RunSummary.Nothing($"holiday week {week} in region {regionId}: no working day"));
        }
        return await RunAsync(CheckInCampaignId(week, regionId), regionId, week, reminder: false, cancellationToken);
    }

    /// <summary>The reminder, with what it sent or why nothing, in an operator's words (the job's answer).</summary>
    public async Task<CheckInRun> ReminderRunAsync(string regionId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var week = calendar.OpenWeek(regionId, now);
        if (calendar.WorkingDays(regionId, week).Count == 0)
        {
            Log.SkippedReminder(logger, regionId, week.ToString());
            return new CheckInRun(null, RunSummary.Nothing($"holiday week {week} in region {regionId}: no working day"));
        }
        if (now < calendar.SendAt(regionId, week) || calendar.IsClosed(regionId, week, now))
        {
            Log.SkippedReminder(logger, regionId, week.ToString());
            return new CheckInRun(null, RunSummary.Nothing(
                $"the reminder is sent only between the check-in's send ({calendar.SendAt(regionId, week):u}) and its cut-off ({calendar.CutOffAt(regionId, week):u}); it is {now:u}"));
        }
        return await RunAsync(ReminderCampaignId(week, regionId), regionId, week, reminder: true, cancellationToken);
    }

    private async Task<CheckInRun> RunAsync(string campaignId, string regionId, IsoWeek week, bool reminder, CancellationToken cancellationToken)
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
            recipients.Add(audience.Card(rep, language => cards.Form(cards.BlankForm(regionId, week, reminder, status.LastShareWin), language)));
        }
        Log.CampaignPrepared(logger, campaignId, reps.Count, recipients.Count, away, answered, audience.Unreached);
        var result = await engine.RunAsync(new Campaign(campaignId, recipients), cancellationToken);
        return new CheckInRun(result, RunSummary.Of(result,
            reps.Count == 0
                ? $"region {regionId} has no rep"
                : $"every rep of {regionId} has answered ({answered}), is away ({away}) or cannot be reached ({audience.Unreached}) for {campaignId}"));
    }
}

/// <summary>A check-in or reminder send: the campaign's result (null when none ran) and the job's summary of it.</summary>
public sealed record CheckInRun(CampaignResult? Result, RunSummary Summary);
