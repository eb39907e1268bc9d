using System.Globalization;
using System.Text.Json.Nodes;
using CoachBot.Cards;
using CoachBot.Features;
using CoachBot.Localization;
using CoachBot.Roster;

namespace CoachBot.SupportRequests;

/// <summary>The support requests' cards (form, request in each holder's role, list, notice) in the reader's language.</summary>
public sealed class SupportRequestCards(Texts texts, Organization organization, RequestCalendar calendar, TimeProvider clock)
{
    public const string OpenVerb = "request.open";
    public const string FormVerb = "request.form";

    public static readonly IReadOnlyDictionary<string, RequestVerb> ActionVerbs = new Dictionary<string, RequestVerb>(StringComparer.Ordinal)
    {
        ["request.acknowledge"] = RequestVerb.Acknowledge,
        ["request.decline"] = RequestVerb.Decline,
        ["request.deliver"] = RequestVerb.Deliver,
        ["request.nudge"] = RequestVerb.Nudge,
        ["request.escalate"] = RequestVerb.Escalate,
        ["request.close"] = RequestVerb.Close,
        ["request.comment"] = RequestVerb.Comment,
        ["request.withdraw"] = RequestVerb.Withdraw,
    };

    public JsonObject Form(RequestForm form, string regionId, string language)
    {
        var values = new JsonObject();
        var errors = new JsonObject();
        foreach (var field in SupportRequestRules.Fields)
        {
            var raw = form.Values.GetValueOrDefault(field) ?? "";
            values[field] = field == SupportRequestRules.DealSize
                ? (decimal.TryParse(raw, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) ? amount : null)
                : raw;
            errors[field] = form.Errors.TryGetValue(field, out var error) ? Reason(language, error) : "";
        }
        var data = new JsonObject
        {
            ["text"] = texts.AsJson(language),
            ["hasErrors"] = form.Errors.Count > 0,
            ["units"] = new JsonArray(organization.BusinessUnits.Values.Select(u => (JsonNode)new JsonObject
            {
                ["title"] = u.Name.Length > 0 ? u.Name : u.Id,
                ["value"] = u.Id,
            }).ToArray()),
            ["needs"] = Choices<NeedKind>(language, "request_need_"),
            ["currencies"] = new JsonArray(SupportRequestRules.Currencies.Select(c => (JsonNode)new JsonObject { ["value"] = c }).ToArray()),
            ["today"] = calendar.RegionDate(regionId, clock.GetUtcNow()).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["maxName"] = SupportRequestRules.MaxNameLength,
            ["maxText"] = SupportRequestRules.MaxTextLength,
            ["values"] = values,
            ["errors"] = errors,
            ["shown"] = FormErrors.Shown(errors),
            ["formId"] = form.FormId,
            ["verb"] = OpenVerb,
        };
        return CardTemplate.Load("SupportRequests/Cards/form.json").Fill(data);
    }

    /// <summary>
    /// The request as <paramref name="role"/> holds it: its facts, where it stands and who acted, the buttons that role
    /// may use now, and optionally a banner (a new holder's reason to act), a notice (a refusal or a correction to make),
    /// the answers to keep and the audit trail.
    /// </summary>
    /// <summary>The most changes of the trail a card shows, newest first, and the most text they take.</summary>
    public const int MaxTrailLines = 10;

    public const int MaxTrailBytes = 10_000;

