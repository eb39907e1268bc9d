using System.Text.Json.Nodes;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Arrival;

public sealed class ArrivalCardTests
{
    /// <summary>The arrival cards as people get them through the pipeline: new, returning, nothing waiting, an item opened.</summary>
    internal static async Task<Dictionary<string, JsonObject>> EveryCardAsync()
    {
        await using var bot = await ArrivalBot.StartAsync();
        var all = new Dictionary<string, JsonObject>();
        // Marc: nothing waits for him. New in English, back in French.
        all["Roster/Cards/welcome.json en nothing waits"] = await bot.InstallAsync(TestRoster.Sponsor with { Locale = "en-US" });
        await bot.UninstallAsync(TestRoster.Sponsor);
        all["Arrival/Cards/arrival.json fr nothing waits, returning"] = await bot.InstallAsync(TestRoster.Sponsor with { Locale = "fr-FR" });
        await bot.InstallAsync(TestRoster.Rep);
        await bot.ClickAsync(TestRoster.Rep, ArrivalTests.OpenRequestAction());
        // Hugo: a request waits for him. New in English, back in French; each time he opens it and comes back.
        foreach (var (language, locale) in new[] { ("en", "en-US"), ("fr", "fr-FR") })
        {
            var hugo = TestRoster.Lead with { Locale = locale };
            await bot.UninstallAsync(hugo);
            var greeting = await bot.InstallAsync(hugo);
            all[$"Arrival/Cards/arrival.json {language} greeting a lead"] = greeting;
            var opened = (await bot.ClickAsync(hugo, ArrivalBot.Buttons(greeting)[0]))["value"]!.AsObject();
            all[$"SupportRequests/Cards/request.json {language} opened from the arrival card"] = opened;
            all[$"Arrival/Cards/arrival.json {language} shown again"] = (await bot.ClickAsync(hugo, ArrivalBot.Buttons(opened)[^1]))["value"]!.AsObject();
        }
        return all;
    }

    [Fact]
    public async Task EveryArrivalCardInEveryLanguageParsesCleanly()
    {
        var cards = await EveryCardAsync();
        Assert.Equal(8, cards.Count);
        var results = await CardValidator.ValidateAsync(cards);
        Assert.Empty(results.Where(r => r.Value.Count > 0).Select(r => $"{r.Key}: {string.Join("; ", r.Value)}"));
    }
}
