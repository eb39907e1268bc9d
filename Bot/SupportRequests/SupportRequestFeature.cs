using CoachBot.Features;
using CoachBot.Localization;
using CoachBot.Roster;

namespace CoachBot.SupportRequests;

/// <summary>
/// The support requests' chat commands and card verbs. Who acts always comes from the <see cref="Caller"/>; the card
/// data only names the request (and carries the inputs), and every action is checked against the roster.
/// </summary>
public sealed class SupportRequestFeature(SupportRequestService service, SupportRequestCards cards, Texts texts) : IFeature
{
    private static readonly IReadOnlySet<Role> Reps = new HashSet<Role> { Role.Rep };

    public static readonly ChatCommand Request = new("request", "demande", "cmd_request", Reps);
    public static readonly ChatCommand ShowRequest = new("request REQ-YYYY-NNNN", "demande REQ-AAAA-NNNN", "cmd_request_show");
    public static readonly ChatCommand Requests = new("requests", "demandes", "cmd_requests");

    public IReadOnlyList<ChatCommand> Commands { get; } = [Request, ShowRequest, Requests];

    public IReadOnlyList<string> Verbs { get; } = [SupportRequestCards.OpenVerb, SupportRequestCards.FormVerb, .. SupportRequestCards.ActionVerbs.Keys];

    public async Task<FeatureReply> RunCommandAsync(ChatCommand command, string argument, Caller caller, CancellationToken cancellationToken)
    {
        var language = caller.Language;
        if (command == Requests)
        {
            return FeatureReply.Card(cards.List(await service.ListAsync(caller.Member, cancellationToken), caller.Member, language));
        }
        // "request" and "request REQ-…" share their first word: the argument tells them apart.
        if (argument.Length > 0)
        {
            var view = await service.ShowAsync(caller.Member, argument, cancellationToken);
            return view switch
            {
                { Outcome: RequestOutcome.Done, Request: { } request } => FeatureReply.Card(cards.Request(request, view.Role, language, withTrail: true)),
                { Outcome: RequestOutcome.NotFound } => FeatureReply.Text(texts.Format(language, "request_not_found", argument.Trim())),
                _ => FeatureReply.Text(cards.RefusalText(view.Refusal!, null, language)),
            };
        }
        // A director typing "request" reaches here through "request REQ-…" (everyone's), with no reference.
        var blank = service.FormFor(caller.Member);
        return blank.Form is { } empty
            ? FeatureReply.Card(cards.Form(empty, caller.Member.RegionId!, language))
            : FeatureReply.Text(cards.RefusalText(blank.Refusal!, null, language));
    }

    public async Task<FeatureReply> RunActionAsync(CardAction action, Caller caller, CancellationToken cancellationToken)
    {
        var language = caller.Language;
        var form = action.Texts();
        if (action.Verb is SupportRequestCards.OpenVerb or SupportRequestCards.FormVerb)
        {
            var opened = action.Verb == SupportRequestCards.FormVerb
                ? service.FormFor(caller.Member)
                : await service.OpenAsync(caller.Member, caller.AadObjectId, form.GetValueOrDefault("formId"), form, cancellationToken);
            return opened switch
            {
                { Outcome: RequestOutcome.Opened, Request: { } request } => FeatureReply.Card(cards.Notice(
                    texts.Format(language, "request_opened", request.Reference, cards.UnitName(request.BusinessUnitId)), language)),
                { Refusal: { } refused } => FeatureReply.Card(cards.Notice(cards.RefusalText(refused, null, language), language)),
                _ => FeatureReply.Card(cards.Form(opened.Form!, caller.Member.RegionId!, language)),
            };
        }

        var verb = SupportRequestCards.ActionVerbs.TryGetValue(action.Verb, out var known)
            ? known
            : throw new ArgumentException($"'{action.Verb}' is not a support request verb.", nameof(action));
        var view = await service.ActAsync(verb, caller.Member, form.GetValueOrDefault("reference"), form, cancellationToken);
        switch (view)
        {
            case { Outcome: RequestOutcome.Done, Request: { } done }:
                // The clicker's card keeps the request's history (a comment or an acknowledgement is one more line of it).
                return FeatureReply.Card(cards.Request(done, view.Role, language, banner: cards.DoneSentence(done, view.Role, language), withTrail: true));
            case { Outcome: RequestOutcome.Invalid, Request: { } invalid }:
                var reasons = string.Join(" ", view.Errors!.Values.Select(e => cards.Reason(language, e)));
                return FeatureReply.Card(cards.Request(invalid, view.Role, language, notice: texts.Format(language, "request_correct", reasons), values: view.Values, withTrail: true));
            case { Outcome: RequestOutcome.Refused, Request: { } refused }:
                // Only someone with a part in the request is refused; anyone else is told it is not found.
                return FeatureReply.Card(cards.Request(refused, view.Role, language, notice: cards.RefusalText(view.Refusal!, refused, language)));
            default:
                return FeatureReply.Card(cards.Notice(texts.Format(language, "request_not_found", form.GetValueOrDefault("reference") ?? ""), language));
        }
    }
}