    public JsonObject Request(SupportRequest request, CopyRole role, string language, string? banner = null, string? notice = null,
        IReadOnlyDictionary<string, string?>? values = null, bool withTrail = false)
    {
        var zone = calendar.ZoneOf(role, request);
        var facts = new List<(string Key, string Value)>
        {
            ("request_label_rep", NameOf(request.RepMemberId)),
            ("request_label_unit", UnitName(request.BusinessUnitId)),
            ("request_label_customer", request.Customer),
            ("request_label_country", request.Country),
            ("request_label_need", texts.Get(language, "request_need_" + request.Need)),
            ("request_label_due", Texts.LongDate(request.DueDate, language)),
        };
        if (request.DealSize is { } deal)
        {
            facts.Add(("request_fact_deal", Amount(deal, request.Currency, language)));
        }
        facts.Add(("request_label_opened", When(request.OpenedAt, zone, language, request)));
        if (request.Escalation != EscalationLevel.None)
        {
            facts.Add(("request_label_escalation", texts.Get(language, "request_escalation_" + request.Escalation)));
        }

        var live = !request.IsFinished;
        var can = new JsonObject
        {
            ["acknowledge"] = role == CopyRole.Lead && RequestPermissions.StateAllows(RequestVerb.Acknowledge, request),
            ["decline"] = role == CopyRole.Lead && RequestPermissions.StateAllows(RequestVerb.Decline, request),
            ["deliver"] = role == CopyRole.Lead && RequestPermissions.StateAllows(RequestVerb.Deliver, request),
            ["nudge"] = live && (role == CopyRole.Director || (role == CopyRole.Sponsor && request.Escalation == EscalationLevel.Sponsor)),
            ["escalate"] = role == CopyRole.Director && RequestPermissions.StateAllows(RequestVerb.Escalate, request),
            ["close"] = live && (role == CopyRole.Director || (role == CopyRole.Sponsor && request.Escalation == EscalationLevel.Sponsor)),
            ["comment"] = live && role == CopyRole.Rep,
            ["withdraw"] = live && role == CopyRole.Rep,
        };
        var kept = new JsonObject();
        foreach (var field in (string[])[SupportRequestRules.CommitmentDate, SupportRequestRules.ObjectionField, SupportRequestRules.DeclineReason,
            SupportRequestRules.CloseReason, SupportRequestRules.CommentField])
        {
            kept[field] = values?.GetValueOrDefault(field) ?? "";
        }

        // The newest changes first, as many as fit (comments can be long): the requests export has the whole trail.
        var trail = withTrail
            ? CardList.Newest(Enumerable.Reverse(request.Trail).Select(t => TrailLine(t, zone, language)).ToList(), MaxTrailLines, MaxTrailBytes)
            : ([], 0);
        var data = new JsonObject
        {
            ["text"] = texts.AsJson(language),
            ["title"] = texts.Format(language, "request_title", request.Reference),
            ["banner"] = banner ?? "",
            ["status"] = Status(request, zone, language),
            ["statusColor"] = request.State switch
            {
                RequestState.Delivered or RequestState.Acknowledged => "Good",
                RequestState.Declined or RequestState.Closed or RequestState.Withdrawn => "Attention",
                // Waiting: Teams draws "Warning" as yellow text, hard to read on white; the accent colour reads on every theme.
                _ => "Accent",
            },
            ["notice"] = notice ?? "",
            ["facts"] = new JsonArray(facts.Select(f => (JsonNode)new JsonObject { ["title"] = texts.Get(language, f.Key), ["value"] = f.Value }).ToArray()),
            ["description"] = request.Description,
            ["trail"] = new JsonArray(trail.Shown.Select(l => (JsonNode)new JsonObject { ["line"] = l }).ToArray()),
            ["trailMore"] = CardList.More(texts, language, trail.LeftOut),
            ["can"] = can,
            ["escalateTitle"] = texts.Format(language, "request_escalate", SponsorName(request.RegionId, language)),
            ["objections"] = Choices<ObjectionCategory>(language, "request_objection_"),
            ["unitToday"] = calendar.BusinessUnitDate(request.BusinessUnitId, clock.GetUtcNow()).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["maxText"] = SupportRequestRules.MaxTextLength,
            ["values"] = kept,
            ["reference"] = request.Reference,
        };
        return CardTemplate.Load("SupportRequests/Cards/request.json").Fill(data);
    }

    /// <summary>The most requests the list shows, newest first (fewer when their rows would not fit in a message); the Dashboard and the export have them all.</summary>
    public const int MaxListed = 25;

    public JsonObject List(IReadOnlyList<SupportRequest> requests, RosterMember member, string language)
    {
        var now = clock.GetUtcNow();
        var newestFirst = requests.OrderByDescending(r => r.OpenedAt).ToList();
        return CardList.Fit(MaxListed, max =>
        {
            var (shown, leftOut) = CardList.Newest(newestFirst, max);
            var data = new JsonObject
            {
                ["title"] = texts.Get(language, "request_list_title"),
                ["intro"] = requests.Count == 0 ? texts.Get(language, "request_list_empty") : texts.Plural(language, "request_list_intro", requests.Count),
                ["rows"] = new JsonArray(shown.Select(r => (JsonNode)new JsonObject
                {
                    ["reference"] = r.Reference,
                    ["unit"] = UnitName(r.BusinessUnitId),
                    ["customer"] = r.Customer,
                    ["country"] = r.Country,
                    ["status"] = RowStatus(r, now, language),
                    // A plain submit that types the command for the user: the request's own card comes back as a reply.
                    ["open"] = texts.Format(language, "request_list_open", r.Reference),
                    ["command"] = $"request {r.Reference}",
                }).ToArray()),
                ["more"] = CardList.More(texts, language, leftOut),
            };
            return CardTemplate.Load("SupportRequests/Cards/list.json").Fill(data);
        });
    }

