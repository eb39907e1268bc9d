using CoachBot.Calendar;
using CoachBot.Roster;
using CoachBot.Teams;
using CoachBot.Teams.Delivery;

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
        var audience = await reachable.AudienceAsync(people, cancellationToken);
        // Only people the card can reach get a prompt chosen: a prompt never sent must not count as sent.
        var views = await service.PrepareWeekAsync(audience.Reached, week, cancellationToken);

        var results = new List<CampaignResult>();
        foreach (var track in audience.Reached.GroupBy(CoachingCalendar.TrackOf).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var recipients = track
                .Where(p => views.ContainsKey(p.Id))
                .Select(p => Recipient(audience, p, views[p.Id]))
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
        var audience = await reachable.AudienceAsync(due.Select(d => organization.FindById(d.Stored.Record.MemberId)).OfType<RosterMember>().ToList(), cancellationToken);
        var results = new List<CampaignResult>();
        foreach (var group in due.GroupBy(d => LaterCampaignId(d.Stored.Record.Week, d.Stored.Record.Track, d.Stored.Record.LaterCount)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var recipients = group
                .Select(d => (Member: organization.FindById(d.Stored.Record.MemberId), d.View))
                .Where(d => d.Member is not null && audience.Reaches(d.Member))
                .Select(d => Recipient(audience, d.Member!, d.View))
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

    private Recipient Recipient(Audience audience, RosterMember person, CoachingView view) =>
        audience.Card(person, language => cards.For(view, language));
}
