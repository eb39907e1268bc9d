using System.Text.Json.Nodes;
using CoachBot.Calendar;
using CoachBot.CheckIns;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.CheckIns;

/// <summary>
/// Who reads the win and the blocker, said on the card; "share this win" (on by default, remembered from the rep's last
/// answer) and the optional BU that helped: through the real pipeline, stored in Azurite.
/// </summary>
public sealed class CheckInWinSharingTests
{
    private static readonly IsoWeek W47 = new(2026, 47);
    private static readonly IsoWeek W48 = new(2026, 48);

    [Theory]
    [InlineData("fr")]
    [InlineData("en")]
    public async Task TheCardSaysWhoReadsTheWinAndBlockerSharesByDefaultAndOffersTheBusinessUnits(string language)
    {
        await using var bed = await BotTestBed.StartAsync(BotTestBed.FridayW48);
        if (language == "en")
        {
            await bed.SayAsync(TestRoster.Rep, "langue en");
        }

        var card = (await bed.SayAsync(TestRoster.Rep, language == "en" ? "checkin" : "point")).Card!;

        Assert.Contains(BotTestBed.Text(language, "checkin_readers"), CardText.Joined(card));
        var share = CardText.Input(card, CheckInRules.ShareWin)!;
        Assert.Equal(("Input.Toggle", "true"), (share["type"]!.GetValue<string>(), share["value"]!.GetValue<string>()));
        Assert.Equal(BotTestBed.Text(language, "checkin_label_share_win"), share["title"]!.GetValue<string>());
        var units = CardText.Input(card, CheckInRules.WinBusinessUnit)!;
        Assert.False(units["isRequired"]!.GetValue<bool>());
        Assert.Equal(["pumps"], units["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()));
        Assert.Equal("Pumps & Valves", units["choices"]![0]!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task AWinKeptPrivateWithTheBusinessUnitThatHelpedIsStoredAndShownOnTheSummary()
    {
        await using var bed = await BotTestBed.StartAsync(BotTestBed.FridayW48);
        var inputs = BotTestBed.Answer(win: "Order of 3 pumps for OCP");
        inputs["shareWin"] = "false";
        inputs["winBu"] = "PUMPS";

        var summary = await bed.SubmitAsync(TestRoster.Rep, "2026-W48", inputs);

        var stored = Assert.Single(await bed.CheckInStore.ReadWeeksAsync(bed.Member(TestRoster.Rep).Id, W48, W48, CancellationToken.None)).CheckIn.Answer;
        Assert.Equal((false, "pumps"), (stored.ShareWin, stored.WinBusinessUnit));
        var text = CardText.Joined(summary);
        Assert.Contains(BotTestBed.Text("fr", "checkin_win_private"), text);
        Assert.Contains("Pumps & Valves", text);
    }

    [Fact]
    public async Task AnUnknownBusinessUnitIsRefusedWithTheReasonAndTheOtherAnswersKept()
    {
        await using var bed = await BotTestBed.StartAsync(BotTestBed.FridayW48);
        var inputs = BotTestBed.Answer(win: "Order of 3 pumps", blocker: "Le transitaire est en retard");
        inputs["winBu"] = "golf";

        var refused = await bed.SubmitAsync(TestRoster.Rep, "2026-W48", inputs);

        Assert.Contains(BotTestBed.Text("fr", "checkin_error_unknown_bu"), CardText.Joined(refused));
        Assert.Equal("Le transitaire est en retard", CardText.Input(refused, CheckInRules.Blocker)!["value"]!.GetValue<string>());
        Assert.Equal("Order of 3 pumps", CardText.Input(refused, CheckInRules.Win)!["value"]!.GetValue<string>());
        Assert.Empty(await bed.CheckInStore.ReadWeeksAsync(bed.Member(TestRoster.Rep).Id, W48, W48, CancellationToken.None));
    }

    [Fact]
    public async Task TheNextWeeksCardRemembersAWinKeptPrivateAndACardWithoutTheToggleShares()
    {
        await using var bed = await BotTestBed.StartAsync(BotTestBed.FridayW48.AddDays(-7));
        await bed.InstallAsync(TestRoster.Rep, BotTestBed.Nadia);
        var inputs = BotTestBed.Answer();
        inputs["shareWin"] = "false";
        await bed.SubmitAsync(TestRoster.Rep, "2026-W47", inputs);
        // Nadia answers from a card sent before the toggle existed: her win is shared.
        await bed.SubmitAsync(BotTestBed.Nadia, "2026-W47", BotTestBed.Answer());
        bed.Clock.SetUtcNow(BotTestBed.FridayW48);

        await bed.CheckInCampaigns.SendCheckInAsync("mea", CancellationToken.None);
        var typed = (await bed.SayAsync(TestRoster.Rep, "point")).Card!;

        Assert.Equal("false", ShareOf(bed, TestRoster.Rep));
        Assert.Equal("true", ShareOf(bed, BotTestBed.Nadia));
        Assert.Equal("false", CardText.Input(typed, CheckInRules.ShareWin)!["value"]!.GetValue<string>());
        Assert.True(Assert.Single(await bed.CheckInStore.ReadWeeksAsync(bed.Member(BotTestBed.Nadia).Id, W47, W47, CancellationToken.None)).CheckIn.Answer.ShareWin);
    }

    private static string ShareOf(BotTestBed bed, TeamsUserAccount rep) =>
        CardText.Input(bed.Received(rep).Last(a => CardText.Input(a.Card, "visits") is not null).Card, CheckInRules.ShareWin)!["value"]!.GetValue<string>();
}