    /// <summary>Where a request stands in a list: "Open · opened 2 days ago by Amina Haddad · escalated to the director".</summary>
    public string RowStatus(SupportRequest r, DateTimeOffset now, string language) =>
        texts.Format(language, "request_list_row", StateName(r, language), Age(now - r.OpenedAt, language), NameOf(r.RepMemberId))
            + (r.Escalation != EscalationLevel.None ? " · " + texts.Get(language, "request_escalation_" + r.Escalation) : "");

    public JsonObject Notice(string message, string language) => CardTemplate.Load("Cards/notice.json").Fill(new JsonObject
    {
        ["title"] = texts.Get(language, "request_form_title"),
        ["message"] = message,
    });

    /// <summary>The sentence the rep gets when someone else moves their request.</summary>
    public string RepSentence(SupportRequest request, string language)
    {
        var last = request.Trail[^1];
        var actor = ActorName(last.ActorMemberId, language);
        return last.Action switch
        {
            RequestAction.Acknowledged => texts.Format(language, "request_told_acknowledged", request.Reference, actor, Texts.LongDate(request.CommitmentDate!.Value, language)),
            RequestAction.Declined => texts.Format(language, "request_told_declined", request.Reference, actor,
                texts.Get(language, "request_objection_" + request.Objection), last.Comment),
            RequestAction.Delivered => texts.Format(language, "request_told_delivered", request.Reference, actor),
            RequestAction.Nudged => texts.Format(language, "request_told_nudged", request.Reference, actor, UnitName(request.BusinessUnitId)),
            RequestAction.EscalatedToDirector => texts.Format(language, "request_told_director", request.Reference, UnitName(request.BusinessUnitId)),
            RequestAction.EscalatedToSponsor => texts.Format(language, "request_told_sponsor", request.Reference, SponsorName(request.RegionId, language)),
            RequestAction.Closed => texts.Format(language, "request_told_closed", request.Reference, actor, last.Comment),
            _ => texts.Format(language, "request_told_changed", request.Reference, StateName(request, language)),
        };
    }

    /// <summary>The reminder the BU's leads get when the director or the sponsor nudges them.</summary>
    public string NudgeSentence(SupportRequest request, string language) => texts.Format(language,
        request.State == RequestState.Acknowledged ? "request_nudge_deliver" : "request_nudge_answer",
        ActorName(request.Trail[^1].ActorMemberId, language), request.Reference, NameOf(request.RepMemberId), request.Customer, request.Country,
        Age(clock.GetUtcNow() - request.OpenedAt, language));

    /// <summary>
    /// What the click just did, at the top of the card that replaces the clicked one, for the clicks that change no
    /// state (a reminder, a comment): without it the card would look the same as before the click.
    /// </summary>
    public string? DoneSentence(SupportRequest request, CopyRole role, string language)
    {
        var last = request.Trail[^1];
        var at = When(last.At, calendar.ZoneOf(role, request), language, request);
        return last.Action switch
        {
            RequestAction.Nudged => texts.Format(language, "request_done_nudged", UnitName(request.BusinessUnitId), at),
            RequestAction.Commented => texts.Format(language, "request_done_commented", at, last.Comment),
            _ => null,
        };
    }

    /// <summary>Why a new holder gets the card: the ladder brought it to them.</summary>
    public string? Banner(SupportRequest request, CopyRole role, string language) => (role, request.Trail[^1].Action) switch
    {
        (CopyRole.Director, RequestAction.EscalatedToDirector) => texts.Format(language,
            request.State == RequestState.Acknowledged ? "request_banner_director_late" : "request_banner_director", UnitName(request.BusinessUnitId)),
        (CopyRole.Sponsor, RequestAction.EscalatedToSponsor) => texts.Format(language, "request_banner_sponsor", ActorName(request.Trail[^1].ActorMemberId, language)),
        (CopyRole.Rep, RequestAction.Opened) => texts.Format(language, "request_banner_opened", request.Reference, UnitName(request.BusinessUnitId)),
        _ => null,
    };

