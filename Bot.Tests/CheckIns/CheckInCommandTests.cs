using System.Globalization;
using System.Text.Json.Nodes;
using CoachBot.CheckIns;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.CheckIns;

/// <summary>The check-in's chat commands, typed into the personal chat through /api/messages.</summary>
public sealed class CheckInCommandTests
{
    [Fact]
    public async Task CheckinSendsThisWeeksCardAndOnceAnsweredTheSummary()
    {
        await using var bed = await BotTestBed.StartAsync(BotTestBed.FridayW48);

        var card = await bed.SayAsync(TestRoster.EnglishRep, "checkin");
        await bed.SubmitAsync(TestRoster.EnglishRep, "2026-W48", BotTestBed.Answer());
        var summary = await bed.SayAsync(TestRoster.EnglishRep, "checkin");

        var submit = Assert.Single(CardText.Elements(card.Card), e => e["type"]?.GetValue<string>() == "Action.Execute");
        Assert.Equal("checkin.submit", submit["verb"]!.GetValue<string>());
        Assert.Equal("2026-W48", submit["data"]!["week"]!.GetValue<string>());
        Assert.Contains(BotTestBed.Text("en", "checkin_note_answered", "Wednesday 2 December at 18:00", "48"), CardText.Joined(summary.Card));
    }

    [Fact]
    public async Task PointInFrenchOnMondayStillOpensLastWeekUntilItsCutOff()
    {
        await using var bed = await BotTestBed.StartAsync(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.FromHours(1)));

        var card = await bed.SayAsync(TestRoster.Rep, "point");

