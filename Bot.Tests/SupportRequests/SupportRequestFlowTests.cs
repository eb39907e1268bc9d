using CoachBot.Localization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CoachBot.Scheduling;
using CoachBot.SupportRequests;
using CoachBot.SupportRequests.Escalation;
using CoachBot.Tests.Infrastructure;
using static CoachBot.Tests.Infrastructure.BotTestBed;

namespace CoachBot.Tests.SupportRequests;

public sealed class SupportRequestFlowTests
{
    [Fact]
    public async Task ARequestGoesFromTheRepToBothLeadsThenAcknowledgedThenDeliveredWithItsAuditTrail()
    {
        await using var bed = await StartSupportRequestsAsync();
        await bed.InstallEveryoneAsync();

        var form = (await bed.SayAsync(Amina, "demande")).Card!;
        Assert.NotNull(CardText.Input(form, "businessUnit"));
        var confirmation = await bed.SubmitFormAsync(Amina, Form(deal: "250000", currency: "USD"));

        Assert.Contains("REQ-2026-0001", CardText.Joined(confirmation));
        Assert.Contains("Pumps & Valves", CardText.Joined(confirmation));
        var leadCard = Assert.Single(bed.CardsAbout(Hugo, "REQ-2026-0001"));
        Assert.Single(bed.CardsAbout(Karim, "REQ-2026-0001"));
        Assert.Single(bed.CardsAbout(Amina, "REQ-2026-0001"));
        Assert.Empty(bed.CardsAbout(Sofia, "REQ-2026-0001"));
        Assert.Contains("OCP", CardText.All(leadCard));
        Assert.Contains(CardText.Elements(leadCard), e => e["verb"]?.GetValue<string>() == "request.acknowledge");

        var acknowledged = await bed.ActAsync(Hugo, "request.acknowledge", "REQ-2026-0001", new JsonObject { ["commitmentDate"] = "2026-12-10" });
        Assert.Contains("Acknowledged by Hugo Bernard", CardText.Joined(acknowledged));
        Assert.Contains(CardText.Elements(acknowledged), e => e["verb"]?.GetValue<string>() == "request.deliver");

        // Every copy (the rep's and each lead's) is updated in place, and the rep is told in a sentence.
        var copies = (await bed.GetAsync("REQ-2026-0001")).Copies;
        Assert.Equal(3, copies.Count);
        // Each in the language their Teams uses (Amina and Karim: fr-FR; Hugo: en-US).
        foreach (var (user, copy) in new[] { Amina, Hugo, Karim }.Select(u => (u, copies.Single(c => c.AadObjectId == u.AadObjectId))))
        {
            var update = Assert.Single(bed.Received(user), a => a.Method == "PUT");
            Assert.Equal(copy.ActivityId, update.ActivityId);
            Assert.Contains(user == Hugo ? "Acknowledged by Hugo Bernard" : "Prise en charge par Hugo Bernard", CardText.Joined(update.Card));
        }
        Assert.Contains(bed.Received(Amina), a => a.Text == new Texts().Format("fr", "request_told_acknowledged", "REQ-2026-0001", "Hugo Bernard", "10 décembre 2026"));

        var delivered = await bed.ActAsync(Hugo, "request.deliver", "REQ-2026-0001");
        Assert.Contains("Delivered", CardText.Joined(delivered));
        Assert.DoesNotContain(CardText.Elements(delivered), e => e["verb"] is not null);

        var request = await bed.GetAsync("REQ-2026-0001");
        Assert.Equal(RequestState.Delivered, request.State);
        Assert.Equal(new DateOnly(2026, 12, 10), request.CommitmentDate);
        Assert.Equal(250000m, request.DealSize);
        Assert.Equal("USD", request.Currency);
        Assert.Equal(
            [(RequestAction.Opened, RequestState.Open, RequestState.Open, "amina"), (RequestAction.Acknowledged, RequestState.Open, RequestState.Acknowledged, "hugo"),
             (RequestAction.Delivered, RequestState.Acknowledged, RequestState.Delivered, "hugo")],
            request.Trail.Select(t => (t.Action, t.From, t.To, t.ActorMemberId == bed.Member(Amina).Id ? "amina" : t.ActorMemberId == bed.Member(Hugo).Id ? "hugo" : "?")).ToList());

        var history = await bed.Bot.Service<ISupportRequestHistory>().ListAllAsync(CancellationToken.None);
        var snapshot = Assert.Single(history);
        Assert.Equal((RequestState.Delivered, "pumps", "mea", 3), (snapshot.State, snapshot.BusinessUnitId, snapshot.RegionId, snapshot.Trail.Count));
    }

