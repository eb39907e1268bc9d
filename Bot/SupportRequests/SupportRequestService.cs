using CoachBot.Features;
using CoachBot.Roster;
using CoachBot.Storage;

namespace CoachBot.SupportRequests;

public enum RequestOutcome
{
    /// <summary>The request form, to fill in (or refused: the reasons are on it, the rep's answers kept).</summary>
    Form,
    /// <summary>The request was stored and sent to the BU's leads.</summary>
    Opened,
    /// <summary>The action was applied and stored.</summary>
    Done,
    /// <summary>The caller may not do that, or the request's state no longer allows it: nothing changed.</summary>
    Refused,
    /// <summary>An answer on the card needs a correction: nothing changed, the answers are kept.</summary>
    Invalid,
    /// <summary>No request with that reference.</summary>
    NotFound,
}

/// <summary>The request form: an id that makes a second click harmless, the values to show and the reasons per field.</summary>
public sealed record RequestForm(string FormId, IReadOnlyDictionary<string, string?> Values, IReadOnlyDictionary<string, FieldError> Errors);

/// <summary>What the caller sees after a command or a click, and in which role they see the request.</summary>
public sealed record RequestView(
    RequestOutcome Outcome,
    SupportRequest? Request = null,
    CopyRole Role = CopyRole.Rep,
    RequestForm? Form = null,
    Refusal? Refusal = null,
    IReadOnlyDictionary<string, FieldError>? Errors = null,
    IReadOnlyDictionary<string, string?>? Values = null);

