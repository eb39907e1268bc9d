using CoachBot.Roster;
using CoachBot.Teams;
using CoachBot.Teams.Delivery;

namespace CoachBot.SupportRequests;

/// <summary>
/// Every message about a request, as delivery campaigns whose ids name the request and the transition
/// (<c>request/REQ-2026-0042/opened</c>, <c>request/REQ-2026-0042/3-acknowledged/lead</c>), so a retried turn or a
/// timer fired twice sends nothing twice. Each card sent is kept as a copy (role, person, activity id) so every later
/// change updates every copy in place.
/// </summary>
public sealed class SupportRequestCampaigns(
    Organization organization,
    SupportRequestStore store,
    SupportRequestCards cards,
    ReachableMembers reachable,
    DeliveryEngine engine,
    ILogger<SupportRequestCampaigns> logger)
{
    public static string OpenedCampaignId(string reference) => $"request/{reference}/opened";

    public static string RepCardCampaignId(string reference) => $"request/{reference}/rep";

    public static string HolderCampaignId(string reference, CopyRole role) => $"request/{reference}/{role.ToString().ToLowerInvariant()}";

    /// <summary>The campaign of one transition (the trail's n-th line) for one kind of recipient.</summary>
    public static string StepCampaignId(SupportRequest request, string what) =>
        $"request/{request.Reference}/{request.Trail.Count}-{request.Trail[^1].Action.ToString().ToLowerInvariant()}/{what}";

    /// <summary>A new request: its card to the rep (the copy they follow it on) and to each of the BU's leads.</summary>
    public async Task SendOpenedAsync(SupportRequest request, CancellationToken cancellationToken)
    {
        var rep = Member(request.RepMemberId);
        if (rep is not null)
        {
            await SendCardsAsync(request, RepCardCampaignId(request.Reference), CopyRole.Rep, [rep], cancellationToken);
        }
        await SendCardsAsync(request, OpenedCampaignId(request.Reference), CopyRole.Lead, Leads(request), cancellationToken);
    }

    /// <summary>
    /// After a change: every copy updated in place, the new holder's card when the ladder climbed, the leads' reminder
    /// after a nudge, and a sentence to the rep when someone else moved their request.
    /// </summary>
    public async Task OnChangedAsync(SupportRequest before, SupportRequest after, CancellationToken cancellationToken)
    {
        var last = after.Trail[^1];
        await UpdateCopiesAsync(after, cancellationToken);
        switch (last.Action)
        {
            case RequestAction.EscalatedToDirector:
                await SendCardsAsync(after, HolderCampaignId(after.Reference, CopyRole.Director), CopyRole.Director,
                    organization.Members.Where(m => m.Has(Role.Director)).ToList(), cancellationToken);
                break;
            case RequestAction.EscalatedToSponsor:
                await SendCardsAsync(after, HolderCampaignId(after.Reference, CopyRole.Sponsor), CopyRole.Sponsor,
                    organization.Members.Where(m => RequestPermissions.SponsorsRegion(m, after)).ToList(), cancellationToken);
                break;
            case RequestAction.Nudged:
                await SendTextAsync(after, StepCampaignId(after, "leads"), Leads(after), language => cards.NudgeSentence(after, language), cancellationToken);
                break;
        }
        if (last.ActorMemberId != after.RepMemberId && Member(after.RepMemberId) is { } rep)
        {
            await SendTextAsync(after, StepCampaignId(after, "rep"), [rep], language => cards.RepSentence(after, language), cancellationToken);
        }
    }

    private async Task SendCardsAsync(SupportRequest request, string campaignId, CopyRole role, IReadOnlyList<RosterMember> members, CancellationToken cancellationToken)
    {
        var audience = await reachable.AudienceAsync(members, cancellationToken);
        var recipients = audience.Reached.Select(member => (Member: member, Recipient: audience.Card(member, async (language, token) =>
        {
            // The card as it stands when it is sent: a resumed campaign shows the current state, not the old one.
            var current = await CurrentAsync(request, token);
            return cards.Request(current, role, language, banner: cards.Banner(current, role, language));
        }))).ToList();
        if (await RunAsync(request, new Campaign(campaignId, recipients.Select(r => r.Recipient).ToList()), cancellationToken) is not { } result)
        {
            return;
        }
        // By object id: the order they had when they were read back from the ledger.
        var copies = recipients
            .Select(r => (r.Member, ObjectId: RosterIdentity.NormalizeObjectId(r.Recipient.AadObjectId), ActivityId: result.ActivityIdOf(r.Recipient)))
            .Where(r => r.ActivityId is not null)
            .DistinctBy(r => r.ObjectId, StringComparer.Ordinal)
            .OrderBy(r => r.ObjectId, StringComparer.Ordinal)
            .Select(r => new CardCopy(role, r.Member.Id, r.ObjectId, r.ActivityId!))
            .ToList();
        await store.AddCopiesAsync(request.Reference, copies, cancellationToken);
    }

    /// <summary>Every copy of the card, in each holder's role and language, replaced by the request as it stands.</summary>
    private async Task UpdateCopiesAsync(SupportRequest request, CancellationToken cancellationToken)
    {
        foreach (var group in request.Copies.GroupBy(c => c.Role))
        {
            var recipients = new List<Recipient>();
            foreach (var copy in group)
            {
                // Someone who left the roster, or no longer holds that role, keeps their copy as it was.
                if (Member(copy.MemberId) is not { } member || !RequestPermissions.Holds(member, copy.Role, request))
                {
                    continue;
                }
                // Built when sent, from the request as it stands then: a later change's update never goes out older.
                recipients.Add(reachable.Card(member, copy.AadObjectId, async (language, token) =>
                    cards.Request(await CurrentAsync(request, token), copy.Role, language)) with { UpdateActivityId = copy.ActivityId });
            }
            await RunAsync(request, new Campaign(StepCampaignId(request, "update-" + group.Key.ToString().ToLowerInvariant()), recipients), cancellationToken);
        }
    }

    private async Task SendTextAsync(SupportRequest request, string campaignId, IReadOnlyList<RosterMember> members, Func<string, string> sentence, CancellationToken cancellationToken)
    {
        var audience = await reachable.AudienceAsync(members, cancellationToken);
        await RunAsync(request, new Campaign(campaignId, await audience.TextsAsync(sentence, cancellationToken)), cancellationToken);
    }

    /// <summary>Runs a campaign; a failure is logged and does not undo the change already stored (a rerun of the same id resumes it). Null when it did not run.</summary>
    private async Task<CampaignResult?> RunAsync(SupportRequest request, Campaign campaign, CancellationToken cancellationToken)
    {
        if (campaign.Recipients.Count == 0)
        {
            return null;
        }
        try
        {
            return await engine.RunAsync(campaign, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.CampaignFailed(logger, ex, request.Reference, campaign.Id);
            return null;
        }
    }

    /// <summary>The request as it stands now (built into a card when it is sent, so a later card never goes out older).</summary>
    private async Task<SupportRequest> CurrentAsync(SupportRequest request, CancellationToken cancellationToken) =>
        (await store.GetAsync(request.Reference, cancellationToken))?.Request ?? request;

    private List<RosterMember> Leads(SupportRequest request) => organization.Members.Where(m => RequestPermissions.LeadsUnit(m, request)).ToList();

    private RosterMember? Member(string memberId) => organization.FindById(memberId);
}
