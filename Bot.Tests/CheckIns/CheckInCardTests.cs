using System.Text.Json.Nodes;
using CoachBot.Calendar;
using CoachBot.CheckIns;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.CheckIns;

public sealed class CheckInCardTests
{
    /// <summary>Every check-in card, filled by the real code in both languages: blank, reminder, refused, summaries, stats, notices.</summary>
    internal static async Task<Dictionary<string, JsonObject>> EveryCardAsync()
    {
        await using var bed = await BotTestBed.StartAsync(BotTestBed.FridayW48.AddDays(-7));
        var cards = bed.Bot.Service<CheckInCards>();
        var cardsByName = new Dictionary<string, JsonObject>();
        await bed.SubmitAsync(TestRoster.Rep, "2026-W47", BotTestBed.Answer(fieldDays: "1"));
        bed.Clock.SetUtcNow(BotTestBed.FridayW48);
        foreach (var (user, language) in new[] { (TestRoster.Rep, "fr"), (TestRoster.EnglishRep, "en") })
        {
            cardsByName[$"CheckIns/Cards/checkin.json {language} blank"] = cards.Form(cards.BlankForm("mea", new IsoWeek(2026, 48), reminder: false), language);
            cardsByName[$"CheckIns/Cards/checkin.json {language} reminder"] = cards.Form(cards.BlankForm("mea", new IsoWeek(2026, 52), reminder: true), language);
            cardsByName[$"CheckIns/Cards/checkin.json {language} refused"] = await bed.SubmitAsync(user, "2026-W48",
                BotTestBed.Answer(visits: "abc", fieldDays: "9", planned: "", confidence: "0", customers: new string('x', 600), support: "maybe"));
            cardsByName[$"CheckIns/Cards/summary.json {language} stored"] = await bed.SubmitAsync(user, "2026-W48", BotTestBed.Answer(blocker: "Visa"));
            cardsByName[$"CheckIns/Cards/summary.json {language} corrected"] = await bed.SubmitAsync(user, "2026-W48", BotTestBed.Answer(fieldDays: "0"));
            cardsByName[$"CheckIns/Cards/stats.json {language} data"] = (await bed.SayAsync(user, language == "fr" ? "mes stats" : "my stats")).Card!;
            cardsByName[$"CheckIns/Cards/stats.json {language} empty"] = (await bed.SayAsync(language == "fr" ? BotTestBed.Nadia : BotTestBed.Omar, language == "fr" ? "mes stats" : "my stats")).Card!;
            cardsByName[$"Cards/notice.json {language} not open"] = (await bed.InvokeAsync(user, CheckInCards.SubmitVerb, new JsonObject { ["week"] = "2027-W10" }))["value"]!.AsObject();
        }
        bed.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
        cardsByName["CheckIns/Cards/summary.json fr closed"] = await bed.SubmitAsync(TestRoster.Rep, "2026-W48", BotTestBed.Answer());
        return cardsByName;
    }

    [Fact]
    public async Task EveryCheckInCardInBothLanguagesParsesCleanlyExceptTheTeamsChartWhichHasAFallback()
    {
        var cards = await EveryCardAsync();

        var results = await CardValidator.ValidateAsync(cards);

        Assert.Equal(16 + 1, cards.Count);
        var failures = results.Where(r => r.Value.Count > 0).Select(r => $"{r.Key}: {string.Join("; ", r.Value)}").ToList();
        Assert.Empty(failures);
    }

    [Fact]
    public async Task TheCheckInCardHasTheInputsTheIssueNamesAndAnActionExecuteCarryingTheWeek()
    {
        var card = (await EveryCardAsync())["CheckIns/Cards/checkin.json en blank"];

        foreach (var id in CheckInRules.Fields)
        {
            Assert.NotNull(CardText.Input(card, id));
        }
        var submit = Assert.Single(card["actions"]!.AsArray());
        Assert.Equal(("Action.Execute", "checkin.submit", "2026-W48"),
            (submit!["type"]!.GetValue<string>(), submit["verb"]!.GetValue<string>(), submit["data"]!["week"]!.GetValue<string>()));
        Assert.Equal("1.5", card["version"]!.GetValue<string>());
    }
}