        Assert.Contains("Point hebdomadaire, semaine 48", CardText.Joined(card.Card));
        Assert.Contains("mercredi 2 décembre à 18:00", CardText.Joined(card.Card));
    }

    [Fact]
    public async Task CorrectMyAnswerReopensTheFormFilledWithTheStoredAnswer()
    {
        await using var bed = await BotTestBed.StartAsync(BotTestBed.FridayW48);
        var summary = await bed.SubmitAsync(TestRoster.EnglishRep, "2026-W48", BotTestBed.Answer(visits: "7", blocker: "Visa delays"));
        var edit = Assert.Single(CardText.Elements(summary), e => e["type"]?.GetValue<string>() == "Action.Execute");

        var response = await bed.InvokeAsync(TestRoster.EnglishRep, edit["verb"]!.GetValue<string>(), edit["data"]!.AsObject().DeepClone().AsObject());

        var form = response["value"]!.AsObject();
        Assert.Equal(7, CardText.Input(form, "visits")!["value"]!.GetValue<int>());
        Assert.Equal("Visa delays", CardText.Input(form, "blocker")!["value"]!.GetValue<string>());
        Assert.Contains("You already answered for week 48.", CardText.Joined(form));
    }

    [Fact]
    public async Task MyStatsShowsTheLastEightWeeksAsALineChartWithTheTargetAndATable()
    {
        await using var bed = await BotTestBed.StartAsync(BotTestBed.FridayW48.AddDays(-21));
        await bed.SubmitAsync(TestRoster.EnglishRep, "2026-W45", BotTestBed.Answer(fieldDays: "2"));
        bed.Clock.SetUtcNow(BotTestBed.FridayW48.AddDays(-7));
        await bed.SubmitAsync(TestRoster.EnglishRep, "2026-W47", BotTestBed.Answer(fieldDays: "1"));
        bed.Clock.SetUtcNow(BotTestBed.FridayW48);
        await bed.SubmitAsync(TestRoster.EnglishRep, "2026-W48", BotTestBed.Answer(fieldDays: "4"));

        var stats = (await bed.SayAsync(TestRoster.EnglishRep, "my stats")).Card;

        var chart = Assert.Single(CardText.Elements(stats), e => e["type"]?.GetValue<string>() == "Chart.Line");
        var series = chart["data"]!.AsArray();
        // Round ticks: a fixed 0–100 axis of whole percentages.
        Assert.Equal((0, 100), (chart["yMin"]!.GetValue<int>(), chart["yMax"]!.GetValue<int>()));
        // The target first, over every week (W41 to W48, unanswered ones included), in its own colour, its value in the legend.
        var target = series[0]!.AsObject();
        Assert.Equal(["W41", "W42", "W43", "W44", "W45", "W46", "W47", "W48"], target["values"]!.AsArray().Select(p => p!["x"]!.GetValue<string>()));
        Assert.All(target["values"]!.AsArray(), p => Assert.Equal(40, p!["y"]!.GetValue<int>()));
        Assert.Equal(("Team target (40%)", "neutral"), (target["legend"]!.GetValue<string>(), target["color"]!.GetValue<string>()));
        // A gap for W46 (no answer): W45 alone, then W47–W48; never a line across the week nobody answered.
        Assert.Equal(3, series.Count);
        Assert.Equal([("W45", 40)], series[1]!["values"]!.AsArray().Select(p => (p!["x"]!.GetValue<string>(), p["y"]!.GetValue<int>())));
        Assert.Equal([("W47", 20), ("W48", 80)], series[2]!["values"]!.AsArray().Select(p => (p!["x"]!.GetValue<string>(), p["y"]!.GetValue<int>())));
        Assert.All(series.Skip(1), s => Assert.NotEqual(target["color"]!.GetValue<string>(), s!["color"]!.GetValue<string>()));
        var text = CardText.Joined(stats);
        Assert.Contains("W41", text);
        Assert.Contains("W48", text);
        Assert.Contains("4 of 5", text);
        Assert.Contains(BotTestBed.Text("en", "checkin_stats_intro", "47%", "40%", "3", "8"), text);
    }

    [Fact]
    public async Task MyStatsReadsOnlyTheRepsOwnCheckIns()
    {
        await using var bed = await BotTestBed.StartAsync(BotTestBed.FridayW48);
        await bed.SubmitAsync(TestRoster.Rep, "2026-W48", BotTestBed.Answer(fieldDays: "5"));

        var stats = (await bed.SayAsync(TestRoster.EnglishRep, "my stats")).Card;

        Assert.DoesNotContain(CardText.Elements(stats), e => e["type"]?.GetValue<string>() == "Chart.Line");
        Assert.Contains("0 of the last 8 weeks answered", CardText.Joined(stats));
    }

    [Theory]
    [InlineData("away until 2026-11-01", "has already passed")]
    [InlineData("away until next week", "for example \"away until 24/12/2026\" or \"away until 24/12\"")]
    [InlineData("away until 31/02", "for example \"away until 24/12/2026\"")]
    [InlineData("away until 24/13/2026", "for example \"away until 24/12/2026\"")]
    [InlineData("away until 24/12/2026", "you are away until 24 December 2026")]
    [InlineData("away until 24/12", "you are away until 24 December 2026")]
    [InlineData("away until 5/1", "you are away until 5 January 2027")]
    [InlineData("away until 20/11", "20 November 2026 has already passed")]
    [InlineData("away until 2026-12-24", "you are away until 24 December 2026")]
    [InlineData("back", "You were not marked away")]
    public async Task AwayAndBackAnswerInPlainWords(string command, string expected)
    {
        await using var bed = await BotTestBed.StartAsync(BotTestBed.FridayW48);

        var reply = await bed.SayAsync(TestRoster.EnglishRep, command);

        Assert.Contains(expected, reply.Text);
    }

    [Fact]
    public async Task CheckInCommandsAreListedOnARepsHelpCardOnly()
    {
        await using var bed = await BotTestBed.StartAsync(BotTestBed.FridayW48);

        var rep = CardText.Joined((await bed.SayAsync(TestRoster.Rep, "aide")).Card);
        var lead = CardText.Joined((await bed.SayAsync(TestRoster.Lead, "help")).Card);
        var leadCheckin = await bed.SayAsync(TestRoster.Lead, "checkin");

        Assert.Contains("point", rep);
        Assert.Contains("absent(e) jusqu’au JJ/MM/AAAA", rep);
        Assert.DoesNotContain("my stats", lead);
        Assert.Null(leadCheckin.Card);
    }

    [Theory]
    [InlineData("absente jusqu’au 24/12")]
    [InlineData("absente jusqu'au 24/12/2026")]
    [InlineData("Absente jusqu’au 2026-12-24")]
    [InlineData("absent jusqu’au 24/12/2026")]
    [InlineData("absent jusqu'au 2026-12-24")]
    public async Task AwayIsUnderstoodInFrenchInTheFeminineAndWithTheDateWrittenDayFirst(string command)
    {
        await using var bed = await BotTestBed.StartAsync(BotTestBed.FridayW48);

        var reply = await bed.SayAsync(TestRoster.Rep, command);

        Assert.Contains("votre absence court jusqu’au 24 décembre 2026", reply.Text);
    }

    [Theory]
    [InlineData("2026-12-24", "2026-11-27", "2026-12-24")]
    [InlineData("24/12/2026", "2026-11-27", "2026-12-24")]
    [InlineData("until 24/12", "2026-11-27", "2026-12-24")]
    [InlineData("jusqu’au 05/01", "2026-12-28", "2027-01-05")]
    [InlineData("jusqu'à 20/11", "2026-11-27", "2026-11-20")]
    [InlineData("29/02", "2027-11-27", "2028-02-29")]
    [InlineData("28/02", "2027-11-27", "2028-02-28")]
    public void AnAwayDateIsReadDayFirstAndWithoutAYearFallsNearestToToday(string argument, string today, string expected)
    {
        Assert.True(AwayDate.TryParse(argument, DateOnly.Parse(today, CultureInfo.InvariantCulture), out var date));
        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture), date);
    }

    [Theory]
    [InlineData("")]
    [InlineData("next week")]
    [InlineData("12/24/2026")]
    [InlineData("31/04")]
    [InlineData("29/02/2027")]
    [InlineData("24-12-2026")]
    [InlineData("24/12 2026")]
    [InlineData("0/12")]
    public void AnAwayDateThatIsNotADayIsRefused(string argument)
    {
        Assert.False(AwayDate.TryParse(argument, new DateOnly(2026, 11, 27), out _));
    }
}
