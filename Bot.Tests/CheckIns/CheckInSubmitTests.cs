using CoachBot.Calendar;
using CoachBot.Features;
using System.Text.Json.Nodes;
using CoachBot.CheckIns;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.CheckIns;

/// <summary>Submitting the card through the real pipeline: an <c>adaptiveCard/action</c> invoke into /api/messages, the new card in the invoke response.</summary>
public sealed class CheckInSubmitTests
{
    private static readonly TeamsUserAccount Rep = TestRoster.Rep;

    [Fact]
    public async Task ASubmittedCheckInIsStoredAndTheCardIsReplacedBySummaryWithPresenceAverageTargetAndTrend()
    {
        // Last week (W47): 1 field day out of 5.
        await using var bed = await BotTestBed.StartAsync(BotTestBed.FridayW48.AddDays(-7));
        await bed.SubmitAsync(Rep, "2026-W47", BotTestBed.Answer(fieldDays: "1"));
        bed.Clock.SetUtcNow(BotTestBed.FridayW48);

        var summary = await bed.SubmitAsync(Rep, "2026-W48", BotTestBed.Answer(fieldDays: "3", support: "true"));

        var text = CardText.Joined(summary);
        Assert.Contains(BotTestBed.Text("fr", "checkin_note_stored"), text);
        Assert.Contains("3 sur 5", text);
        Assert.Contains("60\u00a0%", text);              // this week: 3 / 5
        Assert.Contains("40\u00a0%", text);              // 4-week average (1 + 3) / (5 + 5), and the team target
        Assert.Contains(BotTestBed.Text("fr", "checkin_trend_up", "40"), text); // 60 % against 20 % last week
        var stored = await bed.CheckInStore.ReadWeeksAsync(bed.Member(Rep).Id, new IsoWeek(2026, 48), new IsoWeek(2026, 48), CancellationToken.None);
        var checkIn = Assert.Single(stored).CheckIn;
        Assert.Equal(new CheckInAnswer(6, 3, 5, "OCP (Maroc)", "Order for 12 pumps", "", 4, true), checkIn.Answer);
        Assert.Equal(5, checkIn.WorkingDays);
    }

    [Fact]
    public async Task TheSameAnswerSubmittedTwiceIsStoredOnceAndTheSecondSummarySaysSo()
    {
        await using var bed = await BotTestBed.StartAsync(BotTestBed.FridayW48);
        var table = await bed.Bot.TableAsync(CheckInStore.TableName);

        await bed.SubmitAsync(Rep, "2026-W48", BotTestBed.Answer());
        var first = (await table.GetEntityAsync<Azure.Data.Tables.TableEntity>(CheckInStore.PartitionOf(bed.Member(Rep).Id), "2026-W48")).Value;
        bed.Clock.Advance(TimeSpan.FromSeconds(2));
        var again = await bed.SubmitAsync(Rep, "2026-W48", BotTestBed.Answer(customers: "  OCP (Maroc) "));
        var after = (await table.GetEntityAsync<Azure.Data.Tables.TableEntity>(CheckInStore.PartitionOf(bed.Member(Rep).Id), "2026-W48")).Value;

        Assert.Contains("n’est enregistrée qu’une fois", CardText.Joined(again));
        Assert.Equal(first.ETag, after.ETag);
        Assert.Equal(1, after.GetInt32("Revision"));
    }