    [Fact]
    public async Task ALeadDeclinesWithAnObjectionAndTheRepIsTold()
    {
        await using var bed = await StartSupportRequestsAsync();
        await bed.InstallEveryoneAsync();
        var reference = await bed.OpenAsync();

        var declined = await bed.ActAsync(Karim, "request.decline", reference, new JsonObject
        {
            ["objection"] = "DomesticPriority",
            ["declineReason"] = "Our line is full with the Lyon order until March.",
        });

        Assert.Contains(Text("fr", "request_objection_DomesticPriority"), CardText.Joined(declined));
        var request = await bed.GetAsync(reference);
        Assert.Equal((RequestState.Declined, ObjectionCategory.DomesticPriority), (request.State, request.Objection));
        Assert.Equal("Our line is full with the Lyon order until March.", request.Trail[^1].Comment);
        Assert.NotNull(request.DeclinedAt);
        await bed.Connector.WaitForAsync(a => a.ConversationId == Amina.ConversationId && CardText.Joined(a.Card ?? a.Activity).Contains(new Texts().Format("fr", "request_told_declined", reference, "Karim Mansour", "Priorité aux clients domestiques", "Our line is full with the Lyon order until March.")));
    }

    [Fact]
    public async Task ADeclineWithoutObjectionOrReasonIsRefusedOnTheCardWithTheAnswersKept()
    {
        await using var bed = await StartSupportRequestsAsync();
        await bed.InstallEveryoneAsync();
        var reference = await bed.OpenAsync();

        var card = await bed.ActAsync(Hugo, "request.decline", reference, new JsonObject { ["objection"] = "Budget", ["declineReason"] = "We are busy" });

        Assert.Contains("Nothing was changed", CardText.Joined(card));
        Assert.Equal("We are busy", CardText.Input(card, "declineReason")!["value"]!.GetValue<string>());
        Assert.Equal(RequestState.Open, (await bed.GetAsync(reference)).State);
    }

    [Fact]
    public async Task ACommitmentDateInThePastIsRefusedAndNothingChanges()
    {
        await using var bed = await StartSupportRequestsAsync();
        await bed.InstallEveryoneAsync();
        var reference = await bed.OpenAsync();

        var card = await bed.ActAsync(Hugo, "request.acknowledge", reference, new JsonObject { ["commitmentDate"] = "2026-11-26" });

        Assert.Contains(Text("en", "request_error_past", "2026-11-27"), CardText.Joined(card));
        Assert.Equal("2026-11-26", CardText.Input(card, "commitmentDate")!["value"]!.GetValue<string>());
        var request = await bed.GetAsync(reference);
        Assert.Equal((RequestState.Open, 1), (request.State, request.Trail.Count));
    }

    [Fact]
    public async Task TwoLeadsAcknowledgingAtOnceMakeExactlyOneWinnerAndTheOtherSeesWhoActed()
    {
        await using var bed = await StartSupportRequestsAsync();
        await bed.InstallEveryoneAsync();
        var reference = await bed.OpenAsync();

        var clicks = await Task.WhenAll(
            bed.ActAsync(Hugo, "request.acknowledge", reference, new JsonObject { ["commitmentDate"] = "2026-12-10" }),
            bed.ActAsync(Karim, "request.acknowledge", reference, new JsonObject { ["commitmentDate"] = "2026-12-11" }));

        var request = await bed.GetAsync(reference);
        Assert.Single(request.Trail, t => t.Action == RequestAction.Acknowledged);
        var winner = request.Trail[^1].ActorMemberId == bed.Member(Hugo).Id ? 0 : 1;
        var loser = CardText.Joined(clicks[1 - winner]);
        Assert.Contains(winner == 0 ? "Hugo Bernard" : "Karim Mansour", loser);
        Assert.True(loser.Contains("Nothing was changed", StringComparison.Ordinal) || loser.Contains("Rien n’a été modifié", StringComparison.Ordinal), loser);
        Assert.Equal(winner == 0 ? new DateOnly(2026, 12, 10) : new DateOnly(2026, 12, 11), request.CommitmentDate);
        // The loser's own copy was updated too: it shows the winner's acknowledgement, without buttons to act again.
        var loserUser = winner == 0 ? Karim : Hugo;
        var update = Assert.Single(bed.Received(loserUser), a => a.Method == "PUT");
        Assert.Contains(winner == 0 ? "Prise en charge par Hugo Bernard" : "Acknowledged by Karim Mansour", CardText.Joined(update.Card)); // Karim's Teams is French, Hugo's English
        Assert.DoesNotContain(CardText.Elements(update.Card), e => e["verb"]?.GetValue<string>() == "request.acknowledge");
    }

