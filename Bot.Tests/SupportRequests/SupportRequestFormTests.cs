using System.Text.Json.Nodes;
using CoachBot.SupportRequests;
using CoachBot.Tests.Infrastructure;
using static CoachBot.Tests.Infrastructure.BotTestBed;

namespace CoachBot.Tests.SupportRequests;

public sealed class SupportRequestFormTests
{
    [Fact]
    public async Task AFormWithMistakesComesBackWithEachReasonAndTheRepsAnswersAndNothingIsStoredOrSent()
    {
        await using var bed = await StartSupportRequestsAsync();
        await bed.InstallEveryoneAsync();

        var card = await bed.SubmitFormAsync(Wei, Form(unit: "turbines", customer: "", country: new string('x', 101), need: "Lunch",
            description: "Need a quote", due: "15/12/2026", deal: "-5", currency: "euros"));

        var text = CardText.Joined(card);
        Assert.Contains("Some answers need a correction", text);
        Assert.Contains(Text("en", "request_error_unknown_unit"), text);
        Assert.Contains(Text("en", "request_error_required"), text);
        Assert.Contains(Text("en", "request_error_too_long", "100", "101"), text);
        Assert.Contains(Text("en", "request_error_choice"), text);
        Assert.Contains(Text("en", "request_error_date"), text);
        Assert.Contains(Text("en", "request_error_deal_size"), text);
        Assert.Contains(Text("en", "request_error_currency"), text);
        Assert.Equal("Need a quote", CardText.Input(card, "description")!["value"]!.GetValue<string>());
        Assert.Equal("15/12/2026", CardText.Input(card, "dueDate")!["value"]!.GetValue<string>());
        Assert.Empty(await bed.SupportRequestStore.ListAsync(CancellationToken.None));
        Assert.Empty(bed.Connector.Activities);
    }

    [Fact]
    public async Task ADueDateThatHasPassedInTheRepsRegionIsRefusedEvenWhenItIsStillThatDayInUtc()
    {
        // 23:30 UTC on Friday 27 November is already Saturday 28 in Casablanca (UTC+1), Amina's region.
        await using var bed = await StartSupportRequestsAsync(new DateTimeOffset(2026, 11, 27, 23, 30, 0, TimeSpan.Zero));
        await bed.InstallEveryoneAsync();

        var refused = await bed.SubmitFormAsync(Amina, Form(due: "2026-11-27"));
        var accepted = await bed.SubmitFormAsync(Amina, Form(due: "2026-11-28"));

        Assert.Contains(Text("fr", "request_error_past", "2026-11-28"), CardText.Joined(refused));
        Assert.Equal("2026-11-28", CardText.Input(refused, "dueDate")!["min"]!.GetValue<string>());
        Assert.Contains("REQ-2026-0001", CardText.Joined(accepted));
        Assert.Equal(new DateOnly(2026, 11, 28), Assert.Single(await bed.SupportRequestStore.ListAsync(CancellationToken.None)).DueDate);
    }

    [Fact]
    public async Task OnlyRepsOpenRequestsAndTheCheckInsSupportAnswerLeadsToTheForm()
    {
        await using var bed = await StartSupportRequestsAsync(BotTestBed.FridayW48);
        await bed.InstallEveryoneAsync();

        var lead = await bed.SayAsync(Hugo, "request");
        var forged = await bed.SubmitFormAsync(Hugo, Form());
        var summary = await bed.ClickAsync(Amina, "checkin.submit", WeekW48(BotTestBed.Answer(support: "true")));
        // A plain submit that types "request": the form comes as a message of its own and the summary stays in place.
        var button = CardText.Elements(summary).Single(e => e["type"]?.GetValue<string>() == "Action.Submit" && e["data"]?["command"] is not null);
        var before = bed.Received(Amina).Count;
        (await bed.Bot.Http.PostAsync(TeamsActivities.CardSubmit(Amina, bed.Connector.ServiceUrl, button["data"]!.DeepClone().AsObject()))).EnsureSuccessStatusCode();
        await bed.Connector.WaitForAsync(_ => bed.Received(Amina).Count > before);
        var posted = bed.Received(Amina)[before];
        var form = posted.Card!;
        var withoutSupport = await bed.ClickAsync(Wei, "checkin.submit", WeekW48(BotTestBed.Answer(support: "false")));

        Assert.Contains("opened by export reps", lead.Text);
        Assert.Contains("opened by export reps", CardText.Joined(forged));
        Assert.Empty(await bed.SupportRequestStore.ListAsync(CancellationToken.None));
        Assert.Equal(Text("fr", "request_open_from_checkin"), button["title"]!.GetValue<string>());
        Assert.NotNull(CardText.Input(form, "customer"));
        Assert.Equal("POST", posted.Method); // a new message: no card was replaced
        Assert.DoesNotContain(bed.Received(Amina), a => a.Method == "PUT");
        Assert.DoesNotContain(CardText.Elements(withoutSupport), e => e["data"]?["command"] is not null);
    }

    private static JsonObject WeekW48(JsonObject answer)
    {
        answer["week"] = "2026-W48";
        return answer;
    }
}
