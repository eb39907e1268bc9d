using System.Text.Json.Nodes;
using CoachBot.Digests;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Digests;

/// <summary>
/// What happened today is in the figures (DigestPeriod: the 8 weeks to today, today included): a digest run the day a
/// request was acknowledged and another declined shows the time to acknowledge and the objection, and says which days it covers.
/// </summary>
public sealed class DigestTodayTests
{
    [Fact]
    public async Task ADigestRunTheDayOfAnAcknowledgementAndADeclineCountsBoth()
    {
        // Friday 27 November, 10:00 in Paris.
        await using var bed = await BotTestBed.StartSupportRequestsAsync();
        await bed.InstallEveryoneAsync();
        var acknowledged = await bed.OpenAsync();
        bed.Clock.Advance(TimeSpan.FromHours(2));
        await bed.ActAsync(BotTestBed.Hugo, "request.acknowledge", acknowledged, new JsonObject { ["commitmentDate"] = "2026-12-10" });
        var declined = await bed.OpenAsync();
        await bed.ActAsync(BotTestBed.Karim, "request.decline", declined, new JsonObject { ["objection"] = "Capacity", ["declineReason"] = "The line is full until March." });
        await bed.SayAsync(TestRoster.Director, "language en");

        await bed.Bot.Service<DigestCampaigns>().SendDirectorAsync(CancellationToken.None);

        var digest = bed.Received(TestRoster.Director).Select(a => a.Card).OfType<JsonObject>().Last(c => CardText.Joined(c).Contains("Team digest"));
        var text = CardText.Joined(digest);
        var bars = CardText.Elements(digest).Single(e => e["type"]?.GetValue<string>() == "Chart.HorizontalBar");
        Assert.Equal(("Pumps & Valves", 2.0), (bars["data"]![0]!["x"]!.GetValue<string>(), bars["data"]![0]!["y"]!.GetValue<double>()));
        var donut = CardText.Elements(digest).Single(e => e["type"]?.GetValue<string>() == "Chart.Donut");
        Assert.Equal((BotTestBed.Text("en", "objection_Capacity"), 1), (donut["data"]![0]!["legend"]!.GetValue<string>(), donut["data"]![0]!["value"]!.GetValue<int>()));
        Assert.DoesNotContain(BotTestBed.Text("en", "digest_objections_none"), text);
        // The card says which days the request figures cover: the 56 days to today, today included.
        Assert.Contains("Requests and coaching: 3 October 2026 to 27 November 2026 (today) inclusive.", text);
    }
}