    [Fact]
    public async Task TheRepMayCommentAndWithdrawAndTheAuditTrailShowsIt()
    {
        await using var bed = await StartSupportRequestsAsync();
        await bed.InstallEveryoneAsync();
        var reference = await bed.OpenAsync();

        await bed.ActAsync(Amina, "request.comment", reference, new JsonObject { ["comment"] = "Le client avance la réunion au 10." });
        var withdrawn = await bed.ActAsync(Amina, "request.withdraw", reference);

        Assert.Contains("Retirée par Amina Haddad", CardText.Joined(withdrawn));
        var shown = (await bed.SayAsync(Amina, $"demande {reference}")).Card!;
        var text = CardText.Joined(shown);
        Assert.Contains(BotTestBed.Text("fr", "request_trail_title"), text);
        Assert.Contains("Le client avance la réunion au 10.", text);
        Assert.Contains(BotTestBed.Text("fr", "request_action_Withdrawn"), text);
        // The comment left the state as it was: its line shows no state change; the withdrawal's does.
        var states = new Texts();
        var unchanged = $"({states.Get("fr", "request_state_Open")} → {states.Get("fr", "request_state_Open")})";
        Assert.DoesNotContain(unchanged, text);
        Assert.Contains($"({states.Get("fr", "request_state_Open")} → {states.Get("fr", "request_state_Withdrawn")})", text);
        Assert.Equal([RequestAction.Opened, RequestAction.Commented, RequestAction.Withdrawn], (await bed.GetAsync(reference)).Trail.Select(t => t.Action));
    }

    [Theory]
    [InlineData("en-US")]
    [InlineData("fr-FR")]
    public async Task ANudgeAndACommentAnswerWithACardThatSaysWhatTheyDid(string locale)
    {
        await using var bed = await StartSupportRequestsAsync();
        await bed.InstallEveryoneAsync();
        var reference = await bed.OpenAsync();
        await bed.Ladder.EscalateToDirectorAsync(reference, CancellationToken.None);
        var claire = Claire with { Locale = locale };
        var amina = Amina with { Locale = locale };
        var language = locale[..2];
        var texts = new Texts();

        var nudged = CardText.Joined(await bed.ActAsync(claire, "request.nudge", reference));
        var commented = CardText.Joined(await bed.ActAsync(amina, "request.comment", reference, new JsonObject { ["comment"] = "Meeting moved to the 10th." }));

        // 10:00 in Paris when the clock says 09:00 UTC.
        // The request is read in several zones (the rep's Casablanca, the director's Paris): each reader's is named.
        var at = texts.Format(language, "request_when", Texts.ShortDate(new DateOnly(2026, 11, 27), language), "10:00");
        Assert.Contains(texts.Format(language, "request_done_nudged", "Pumps & Valves", texts.Format(language, "request_when_zone", at, "Paris")), nudged);
        Assert.Contains(texts.Format(language, "request_done_commented", texts.Format(language, "request_when_zone", at, "Casablanca"), "Meeting moved to the 10th."), commented);
    }

    [Fact]
    public async Task AFormSentTwiceOpensOneRequest()
    {
        await using var bed = await StartSupportRequestsAsync();
        await bed.InstallEveryoneAsync();

        var cards = await Task.WhenAll(bed.SubmitFormAsync(Amina, Form(), "form-1"), bed.SubmitFormAsync(Amina, Form(), "form-1"));

        Assert.Single(await bed.SupportRequestStore.ListAsync(CancellationToken.None));
        Assert.All(cards, c => Assert.Contains("REQ-2026-0001", CardText.Joined(c)));
    }