/// <summary>
/// Support requests: opening one, every action on it with its rules, who may act, and the audit trail. Each change is
/// one ETag-conditional write of the request, so of two people acting at once exactly one wins and the other is shown
/// where the request stands now. What follows a change (cards updated, the rep told, the ladder's timers) is
/// <see cref="SupportRequestCampaigns"/>'s and <see cref="EscalationLadder"/>'s.
/// </summary>
public sealed class SupportRequestService(
    SupportRequestStore store,
    Organization organization,
    RequestCalendar calendar,
    SupportRequestCampaigns campaigns,
    EscalationLadder ladder,
    TimeProvider clock,
    ILogger<SupportRequestService> logger)
{
    /// <summary>What a member gets when they ask to open a request: reps have one to open (<see cref="RepsOnly"/> otherwise).</summary>
    public static readonly RequestView RepsOnly = new(RequestOutcome.Refused, Refusal: new Refusal("request_reps_only"));

    /// <summary>A blank form for a rep; anyone else is refused: requests are opened by reps.</summary>
    public RequestView FormFor(RosterMember member) =>
        member.Has(Role.Rep) ? new RequestView(RequestOutcome.Form, Form: BlankForm()) : RepsOnly;

    /// <summary>A blank form, with the BU chosen when there is only one.</summary>
    public RequestForm BlankForm()
    {
        var values = SupportRequestRules.Fields.ToDictionary(f => f, _ => (string?)null, StringComparer.Ordinal);
        if (organization.BusinessUnits.Count == 1)
        {
            values[SupportRequestRules.BusinessUnit] = organization.BusinessUnits.Keys.Single();
        }
        values[SupportRequestRules.Currency] = "EUR";
        return new RequestForm(Guid.NewGuid().ToString("N"), values, new Dictionary<string, FieldError>());
    }

    /// <summary>Validates the form and stores the request under a new reference, then sends it to the BU's leads and starts the ladder.</summary>
    public async Task<RequestView> OpenAsync(RosterMember rep, string aadObjectId, string? formId, IReadOnlyDictionary<string, string?> form, CancellationToken cancellationToken)
    {
        if (!rep.Has(Role.Rep))
        {
            return RepsOnly;
        }
        var region = RegionOf(rep);
        var now = clock.GetUtcNow();
        formId = formId is { Length: > 0 and <= 64 } && formId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') ? formId : Guid.NewGuid().ToString("N");
        if (await store.FindByFormAsync(rep.Id, formId, now, cancellationToken) is { } already)
        {
            // The same form sent again (a double click, Teams resending after 15 s, or the rep trying again after being
            // told the first try failed): one request, shown again. If the first try stored it but failed before its
            // ladder was set, the ladder is set now (at the same time: it counts from the opening), so the request
            // cannot sit unanswered with nobody ever told.
            if (already is { State: RequestState.Open, Escalation: EscalationLevel.None })
            {
                await ladder.StartAsync(already, cancellationToken);
            }
            return new RequestView(RequestOutcome.Opened, already, CopyRole.Rep);
        }

        var validation = SupportRequestRules.Validate(form, organization.BusinessUnits.Keys, calendar.RegionDate(region, now));
        if (validation.Answer is not { } answer)
        {
            Log.Refused(logger, string.Join(",", validation.Errors.Keys));
            var kept = SupportRequestRules.Fields.ToDictionary(f => f, f => form.GetValueOrDefault(f)?.Trim(), StringComparer.Ordinal);
            return new RequestView(RequestOutcome.Form, Form: new RequestForm(formId, kept, validation.Errors));
        }

        var asked = answer with { BusinessUnitId = organization.BusinessUnits[answer.BusinessUnitId].Id };
        var draft = new SupportRequest(
            new SupportRequestSnapshot("", rep.Id, region, asked, RequestState.Open, EscalationLevel.None, now, null, null, null, null, null, null,
                [new RequestTransition(now, rep.Id, RequestAction.Opened, RequestState.Open, RequestState.Open, null)]),
            aadObjectId, [], formId);
        var (request, added) = await store.AddAsync(draft, cancellationToken);
        if (!added)
        {
            // The same form won by a concurrent submit: that one sends the cards.
            return new RequestView(RequestOutcome.Opened, request, CopyRole.Rep);
        }
        Log.Opened(logger, request.Reference, request.BusinessUnitId);

        await ladder.StartAsync(request, cancellationToken);
        await campaigns.SendOpenedAsync(request, cancellationToken);
        return new RequestView(RequestOutcome.Opened, request, CopyRole.Rep);
    }

    /// <summary>
    /// The request as <paramref name="member"/> may see it. One that is none of theirs is not found, exactly as one that
    /// does not exist: two answers would tell anyone which references exist.
    /// </summary>
    public async Task<RequestView> ShowAsync(RosterMember member, string reference, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(reference.Trim().ToUpperInvariant(), cancellationToken);
        return stored is not null && RequestPermissions.ViewerRole(member, stored.Request) is { } role
            ? new RequestView(RequestOutcome.Done, stored.Request, role)
            : new RequestView(RequestOutcome.NotFound);
    }

    /// <summary>
    /// The requests <paramref name="member"/> follows: a rep's own, the open ones of a lead's BUs, every open one for the
    /// director and the open ones of a sponsor's regions; oldest first.
    /// </summary>
    public async Task<IReadOnlyList<SupportRequest>> ListAsync(RosterMember member, CancellationToken cancellationToken)
    {
        var all = await store.ListAsync(cancellationToken);
        return all.Where(r => r.RepMemberId == member.Id
                || (!r.IsFinished && (member.Has(Role.Director) || RequestPermissions.LeadsUnit(member, r) || RequestPermissions.SponsorsRegion(member, r))))
            .OrderBy(r => r.OpenedAt)
            .ToList();
    }

    /// <summary>
    /// Applies <paramref name="verb"/> by <paramref name="member"/> to the request, if the roster lets them and its
    /// current state allows it. <paramref name="form"/> holds the card's inputs (commitment date, objection, reason, comment).
    /// </summary>
    public async Task<RequestView> ActAsync(RequestVerb verb, RosterMember member, string? reference, IReadOnlyDictionary<string, string?> form, CancellationToken cancellationToken)
    {
        // A lost race: someone else changed it between our read and our write: read again and decide on what is there
        // now (another lead's acknowledgement makes ours a refusal that shows who acted).
        return await Optimistic.ChangeAsync<RequestView>(async () =>
        {
            var stored = reference is null ? null : await store.GetAsync(reference.Trim().ToUpperInvariant(), cancellationToken);
            if (stored is null)
            {
                return new RequestView(RequestOutcome.NotFound);
            }
            var current = stored.Request;
            if (RequestPermissions.ViewerRole(member, current) is null)
            {
                // None of theirs: not found, exactly as a reference that does not exist (a refusal would name the BU).
                Log.Forbidden(logger, current.Reference, verb);
                return new RequestView(RequestOutcome.NotFound);
            }
            var (role, refusal) = RequestPermissions.Check(verb, member, current);
            if (refusal is not null || role is not { } actingAs)
            {
                Log.Forbidden(logger, current.Reference, verb);
                // Shown to the clicker on the card they hold, in the role they see it in.
                return new RequestView(RequestOutcome.Refused, current, RequestPermissions.ViewerRole(member, current)!.Value, Refusal: refusal);
            }
            if (!RequestPermissions.StateAllows(verb, current) && IsRepeat(verb, member, current))
            {
                // The same click again (a double click, Teams resending after 15 s): what it did is shown again.
                return new RequestView(RequestOutcome.Done, current, actingAs);
            }
            if (!RequestPermissions.StateAllows(verb, current))
            {
                Log.StateRefused(logger, current.Reference, verb, current.State);
                return new RequestView(RequestOutcome.Refused, current, actingAs, Refusal: new Refusal("request_refused_state"));
            }

            var errors = new Dictionary<string, FieldError>(StringComparer.Ordinal);
            var changed = Apply(verb, member, current, form, errors);
            if (changed is null)
            {
                var kept = form.ToDictionary(p => p.Key, p => p.Value?.Trim(), StringComparer.Ordinal);
                return new RequestView(RequestOutcome.Invalid, current, actingAs, Errors: errors, Values: kept);
            }
            if (!await store.TryReplaceAsync(changed, stored, cancellationToken))
            {
                return Optimistic.Lost;
            }
            Log.Changed(logger, current, changed);
            await AfterChangeAsync(current, changed, cancellationToken);
            return new RequestView(RequestOutcome.Done, changed, actingAs);
        }, $"Request {reference?.Trim().ToUpperInvariant()} kept changing while {verb} was being stored.");
    }

    private static bool IsRepeat(RequestVerb verb, RosterMember member, SupportRequest request) =>
        request.Trail[^1].ActorMemberId == member.Id && request.Trail[^1].Action == verb switch
        {
            RequestVerb.Acknowledge => RequestAction.Acknowledged,
            RequestVerb.Decline => RequestAction.Declined,
            RequestVerb.Deliver => RequestAction.Delivered,
            RequestVerb.Escalate => RequestAction.EscalatedToSponsor,
            RequestVerb.Close => RequestAction.Closed,
            RequestVerb.Withdraw => RequestAction.Withdrawn,
            _ => (RequestAction?)null,
        };

    private SupportRequest? Apply(RequestVerb verb, RosterMember member, SupportRequest r, IReadOnlyDictionary<string, string?> form, Dictionary<string, FieldError> errors)
    {
        var now = clock.GetUtcNow();
        switch (verb)
        {
            case RequestVerb.Acknowledge:
                var commitment = SupportRequestRules.Commitment(form, calendar.BusinessUnitDate(r.BusinessUnitId, now), errors);
                return commitment is { } date
                    ? r.With(RequestAction.Acknowledged, RequestState.Acknowledged, member.Id, now, null) with { AcknowledgedAt = now, CommitmentDate = date }
                    : null;

            case RequestVerb.Decline:
                var objection = SupportRequestRules.Objection(form, errors);
                var reason = SupportRequestRules.RequiredText(form, SupportRequestRules.DeclineReason, SupportRequestRules.MaxTextLength, errors);
                return errors.Count == 0
                    ? r.With(RequestAction.Declined, RequestState.Declined, member.Id, now, reason) with { DeclinedAt = now, Objection = objection }
                    : null;

            case RequestVerb.Deliver:
                return r.With(RequestAction.Delivered, RequestState.Delivered, member.Id, now, null) with { DeliveredAt = now };

            case RequestVerb.Nudge:
                return r.With(RequestAction.Nudged, r.State, member.Id, now, null);

            case RequestVerb.Escalate:
                return r.With(RequestAction.EscalatedToSponsor, r.State, member.Id, now, null) with { Escalation = EscalationLevel.Sponsor };

            case RequestVerb.Close:
                var why = SupportRequestRules.RequiredText(form, SupportRequestRules.CloseReason, SupportRequestRules.MaxTextLength, errors);
                return errors.Count == 0 ? r.With(RequestAction.Closed, RequestState.Closed, member.Id, now, why) with { ClosedAt = now } : null;

            case RequestVerb.Comment:
                var comment = SupportRequestRules.RequiredText(form, SupportRequestRules.CommentField, SupportRequestRules.MaxTextLength, errors);
                return errors.Count == 0 ? r.With(RequestAction.Commented, r.State, member.Id, now, comment) : null;

            case RequestVerb.Withdraw:
                var note = SupportRequestRules.Trimmed(form, SupportRequestRules.CommentField);
                if (note.Length > SupportRequestRules.MaxTextLength)
                {
                    errors[SupportRequestRules.CommentField] = new FieldError("request_error_too_long", SupportRequestRules.MaxTextLength, note.Length);
                    return null;
                }
                return r.With(RequestAction.Withdrawn, RequestState.Withdrawn, member.Id, now, note.Length > 0 ? note : null) with { ClosedAt = now };

            default:
                throw new ArgumentOutOfRangeException(nameof(verb), verb, "Unknown request verb.");
        }
    }

    /// <summary>
    /// What follows a stored change: the ladder's timers, every copy of the card, the rep told, the new holder's card.
    /// The change is stored whatever happens here; a failed send is retried by the delivery engine and logged.
    /// </summary>
    private async Task AfterChangeAsync(SupportRequest before, SupportRequest after, CancellationToken cancellationToken)
    {
        await ladder.OnChangedAsync(before, after, cancellationToken);
        await campaigns.OnChangedAsync(before, after, cancellationToken);
    }

    private static string RegionOf(RosterMember rep) =>
        rep.Has(Role.Rep) && rep.RegionId is { } region ? region : throw new ArgumentException("Only reps open support requests.", nameof(rep));
}
