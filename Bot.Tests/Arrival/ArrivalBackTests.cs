using System.Text.Json.Nodes;
using CoachBot.SupportRequests;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Arrival;

/// <summary>A card opened from "what waits for you" keeps its button back when a click on it replaces it.</summary>
public sealed class ArrivalBackTests
{
    [Fact]
    public async Task AfterAnAcknowledgementTheOpenedRequestCardStillHasItsWayBackAndItsHistory()
    {
        await using var bot = await ArrivalBot.StartAsync();
        await bot.InstallAsync(TestRoster.Rep);
        await bot.ClickAsync(TestRoster.Rep, ArrivalTests.OpenRequestAction());
        var hugo = TestRoster.Lead with { Locale = "en-US" };
        var welcome = await bot.InstallAsync(hugo);
        var opened = (await bot.ClickAsync(hugo, Assert.Single(ArrivalBot.Buttons(welcome))))["value"]!.AsObject();
        var acknowledge = ArrivalBot.Buttons(opened).First(b => b["verb"]!.GetValue<string>() == "request.acknowledge").DeepClone().AsObject();
        acknowledge["data"]!["commitmentDate"] = "2026-12-10";

        var acknowledged = (await bot.ClickAsync(hugo, acknowledge))["value"]!.AsObject();

        Assert.Contains(ArrivalBot.Buttons(acknowledged), b => b["title"]!.GetValue<string>() == "Back to what waits for you");
        Assert.Single(ArrivalBot.Buttons(acknowledged), b => b["verb"]!.GetValue<string>() == "arrival.show");
        Assert.Equal(RequestState.Acknowledged, Assert.Single(await bot.Bot.Service<SupportRequestStore>().ListAsync(CancellationToken.None)).State);
    }
}