    [Fact]
    public async Task ARequestStoredByATryThatFailedBeforeItsLadderWasSetGetsItsLadderWhenTheRepTriesAgain()
    {
        var faults = new StorageFaults();
        await using var bed = await StartSupportRequestsAsync(services: faults.AddTo);
        await bed.InstallEveryoneAsync();
        var timers = bed.Bot.Service<DurableTimers>();

        // Storage refuses every write to the Timers table: the request is stored, its ladder is not.
        faults.Fail = r => r.Method != Azure.Core.RequestMethod.Get && r.Uri.Path.Contains("Timers", StringComparison.Ordinal);
        var form = Form();
        form["formId"] = "form-1";
        var failed = await bed.Bot.Http.PostAsync(TeamsActivities.CardAction(Amina, bed.Connector.ServiceUrl, SupportRequestCards.OpenVerb, form));
        var told = (await failed.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("application/vnd.microsoft.activity.message", told["type"]?.GetValue<string>());
        var stored = Assert.Single(await bed.SupportRequestStore.ListAsync(CancellationToken.None));
        Assert.Null(await timers.GetAsync(EscalationLadder.AckTimer, stored.Reference, CancellationToken.None));

        faults.Fail = null;
        var again = await bed.SubmitFormAsync(Amina, Form(), "form-1");

        Assert.Contains(stored.Reference, CardText.Joined(again));
        Assert.Single(await bed.SupportRequestStore.ListAsync(CancellationToken.None));
        var ack = await timers.GetAsync(EscalationLadder.AckTimer, stored.Reference, CancellationToken.None);
        Assert.NotNull(ack);
        Assert.Equal(bed.Bot.Service<BusinessHours>().DueAt(stored.OpenedAt, 16m, bed.Bot.Service<BusinessHours>().ZoneFor("pumps")), ack.DueAt);
    }

    [Fact]
    public async Task RequestsOpenedAtTheSameMomentOnTwoInstancesGetDifferentReferences()
    {
        await using var bed = await StartSupportRequestsAsync();
        await using var second = await StartSupportRequestsAsync(tablePrefix: bed.Bot.TablePrefix, connector: bed.Connector);
        await bed.InstallEveryoneAsync();

        await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            (i % 2 == 0 ? bed : second).SubmitFormAsync(i % 3 == 0 ? Wei : Amina, Form(customer: $"Customer {i}"))));

        var references = (await bed.SupportRequestStore.ListAsync(CancellationToken.None)).Select(r => r.Reference).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 6).Select(n => $"REQ-2026-{n:D4}"), references);
    }

    [Fact]
    public async Task TheSameClickTwiceActsOnceAndShowsWhatItDid()
    {
        await using var bed = await StartSupportRequestsAsync();
        await bed.InstallEveryoneAsync();
        var reference = await bed.OpenAsync();

        var first = await bed.ActAsync(Hugo, "request.acknowledge", reference, new JsonObject { ["commitmentDate"] = "2026-12-10" });
        var again = await bed.ActAsync(Hugo, "request.acknowledge", reference, new JsonObject { ["commitmentDate"] = "2026-12-10" });

        Assert.Equal(CardText.Joined(first), CardText.Joined(again));
        Assert.Equal(2, (await bed.GetAsync(reference)).Trail.Count);
        Assert.Single(bed.Received(Amina), a => a.Text?.Contains("a pris en charge votre demande", StringComparison.Ordinal) == true);
    }

    [Theory]
    [InlineData("request.acknowledge", null)]
    [InlineData("request.decline", "REQ-2026-9999")]
    [InlineData("request.close", "../../etc")]
    [InlineData("request.deliver", "REQ-2026-0001'or'1'eq'1")]
    public async Task AClickNamingNoRequestOrAMalformedOneGetsAClearAnswer(string verb, string? reference)
    {
        await using var bed = await StartSupportRequestsAsync();
        await bed.InstallEveryoneAsync();
        await bed.OpenAsync();

        var data = new JsonObject { ["commitmentDate"] = "2026-12-10", ["need"] = "Quotation, Samples" };
        if (reference is not null)
        {
            data["reference"] = reference;
        }
        var card = await bed.ClickAsync(Hugo, verb, data);

        Assert.Contains("I found no request", CardText.Joined(card));
        Assert.Equal(RequestState.Open, (await bed.GetAsync("REQ-2026-0001")).State);
    }

    [Fact]
    public async Task ANeedOrObjectionOutsideTheListIsRefusedEvenWhenEnumParsingWouldAcceptIt()
    {
        await using var bed = await StartSupportRequestsAsync();
        await bed.InstallEveryoneAsync();
        var reference = await bed.OpenAsync();

        var form = await bed.SubmitFormAsync(Amina, Form(need: "Quotation, Samples"));
        var numeric = await bed.SubmitFormAsync(Amina, Form(need: "2"));
        var decline = await bed.ActAsync(Hugo, "request.decline", reference, new JsonObject { ["objection"] = "Capacity,Margin", ["declineReason"] = "No" });

        Assert.Contains(Text("fr", "request_error_choice"), CardText.Joined(form));
        Assert.Contains(Text("fr", "request_error_choice"), CardText.Joined(numeric));
        Assert.Contains(Text("en", "request_error_choice"), CardText.Joined(decline));
        Assert.Single(await bed.SupportRequestStore.ListAsync(CancellationToken.None));
    }
}
