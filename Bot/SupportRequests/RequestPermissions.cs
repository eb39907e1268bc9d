using CoachBot.Roster;

namespace CoachBot.SupportRequests;

/// <summary>What someone clicked on a request's card.</summary>
public enum RequestVerb
{
    Acknowledge,
    Decline,
    Deliver,
    Nudge,
    Escalate,
    Close,
    Comment,
    Withdraw,
}

/// <summary>A refusal: the string key of its reason, and its arguments.</summary>
public sealed record Refusal(string ReasonKey, params object[] Arguments);

/// <summary>
/// Who may do what on a request, decided from the roster and the stored request only (never from card data): the
/// request's BU leads act as BU, the director as director, the sponsor of the rep's region as sponsor once the request
/// reached them, and the rep who opened it comments or withdraws.
/// </summary>
public static class RequestPermissions
{
    public static bool LeadsUnit(RosterMember member, SupportRequest request) =>
        member.Has(Role.BusinessUnitLead) && member.LedBusinessUnits.Contains(request.BusinessUnitId, StringComparer.OrdinalIgnoreCase);

    public static bool SponsorsRegion(RosterMember member, SupportRequest request) =>
        member.Has(Role.Sponsor) && member.SponsoredRegions.Contains(request.RegionId, StringComparer.OrdinalIgnoreCase);

    public static bool OpenedIt(RosterMember member, SupportRequest request) => member.Id == request.RepMemberId;

    /// <summary>True while the member still holds the role a copy of the card was sent to them in (the roster may have changed since).</summary>
    public static bool Holds(RosterMember member, CopyRole role, SupportRequest request) => role switch
    {
        CopyRole.Lead => LeadsUnit(member, request),
        CopyRole.Director => member.Has(Role.Director),
        CopyRole.Sponsor => SponsorsRegion(member, request),
        _ => OpenedIt(member, request),
    };

    /// <summary>The role the member sees the request in, or null when it is none of theirs.</summary>
    public static CopyRole? ViewerRole(RosterMember member, SupportRequest request) =>
        LeadsUnit(member, request) ? CopyRole.Lead
        : member.Has(Role.Director) ? CopyRole.Director
        : SponsorsRegion(member, request) ? CopyRole.Sponsor
        : OpenedIt(member, request) ? CopyRole.Rep
        : null;

    /// <summary>The role <paramref name="member"/> would act in for <paramref name="verb"/>, or why they may not.</summary>
    public static (CopyRole? Role, Refusal? Refusal) Check(RequestVerb verb, RosterMember member, SupportRequest request)
    {
        switch (verb)
        {
            case RequestVerb.Acknowledge or RequestVerb.Decline or RequestVerb.Deliver:
                return LeadsUnit(member, request) ? (CopyRole.Lead, null) : (null, new Refusal("request_refused_not_lead"));

            case RequestVerb.Escalate:
                return member.Has(Role.Director) ? (CopyRole.Director, null) : (null, new Refusal("request_refused_not_director"));

            case RequestVerb.Nudge or RequestVerb.Close:
                if (member.Has(Role.Director))
                {
                    return (CopyRole.Director, null);
                }
                if (SponsorsRegion(member, request))
                {
                    return request.Escalation == EscalationLevel.Sponsor
                        ? (CopyRole.Sponsor, null)
                        : (null, new Refusal("request_refused_not_escalated"));
                }
                return (null, new Refusal("request_refused_not_director_or_sponsor"));

            case RequestVerb.Comment or RequestVerb.Withdraw:
                return OpenedIt(member, request) ? (CopyRole.Rep, null) : (null, new Refusal("request_refused_not_rep"));

            default:
                throw new ArgumentOutOfRangeException(nameof(verb), verb, "Unknown request verb.");
        }
    }

    /// <summary>Whether the request's state allows <paramref name="verb"/> at all, whoever asks.</summary>
    public static bool StateAllows(RequestVerb verb, SupportRequest request) => verb switch
    {
        RequestVerb.Acknowledge or RequestVerb.Decline => request.State == RequestState.Open,
        RequestVerb.Deliver => request.State == RequestState.Acknowledged,
        RequestVerb.Escalate => !request.IsFinished && request.Escalation != EscalationLevel.Sponsor,
        _ => !request.IsFinished,
    };
}
