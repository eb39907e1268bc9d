using CoachBot.Arrival;
using CoachBot.Features;
using CoachBot.Localization;
using CoachBot.Roster;

namespace CoachBot.SupportRequests;

/// <summary>
/// The requests waiting for a person, for the "what waits for you" card: for a BU lead the open ones of their units,
/// for the director the ones escalated to them, for a sponsor the ones escalated to them in their regions, for a rep
/// their own still open, with where each stands. Open brings the request's card with the buttons it gives that person.
/// </summary>
public sealed class SupportRequestArrival(SupportRequestService service, SupportRequestCards cards, Texts texts, TimeProvider clock) : IArrivalSection
{
    public string Name => "requests";

    public int Order => 10;

    public async Task<IReadOnlyList<ArrivalPart>> ReadAsync(Caller caller, CancellationToken cancellationToken)
    {
        var member = caller.Member;
        var open = (await service.ListAsync(member, cancellationToken)).Where(r => !r.IsFinished).ToList();
        var lead = open.Where(r => RequestPermissions.LeadsUnit(member, r)).ToList();
        var escalated = open.Except(lead).Where(r => EscalatedTo(member, r)).ToList();
        var mine = open.Except(lead).Except(escalated).Where(r => RequestPermissions.OpenedIt(member, r)).ToList();
        return [Part("arrival_requests_lead", lead, caller.Language), Part("arrival_requests_escalated", escalated, caller.Language),
            Part("arrival_requests_mine", mine, caller.Language)];
    }

    public async Task<FeatureReply> OpenAsync(Caller caller, string item, CancellationToken cancellationToken)
    {
        var view = await service.ShowAsync(caller.Member, item, cancellationToken);
        return view is { Outcome: RequestOutcome.Done, Request: { } request }
            ? FeatureReply.Card(cards.Request(request, view.Role, caller.Language, withTrail: true))
            : FeatureReply.Text(texts.Format(caller.Language, "request_not_found", item));
    }

    /// <summary>The director holds every escalated request; a sponsor those of their regions that reached them.</summary>
    private static bool EscalatedTo(RosterMember member, SupportRequest request) =>
        (member.Has(Role.Director) && request.Escalation != EscalationLevel.None)
        || (RequestPermissions.SponsorsRegion(member, request) && request.Escalation == EscalationLevel.Sponsor);

    private ArrivalPart Part(string heading, List<SupportRequest> requests, string language)
    {
        var now = clock.GetUtcNow();
        return new ArrivalPart(texts.Get(language, heading), requests.OrderByDescending(r => r.OpenedAt).Select(r => new ArrivalItem(r.Reference,
            texts.Format(language, "arrival_request_line", r.Reference, cards.UnitName(r.BusinessUnitId), r.Customer, r.Country),
            cards.RowStatus(r, now, language))).ToList());
    }
}
