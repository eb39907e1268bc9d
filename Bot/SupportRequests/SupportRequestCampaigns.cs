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
    ConversationReferenceStore references,
    ReachableMembers reachable,
    DeliveryEngine engine,
    DeliveryLedger ledger,
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
        var recipients = new List<Recipient>();
        var byObjectId = new Dictionary<string, RosterMember>(StringComparer.OrdinalIgnoreCase);
        foreach (var member in members)
        {
            if (await ObjectIdAsync(member, cancellationToken) is not { } objectId)
            {
                continue;
            }
            byObjectId[objectId] = member;
            recipients.Add(new Recipient(objectId, async token =>
            {
                // The card as it stands when it is sent: a resumed campaign shows the current state, not the old one.
                var current = (await store.GetAsync(request.Reference, token))?.Request ?? request;
                var language = await reachable.LanguageAsync(member, objectId, token);
                return cards.Request(current, role, language, banner: cards.Banner(current, role, language));
            }));
        }
        if (!await RunAsync(request, new Campaign(campaignId, recipients), cancellationToken))
        {
            return;
        }
        var sent = await ledger.ReadCampaignAsync(campaignId, cancellationToken);
        var copies = sent.Values
            .Where(r => r.State == DeliveryState.Sent && r.ActivityId is not null)
            .Select(r => (Record: r, Member: byObjectId.GetValueOrDefault(r.RecipientId)))
            .Where(p => p.Member is not null)
            .Select(p => new CardCopy(role, p.Member!.Id, p.Record.RecipientId, p.Record.ActivityId!))
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
                recipients.Add(new Recipient(copy.AadObjectId, async token =>
                {
                    var current = (await store.GetAsync(request.Reference, token))?.Request ?? request;
                    return cards.Request(current, copy.Role, await reachable.LanguageAsync(member, copy.AadObjectId, token));
                }) { UpdateActivityId = copy.ActivityId });
            }
            await RunAsync(request, new Campaign(StepCampaignId(request, "update-" + group.Key.ToString().ToLowerInvariant()), recipients), cancellationToken);
        }
    }

    private async Task SendTextAsync(SupportRequest request, string campaignId, IReadOnlyList<RosterMember> members, Func<string, string> sentence, CancellationToken cancellationToken)
    {
        var recipients = new List<Recipient>();
        foreach (var member in members)
        {
            if (await ObjectIdAsync(member, cancellationToken) is { } objectId)
            {
                var language = await reachable.LanguageAsync(member, objectId, cancellationToken);
                recipients.Add(Recipient.WithText(objectId, sentence(language)));
            }
        }
        await RunAsync(request, new Campaign(campaignId, recipients), cancellationToken);
    }

    /// <summary>Runs a campaign; a failure is logged and does not undo the change already stored (a rerun of the same id resumes it).</summary>
    private async Task<bool> RunAsync(SupportRequest request, Campaign campaign, CancellationToken cancellationToken)
    {
        if (campaign.Recipients.Count == 0)
        {
            return false;
        }
        try
        {
            await engine.RunAsync(campaign, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.CampaignFailed(logger, ex, request.Reference, campaign.Id);
            return false;
        }
    }

    private List<RosterMember> Leads(SupportRequest request) => organization.Members.Where(m => RequestPermissions.LeadsUnit(m, request)).ToList();

    private RosterMember? Member(string memberId) => organization.FindById(memberId);

    /// <summary>The member's Entra object id: from the roster, or, for someone the roster knows by e-mail only, from the conversation recorded when they were identified.</summary>
    private async Task<string?> ObjectIdAsync(RosterMember member, CancellationToken cancellationToken)
    {
        if (member.AadObjectId is { } objectId)
        {
            return objectId;
        }
        await foreach (var conversation in references.ListActiveAsync(cancellationToken))
        {
            if (conversation.MemberId == member.Id)
            {
                return conversation.AadObjectId;
            }
        }
        return null;
    }
}