    [Fact]
    public async Task TwoIdenticalSubmitsAtTheSameMomentStoreOneAnswer()
    {
        await using var bed = await BotTestBed.StartAsync(BotTestBed.FridayW48);

        var cards = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => bed.SubmitAsync(Rep, "2026-W48", BotTestBed.Answer())));

        var stored = Assert.Single(await bed.CheckInStore.ReadWeeksAsync(bed.Member(Rep).Id, new IsoWeek(2026, 48), new IsoWeek(2026, 48), CancellationToken.None));
        Assert.Equal(1, stored.CheckIn.Revision);
        Assert.Single(cards, c => CardText.Joined(c).Contains(BotTestBed.Text("fr", "checkin_note_stored")));
        Assert.Equal(3, cards.Count(c => CardText.Joined(c).Contains("qu’une fois")));
    }

    [Fact]
    public async Task ACorrectionBeforeTheCutOffReplacesTheAnswerAndSaysSo()
    {
        await using var bed = await BotTestBed.StartAsync(BotTestBed.FridayW48);
        await bed.SubmitAsync(Rep, "2026-W48", BotTestBed.Answer(visits: "6", fieldDays: "3"));
        bed.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 2, 17, 59, 0, TimeSpan.FromHours(1)));

        var corrected = await bed.SubmitAsync(Rep, "2026-W48", BotTestBed.Answer(visits: "8", fieldDays: "4"));

        Assert.Contains(BotTestBed.Text("fr", "checkin_note_corrected"), CardText.Joined(corrected));
        var stored = Assert.Single(await bed.CheckInStore.ReadWeeksAsync(bed.Member(Rep).Id, new IsoWeek(2026, 48), new IsoWeek(2026, 48), CancellationToken.None)).CheckIn;
        Assert.Equal((8, 4, 2), (stored.Answer.Visits, stored.Answer.FieldDays, stored.Revision));
    }

    [Fact]
    public async Task AfterTheCutOffTheWeekIsClosedAndNothingChanges()
    {
        await using var bed = await BotTestBed.StartAsync(BotTestBed.FridayW48);
        await bed.SubmitAsync(Rep, "2026-W48", BotTestBed.Answer(visits: "6"));
        bed.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 2, 18, 0, 0, TimeSpan.FromHours(1)));

        var late = await bed.SubmitAsync(Rep, "2026-W48", BotTestBed.Answer(visits: "9"));
        var lateUnanswered = await bed.SubmitAsync(TestRoster.EnglishRep, "2026-W48", BotTestBed.Answer());

        Assert.Contains("La semaine 48 est close", CardText.Joined(late));
        Assert.DoesNotContain(CardText.Elements(late), e => e["type"]?.GetValue<string>() == "Action.Execute");
        Assert.Equal(6, Assert.Single(await bed.CheckInStore.ReadWeeksAsync(bed.Member(Rep).Id, new IsoWeek(2026, 48), new IsoWeek(2026, 48), CancellationToken.None)).CheckIn.Answer.Visits);
        Assert.Contains("Week 48 is closed", CardText.Joined(lateUnanswered));
        Assert.Empty(await bed.CheckInStore.ReadWeeksAsync(bed.Member(TestRoster.EnglishRep).Id, new IsoWeek(2026, 48), new IsoWeek(2026, 48), CancellationToken.None));
    }

    [Fact]
    public async Task ARefusedCardComesBackWithTheReasonAndTheRepsOtherAnswersAndNothingIsStored()
    {
        await using var bed = await BotTestBed.StartAsync(BotTestBed.FridayW48);

        var refused = await bed.SubmitAsync(TestRoster.EnglishRep, "2026-W48",
            BotTestBed.Answer(visits: "70", fieldDays: "2", customers: "Petronas (Malaysia)", win: "PO signed", confidence: "5", support: "true"));

        Assert.Contains(BotTestBed.Text("en", "checkin_error_range", "0", "50"), CardText.Joined(refused));
        Assert.Equal(70, CardText.Input(refused, "visits")!["value"]!.GetValue<int>());
        Assert.Equal(2, CardText.Input(refused, "fieldDays")!["value"]!.GetValue<int>());
        Assert.Equal("Petronas (Malaysia)", CardText.Input(refused, "customers")!["value"]!.GetValue<string>());
        Assert.Equal("PO signed", CardText.Input(refused, "win")!["value"]!.GetValue<string>());
        Assert.Equal("5", CardText.Input(refused, "confidence")!["value"]!.GetValue<string>());
        Assert.Equal("true", CardText.Input(refused, "needsBuSupport")!["value"]!.GetValue<string>());
        var submit = Assert.Single(CardText.Elements(refused), e => e["type"]?.GetValue<string>() == "Action.Execute");
        Assert.Equal("2026-W48", submit["data"]!["week"]!.GetValue<string>());
        Assert.Empty(await bed.CheckInStore.ReadWeeksAsync(bed.Member(TestRoster.EnglishRep).Id, new IsoWeek(2026, 40), new IsoWeek(2026, 53), CancellationToken.None));
    }

    [Fact]
    public async Task InAWeekWithAHolidayFieldDaysAreCountedAgainstTheRemainingWorkingDays()
    {
        // Friday 25 December is a holiday in "mea": 2026-W52 has four working days.
        await using var bed = await BotTestBed.StartAsync(new DateTimeOffset(2026, 12, 26, 10, 0, 0, TimeSpan.FromHours(1)));

        var refused = await bed.SubmitAsync(Rep, "2026-W52", BotTestBed.Answer(fieldDays: "5"));
        var summary = await bed.SubmitAsync(Rep, "2026-W52", BotTestBed.Answer(fieldDays: "2"));

        Assert.Contains("Pas plus de 4\u00a0: les jours ouvrés de cette semaine-là", CardText.Joined(refused));
        Assert.Contains("2 sur 4", CardText.Joined(summary));
        Assert.Contains("50\u00a0%", CardText.Joined(summary));
    }

    [Fact]
    public async Task ForgedCardDataNamingAnotherRepChangesNothingForThatRep()
    {
        await using var bed = await BotTestBed.StartAsync(BotTestBed.FridayW48);
        var victim = TestRoster.EnglishRep;
        var forged = BotTestBed.Answer(visits: "0", fieldDays: "0");
        forged["rep"] = bed.Member(victim).Id;
        forged["memberId"] = bed.Member(victim).Id;
        forged["aadObjectId"] = victim.AadObjectId;
        forged["from"] = new JsonObject { ["aadObjectId"] = victim.AadObjectId };

        await bed.SubmitAsync(Rep, "2026-W48", forged);

        Assert.Empty(await bed.CheckInStore.ReadWeeksAsync(bed.Member(victim).Id, new IsoWeek(2026, 48), new IsoWeek(2026, 48), CancellationToken.None));
        var own = Assert.Single(await bed.CheckInStore.ReadWeeksAsync(bed.Member(Rep).Id, new IsoWeek(2026, 48), new IsoWeek(2026, 48), CancellationToken.None));
        Assert.Equal(0, own.CheckIn.Answer.Visits);
    }

    [Fact]
    public async Task AWeekThatHasNotStartedOrIsNotAWeekIsNeverStored()
    {
        await using var bed = await BotTestBed.StartAsync(BotTestBed.FridayW48);

        var future = await bed.SubmitAsync(Rep, "2026-W49", BotTestBed.Answer());
        var garbage = await bed.SubmitAsync(Rep, "../../etc", BotTestBed.Answer());

        Assert.Contains("pas de point à remplir pour la semaine 49", CardText.Joined(future));
        Assert.Contains(BotTestBed.Text("fr", "checkin_note_stored"), CardText.Joined(garbage)); // not a week: the open week (W48)
        var stored = await bed.CheckInStore.ReadWeeksAsync(bed.Member(Rep).Id, new IsoWeek(2026, 40), new IsoWeek(2026, 53), CancellationToken.None);
        Assert.Equal(["2026-W48"], stored.Select(s => s.CheckIn.Week.ToString()));
    }

    [Fact]
    public async Task SomeoneWhoIsNotARepCannotSubmitACheckIn()
    {
        await using var bed = await BotTestBed.StartAsync(BotTestBed.FridayW48);

        var reply = await bed.SubmitAsync(TestRoster.Lead, "2026-W48", BotTestBed.Answer());

        Assert.Contains(BotTestBed.Text("en", "checkin_reps_only"), CardText.Joined(reply));
        var table = await bed.Bot.TableAsync(CheckInStore.TableName);
        Assert.Empty(table.Query<Azure.Data.Tables.TableEntity>().ToList());
    }

    [Fact]
    public async Task ASubmitCostsAtMostTwoTableTransactions()
    {
        var requests = new List<string>();
        var counter = new StorageFaults
        {
            Fail = request =>
            {
                if (request.Uri.Path.Contains(CheckInStore.TableName, StringComparison.Ordinal))
                {
                    lock (requests)
                    {
                        requests.Add($"{request.Method} {request.Uri.Path}");
                    }
                }
                return false;
            },
        };
        await using var bed = await BotTestBed.StartAsync(BotTestBed.FridayW48, services: counter.AddTo);
        await bed.CheckInStore.ReadWeeksAsync("warm-up", new IsoWeek(2026, 1), new IsoWeek(2026, 1), CancellationToken.None); // creates the table
        var member = bed.Member(Rep);

        var counts = new List<int>();
        foreach (var answer in new[] { BotTestBed.Answer(), BotTestBed.Answer(), BotTestBed.Answer(visits: "9") })
        {
            requests.Clear();
            var view = await bed.CheckInService.SubmitAsync(member, "2026-W48", CardData.Texts(answer, CheckInRules.Fields), CancellationToken.None);
            Assert.NotNull(view.Summary);
            counts.Add(requests.Count);
        }

        Assert.Equal([2, 1, 2], counts); // first answer, the same again, a correction
    }
}