    public string Reason(string language, FieldError error) => texts.Format(language, error.ReasonKey, error.Arguments);

    public string RefusalText(Refusal refusal, SupportRequest? request, string language) => request is null
        ? texts.Format(language, refusal.ReasonKey, refusal.Arguments)
        : texts.Format(language, refusal.ReasonKey, StateName(request, language), ActorName(request.LastChange.ActorMemberId, language),
            UnitName(request.BusinessUnitId), RegionName(request.RegionId));

    private string Status(SupportRequest r, TimeZoneInfo zone, string language)
    {
        var change = r.LastChange;
        var who = ActorName(change.ActorMemberId, language);
        var when = When(change.At, zone, language, r);
        return r.State switch
        {
            RequestState.Open => texts.Format(language, "request_status_open", UnitName(r.BusinessUnitId)),
            RequestState.Acknowledged => texts.Format(language, "request_status_acknowledged", who, when, Texts.LongDate(r.CommitmentDate!.Value, language)),
            RequestState.Declined => texts.Format(language, "request_status_declined", who, when, texts.Get(language, "request_objection_" + r.Objection), change.Comment),
            RequestState.Delivered => texts.Format(language, "request_status_delivered", who, when),
            RequestState.Closed => texts.Format(language, "request_status_closed", who, when, change.Comment),
            RequestState.Withdrawn => texts.Format(language, "request_status_withdrawn", who, when),
            _ => StateName(r, language),
        };
    }

    private string TrailLine(RequestTransition t, TimeZoneInfo zone, string language)
    {
        // What happened, and the state change only when there was one: a comment or a reminder leaves the state as it was.
        var line = texts.Format(language, t.From == t.To ? "request_trail_line_same" : "request_trail_line", When(t.At, zone, language),
            ActorName(t.ActorMemberId, language), texts.Get(language, "request_action_" + t.Action),
            texts.Get(language, "request_state_" + t.From), texts.Get(language, "request_state_" + t.To));
        return t.Comment is { Length: > 0 } comment ? line + texts.Format(language, "request_trail_comment", comment) : line;
    }

    private string StateName(SupportRequest r, string language) => texts.Get(language, "request_state_" + r.State);

    private JsonArray Choices<TEnum>(string language, string prefix) where TEnum : struct, Enum =>
        new(Enum.GetValues<TEnum>().Select(v => (JsonNode)new JsonObject { ["title"] = texts.Get(language, prefix + v), ["value"] = v.ToString() }).ToArray());

    public string NameOf(string memberId) => organization.FindById(memberId)?.Name ?? memberId;

    private string ActorName(string? memberId, string language) => memberId is null ? texts.Get(language, "request_actor_ladder") : NameOf(memberId);

    public string UnitName(string id) => organization.BusinessUnits.TryGetValue(id, out var unit) && unit.Name.Length > 0 ? unit.Name : id;

    private string RegionName(string id) => organization.Regions.TryGetValue(id, out var region) && region.Name.Length > 0 ? region.Name : id;

    private string SponsorName(string regionId, string language) =>
        organization.Regions.TryGetValue(regionId, out var region) && region.Sponsor is { } sponsor ? sponsor.Name : texts.Get(language, "request_no_sponsor");


    private string When(DateTimeOffset instant, TimeZoneInfo zone, string language)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        return texts.Format(language, "request_when", Texts.ShortDate(DateOnly.FromDateTime(local.DateTime), language), local.ToString("HH:mm", CultureInfo.InvariantCulture));
    }

    /// <summary>A time on the request's card, in the reader's zone, the zone named when the copies are read in several zones.</summary>
    private string When(DateTimeOffset instant, TimeZoneInfo zone, string language, SupportRequest request) =>
        calendar.ReadInSeveralZones(request)
            ? texts.Format(language, "request_when_zone", When(instant, zone, language), PersonZones.PlaceOf(zone))
            : When(instant, zone, language);

    private string Amount(decimal amount, string? currency, string language) =>
        texts.Format(language, "request_amount", amount.ToString("N0", CultureInfo.GetCultureInfo(language)), currency ?? "");

    private string Age(TimeSpan age, string language) => age.TotalDays >= 1
        ? texts.Plural(language, "request_age_days", (int)age.TotalDays)
        : texts.Plural(language, "request_age_hours", Math.Max(0, (int)age.TotalHours));
}
