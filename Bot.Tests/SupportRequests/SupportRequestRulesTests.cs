using CoachBot.Features;
using CoachBot.Roster;
using CoachBot.SupportRequests;

namespace CoachBot.Tests.SupportRequests;

/// <summary>The form's and the actions' rules, and who may do what, without the pipeline: each limit on both sides.</summary>
public sealed class SupportRequestRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 27);
    private static readonly string[] Units = ["pumps", "automation"];

    private static Dictionary<string, string?> Valid() => new()
    {
        ["businessUnit"] = " PUMPS ",
        ["customer"] = " OCP ",
        ["country"] = "Morocco",
        ["need"] = "Samples",
        ["description"] = "Ten samples",
        ["dueDate"] = "2026-11-27",
        ["dealSize"] = "",
        ["currency"] = "EUR",
    };

    private static RequestValidation With(string field, string? value)
    {
        var form = Valid();
        form[field] = value;
        return SupportRequestRules.Validate(form, Units, Today);
    }

    [Fact]
    public void AValidFormGivesTheTrimmedAnswerWithTheRostersSpellingOfTheUnitAndNoDealWithoutAnAmount()
    {
        var validation = SupportRequestRules.Validate(Valid(), Units, Today);

        Assert.Empty(validation.Errors);
        Assert.Equal(new RequestAnswer("pumps", "OCP", "Morocco", NeedKind.Samples, "Ten samples", Today, null, null), validation.Answer);
    }

    [Theory]
    [InlineData("customer", 100, true)]
    [InlineData("customer", 101, false)]
    [InlineData("country", 100, true)]
    [InlineData("country", 101, false)]
    [InlineData("description", 1000, true)]
    [InlineData("description", 1001, false)]
    public void TextIsRefusedAboveItsLimitNotAtIt(string field, int length, bool accepted)
    {
        var validation = With(field, new string('x', length));

        Assert.Equal(accepted, validation.Answer is not null);
        if (!accepted)
        {
            Assert.Equal("request_error_too_long", validation.Errors[field].ReasonKey);
            Assert.Equal(new object[] { length - 1, length }, validation.Errors[field].Arguments);
        }
    }

    [Theory]
    [InlineData("businessUnit", "", "request_error_required")]
    [InlineData("businessUnit", "turbines", "request_error_unknown_unit")]
    [InlineData("customer", "   ", "request_error_required")]
    [InlineData("country", null, "request_error_required")]
    [InlineData("need", "", "request_error_required")]
    [InlineData("need", "1", "request_error_choice")]
    [InlineData("need", "samples", "request_error_choice")]
    [InlineData("need", "Samples,Quotation", "request_error_choice")]
    [InlineData("description", "", "request_error_required")]
    [InlineData("dueDate", "", "request_error_required")]
    [InlineData("dueDate", "2026-11-26", "request_error_past")]
    [InlineData("dueDate", "27/11/2026", "request_error_date")]
    [InlineData("dueDate", "2026-02-30", "request_error_date")]
    public void AWrongAnswerIsRefusedWithItsReason(string field, string? value, string reason)
    {
        var validation = With(field, value);

        Assert.Null(validation.Answer);
        Assert.Equal(reason, Assert.Single(validation.Errors).Value.ReasonKey);
        Assert.Equal(field, validation.Errors.Single().Key);
    }

    [Theory]
    [InlineData("0.01", "usd", 0.01, "USD")]
    [InlineData("1000000000000", "EUR", 1000000000000, "EUR")]
    [InlineData(" 250000 ", " mad ", 250000, "MAD")]
    public void ADealSizeIsAPositiveAmountWithAThreeLetterCurrency(string deal, string currency, double amount, string code)
    {
        var form = Valid();
        form["dealSize"] = deal;
        form["currency"] = currency;

        var answer = SupportRequestRules.Validate(form, Units, Today).Answer!;

        Assert.Equal((decimal)amount, answer.DealSize);
        Assert.Equal(code, answer.Currency);
    }

    [Theory]
    [InlineData("0", "EUR", "dealSize", "request_error_deal_size")]
    [InlineData("-5", "EUR", "dealSize", "request_error_deal_size")]
    [InlineData("1000000000000.01", "EUR", "dealSize", "request_error_deal_size")]
    [InlineData("lots", "EUR", "dealSize", "request_error_deal_size")]
    [InlineData("100", "EU", "currency", "request_error_currency")]
    [InlineData("100", "EURO", "currency", "request_error_currency")]
    [InlineData("100", "", "currency", "request_error_currency")]
    [InlineData("100", "E1R", "currency", "request_error_currency")]
    public void ADealSizeOrCurrencyOutOfBoundsIsRefused(string deal, string currency, string field, string reason)
    {
        var form = Valid();
        form["dealSize"] = deal;
        form["currency"] = currency;

        var validation = SupportRequestRules.Validate(form, Units, Today);

        Assert.Null(validation.Answer);
        var error = Assert.Single(validation.Errors);
        Assert.Equal((field, reason), (error.Key, error.Value.ReasonKey));
    }

    [Fact]
    public void APastDateNamesTheFirstDayAccepted()
    {
        var error = With("dueDate", "2026-01-01").Errors["dueDate"];

        Assert.Equal(("request_error_past", "2026-11-27"), (error.ReasonKey, (string)error.Arguments.Single()));
    }

    [Fact]
    public void TheFormOffersTheCurrenciesExportDealsAreMadeIn() =>
        Assert.Equal(["EUR", "USD", "GBP", "CHF", "MAD", "AED", "SAR", "CNY", "INR", "SGD", "JPY"], SupportRequestRules.Currencies);

    [Fact]
    public void WhoActedLastIsTheLastChangeOfStateNotAFollowingCommentOrNudge()
    {
        var acknowledged = Request().With(RequestAction.Acknowledged, RequestState.Acknowledged, "hugo", DateTimeOffset.UnixEpoch, null);

        var later = acknowledged.With(RequestAction.Commented, RequestState.Acknowledged, "amina", DateTimeOffset.UnixEpoch, "c")
            .With(RequestAction.Nudged, RequestState.Acknowledged, "claire", DateTimeOffset.UnixEpoch, null);

        Assert.Equal("hugo", later.LastChange.ActorMemberId);
        Assert.Equal("amina", Request().With(RequestAction.Commented, RequestState.Open, "amina", DateTimeOffset.UnixEpoch, "c").LastChange.ActorMemberId);
        Assert.Equal((RequestState.Open, RequestState.Acknowledged), (acknowledged.Trail[^1].From, acknowledged.Trail[^1].To));
    }

    [Theory]
    [InlineData("2026-11-27", true)]
    [InlineData("2026-11-26", false)]
    [InlineData("", false)]
    [InlineData("tomorrow", false)]
    public void ACommitmentDateIsTodayOrLater(string value, bool accepted)
    {
        var errors = new Dictionary<string, FieldError>();

        var date = SupportRequestRules.Commitment(new Dictionary<string, string?> { ["commitmentDate"] = value }, Today, errors);

        Assert.Equal(accepted, date is not null);
        Assert.Equal(accepted, errors.Count == 0);
    }

    [Theory]
    [InlineData("Capacity", null)]
    [InlineData("DomesticPriority", null)]
    [InlineData("capacity", "request_error_choice")]
    [InlineData("0", "request_error_choice")]
    [InlineData("", "request_error_required")]
    public void AnObjectionIsOneOfTheCategoriesByName(string value, string? reason)
    {
        var errors = new Dictionary<string, FieldError>();

        var objection = SupportRequestRules.Objection(new Dictionary<string, string?> { ["objection"] = value }, errors);

        Assert.Equal(reason is null, objection is not null);
        Assert.Equal(reason, errors.GetValueOrDefault("objection")?.ReasonKey);
    }

    private static readonly RosterMember Rep = Member("amina", [Role.Rep], region: "mea");
    private static readonly RosterMember OtherRep = Member("wei", [Role.Rep], region: "apac");
    private static readonly RosterMember Lead = Member("hugo", [Role.BusinessUnitLead], units: ["Pumps"]);
    private static readonly RosterMember OtherLead = Member("sofia", [Role.BusinessUnitLead], units: ["automation"]);
    private static readonly RosterMember Director = Member("claire", [Role.Director]);
    private static readonly RosterMember Sponsor = Member("marc", [Role.Sponsor], regions: ["MEA"]);
    private static readonly RosterMember OtherSponsor = Member("mei", [Role.Sponsor], regions: ["apac"]);

    private static RosterMember Member(string id, Role[] roles, string? region = null, string[]? units = null, string[]? regions = null) =>
        new(id, id, null, null, null, roles.ToHashSet(), region, units ?? [], regions ?? []);

    private static SupportRequest Request(RequestState state = RequestState.Open, EscalationLevel escalation = EscalationLevel.None) => new(
        new SupportRequestSnapshot("REQ-2026-0001", "amina", "mea", new RequestAnswer("pumps", "OCP", "Morocco", NeedKind.Quotation, "d", Today, null, null), state, escalation,
            DateTimeOffset.UnixEpoch, null, null, null, null, null, null,
            [new RequestTransition(DateTimeOffset.UnixEpoch, "amina", RequestAction.Opened, RequestState.Open, RequestState.Open, null)]),
        "oid", [], null);

    [Fact]
    public void EachVerbIsForItsRoleOnlyAndTheRoleComesFromTheRoster()
    {
        var open = Request();
        var withSponsor = Request(escalation: EscalationLevel.Sponsor);
        (CopyRole? Role, string? Refusal) Check(RequestVerb verb, RosterMember member, SupportRequest request)
        {
            var (role, refusal) = RequestPermissions.Check(verb, member, request);
            return (role, refusal?.ReasonKey);
        }

        foreach (var verb in new[] { RequestVerb.Acknowledge, RequestVerb.Decline, RequestVerb.Deliver })
        {
            Assert.Equal((CopyRole.Lead, null), Check(verb, Lead, open));
            foreach (var other in new[] { Rep, OtherLead, Director, Sponsor })
            {
                Assert.Equal((null, "request_refused_not_lead"), Check(verb, other, open));
            }
        }
        Assert.Equal((CopyRole.Director, null), Check(RequestVerb.Escalate, Director, open));
        Assert.Equal((null, "request_refused_not_director"), Check(RequestVerb.Escalate, Sponsor, withSponsor));
        foreach (var verb in new[] { RequestVerb.Nudge, RequestVerb.Close })
        {
            Assert.Equal((CopyRole.Director, null), Check(verb, Director, open));
            Assert.Equal((null, "request_refused_not_escalated"), Check(verb, Sponsor, open));
            Assert.Equal((CopyRole.Sponsor, null), Check(verb, Sponsor, withSponsor));
            Assert.Equal((null, "request_refused_not_director_or_sponsor"), Check(verb, OtherSponsor, withSponsor));
            Assert.Equal((null, "request_refused_not_director_or_sponsor"), Check(verb, Lead, withSponsor));
        }
        foreach (var verb in new[] { RequestVerb.Comment, RequestVerb.Withdraw })
        {
            Assert.Equal((CopyRole.Rep, null), Check(verb, Rep, open));
            Assert.Equal((null, "request_refused_not_rep"), Check(verb, OtherRep, open));
            Assert.Equal((null, "request_refused_not_rep"), Check(verb, Director, open));
        }
    }

    [Fact]
    public void TheViewerRoleIsTheClosestPartInTheRequestOrNone()
    {
        var request = Request();

        Assert.Equal(CopyRole.Lead, RequestPermissions.ViewerRole(Lead, request));
        Assert.Equal(CopyRole.Director, RequestPermissions.ViewerRole(Director, request));
        Assert.Equal(CopyRole.Sponsor, RequestPermissions.ViewerRole(Sponsor, request));
        Assert.Equal(CopyRole.Rep, RequestPermissions.ViewerRole(Rep, request));
        Assert.Null(RequestPermissions.ViewerRole(OtherRep, request));
        Assert.Null(RequestPermissions.ViewerRole(OtherLead, request));
        Assert.Null(RequestPermissions.ViewerRole(OtherSponsor, request));
    }

    [Theory]
    [InlineData(RequestState.Open, EscalationLevel.None, "Acknowledge,Decline,Nudge,Escalate,Close,Comment,Withdraw")]
    [InlineData(RequestState.Open, EscalationLevel.Sponsor, "Acknowledge,Decline,Nudge,Close,Comment,Withdraw")]
    [InlineData(RequestState.Acknowledged, EscalationLevel.Director, "Deliver,Nudge,Escalate,Close,Comment,Withdraw")]
    [InlineData(RequestState.Declined, EscalationLevel.None, "")]
    [InlineData(RequestState.Delivered, EscalationLevel.None, "")]
    [InlineData(RequestState.Closed, EscalationLevel.Director, "")]
    [InlineData(RequestState.Withdrawn, EscalationLevel.None, "")]
    public void EachStateAllowsOnlyTheActionsThatMakeSenseFromIt(RequestState state, EscalationLevel escalation, string allowed)
    {
        var request = Request(state, escalation);

        var verbs = Enum.GetValues<RequestVerb>().Where(v => RequestPermissions.StateAllows(v, request));

        Assert.Equal(allowed, string.Join(",", verbs));
    }

    [Theory]
    [InlineData("REQ-2026-0042", "2026")]
    [InlineData("REQ-2026-12345", "2026")]
    [InlineData("REQ-2026-042", null)]
    [InlineData("REQ-26-0042", null)]
    [InlineData("REQ-2026-00a2", null)]
    [InlineData("RQ-2026-0042", null)]
    [InlineData("REQ-2026-0042-1", null)]
    public void AReferenceNamesItsYearOrIsNotAReference(string reference, string? year)
    {
        Assert.Equal(year, SupportRequestStore.PartitionOf(reference));
        Assert.Equal("REQ-2026-0042", SupportRequestStore.ReferenceOf(2026, 42));
    }
}
