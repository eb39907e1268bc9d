using CoachBot.Calendar;
using CoachBot.CheckIns;
using CoachBot.Coaching;
using CoachBot.Digests;
using CoachBot.Localization;
using CoachBot.SupportRequests;
using CoachBot.Teams;
using CoachBot.Tests.Dashboard;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Digests;

/// <summary><c>brief NAME</c> built from the largest realistic data stays under what Teams accepts: the newest entries, and how many more.</summary>
public sealed class BriefCardSizeTests
{
    private static readonly IsoWeek W48 = new(2026, 48);

    [Fact]
    public async Task ABriefWithHundredsOfOpenRequestsAndCommitmentsStaysUnder28KilobytesAndSaysHowManyMore()
    {
        await using var bed = await BotTestBed.StartDigestsAsync();
        var cards = bed.Bot.Service<DigestCards>();
        var rep = bed.Member(TestRoster.Rep);
        var weeks = Enumerable.Range(0, 8).Select(w => new RepWeek(W48.Plus(w - 7), 5, false,
            new WeeklyCheckIn(W48.Plus(w - 7), new CheckInAnswer(9, 3, 4, "", "", "", 3, false), 5, DateTimeOffset.UnixEpoch, 1))).ToList();
        var opened = BotTestBed.MondayW49.AddDays(-30);
        var requests = Enumerable.Range(0, 300).Select(i =>
        {
            var request = DashboardTestBed.Request($"REQ-2026-{i:D4}", rep.Id, "mea", "pumps", RequestState.Open, opened.AddHours(i));
            return request with { Asked = request.Asked with { Customer = $"Société Chérifienne des Phosphates, usine n°{i:D3} " + new string('é', 150) } };
        }).ToList();
        var commitments = Enumerable.Range(0, 100).Select(i => DashboardTestBed.Coached(rep.Id, DigestService.RepTrack, $"p{i}", W48.Plus(-(i % 40)), CoachingOutcome.Done,
            commitment: new string('è', CoachingService.MaxCommitmentLength))).ToList();
        var brief = new RepBrief(new RepHistory(rep, weeks), 0.4, requests, commitments);

        foreach (var language in Languages.All)
        {
            var card = cards.Brief(brief, BotTestBed.MondayW49, language);

            Assert.InRange(MessageSize.SizeOf((Microsoft.Bot.Schema.Activity)CardMessages.Message(card)), 1, MessageSize.MaxBytes);
            var texts = CardText.All(card);
            Assert.Contains(BotTestBed.Plural(language, "list_and_more", 300 - DigestCards.MaxNames), texts);
            Assert.Contains(BotTestBed.Plural(language, "list_and_more", 100 - DigestCards.MaxNames), texts);
        }
    }
}
