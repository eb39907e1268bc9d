using CoachBot.Calendar;
using CoachBot.Localization;
using System.Text.Json.Nodes;
using CoachBot.CheckIns;
using CoachBot.Coaching;
using CoachBot.Digests;
using CoachBot.Roster;
using CoachBot.SupportRequests;
using CoachBot.Teams.Delivery;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Digests;

public sealed class DigestCardTests
{
    private static readonly IsoWeek W48 = new(2026, 48);

    /// <summary>Stores 8 weeks for the test roster's reps, with requests and coaching, so every part of every digest card has something to show.</summary>
    private static async Task FillAsync(BotTestBed bed)
    {
        for (var i = 0; i < 8; i++)
        {
            await bed.StoreAsync(TestRoster.Rep, W48.Plus(-i), fieldDays: i % 3 == 2 ? 3 : 1);
            await bed.StoreAsync(TestRoster.EnglishRep, W48.Plus(-i), fieldDays: i < 4 ? 2 + (i > 1 ? 2 : 0) : 3);
            await bed.StoreAsync(BotTestBed.Nadia, W48.Plus(-i), fieldDays: i == 0 ? 2 : 4 - i % 2);
        }
        var monday = BotTestBed.MondayW49;
        var amina = bed.Member(TestRoster.Rep).Id;
        bed.Requests!.Requests.AddRange(
        [
            DigestFiguresTests.Request("REQ-1", "pumps", monday.AddDays(-3), acknowledgedAfterHours: 6, rep: amina),
            DigestFiguresTests.Request("REQ-2", "pumps", monday.AddDays(-9), rep: amina, escalatedAt: monday.AddDays(-4), escalation: EscalationLevel.Sponsor),
            DigestFiguresTests.Request("REQ-3", "pumps", monday.AddDays(-20), declined: ObjectionCategory.DomesticPriority, rep: amina),
            DigestFiguresTests.Request("REQ-4", "pumps", monday.AddDays(-30), state: RequestState.Delivered, rep: amina, dealSize: 400_000, currency: "EUR") with { DeliveredAt = monday.AddDays(-2) },
        ]);
        bed.Coaching!.Entries.AddRange(
        [
            DigestFiguresTests.Coaching(amina, "rep", "p1", CoachingOutcome.Done, "Appeler trois prospects", CommitmentFollowUp.Done),
            DigestFiguresTests.Coaching(amina, "rep", "p2", CoachingOutcome.Sent),
        ]);
    }

    /// <summary>Every digest card, filled by the real code through the real reads, in both languages: with data and empty.</summary>
    internal static async Task<Dictionary<string, JsonObject>> EveryCardAsync()
    {
        var cards = new Dictionary<string, JsonObject>();
        await using (var bed = await BotTestBed.StartDigestsAsync())
        {
            await FillAsync(bed);
            await AddAsync(bed, cards, "data");
        }
        await using (var empty = await BotTestBed.StartDigestsAsync())
        {
            await AddAsync(empty, cards, "empty");
        }
        return cards;
    }

    private static async Task AddAsync(BotTestBed bed, Dictionary<string, JsonObject> cards, string label)
    {
        var service = bed.Bot.Service<DigestService>();
        var digestCards = bed.Bot.Service<DigestCards>();
        var organization = bed.Bot.Service<Organization>();
        var snapshot = await service.ReadAsync(CancellationToken.None);
        var director = bed.Member(TestRoster.Director);
        var sponsor = bed.Member(TestRoster.Sponsor);
        var unit = organization.BusinessUnits["pumps"];
        var requests = service.RequestsOf(snapshot, "pumps");
        foreach (var language in Languages.All)
        {
            cards[$"Digests/Cards/digest.json {language} director {label}"] = digestCards.Digest(service.DirectorFigures(snapshot, director, W48), language);
            cards[$"Digests/Cards/digest.json {language} sponsor {label}"] = digestCards.Digest(service.SponsorFigures(snapshot, sponsor, W48), language, sponsor,
                service.EscalatedTo(snapshot, sponsor), snapshot.Now);
            cards[$"Digests/Cards/lead.json {language} {label}"] = digestCards.Lead(unit, W48,
                service.LeadFigures(requests, W48, organization.DirectorTimeZone, snapshot.Now),
                DigestFigures.Objective(unit, requests, snapshot.Now, organization.DirectorTimeZone), language);
            cards[$"Digests/Cards/team.json {language} {label}"] = digestCards.Team(service.TeamTable(snapshot, director), director, language);
            cards[$"Digests/Cards/brief.json {language} {label}"] = digestCards.Brief(service.Brief(snapshot, bed.Member(TestRoster.Rep)), snapshot.Now, language);
            var wins = bed.Bot.Service<WinCampaigns>();
            var win = new RepWin(bed.Member(TestRoster.Rep), W48, snapshot.Now, "Commande de 3 pompes", "OCP", true, "pumps", label == "data" ? "REQ-2026-0001" : null);
            cards[$"Digests/Cards/thanks.json {language} {label}"] = wins.Thanks(win, unit, language);
            cards[$"Digests/Cards/export-wins.json {language} {label}"] = wins.Monthly(new DateOnly(2026, 11, 1), label == "data" ? [win] : [], language);
        }
    }

    [Fact]
    public async Task EveryDigestCardInBothLanguagesParsesCleanlyWithItsChartsFallingBackToText()
    {
        var cards = await EveryCardAsync();

        var results = await CardValidator.ValidateAsync(cards);

        Assert.Equal(2 * 2 * 7, cards.Count);
        var failures = results.Where(r => r.Value.Count > 0).Select(r => $"{r.Key}: {string.Join("; ", r.Value)}").ToList();
        Assert.Empty(failures);
        foreach (var chart in cards.Values.SelectMany(c => CardText.Elements(c)).Where(e => e["type"]?.GetValue<string>()?.StartsWith("Chart.", StringComparison.Ordinal) == true))
        {
            Assert.Equal("TextBlock", chart["fallback"]?["type"]?.GetValue<string>());
            Assert.False(string.IsNullOrWhiteSpace(chart["fallback"]!["text"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task TheDirectorsDigestDrawsPresenceAgainstTargetTimeToAcknowledgeAndObjections()
    {
        var card = (await EveryCardAsync())["Digests/Cards/digest.json en director data"];

        var line = CardText.Elements(card).Single(e => e["type"]?.GetValue<string>() == "Chart.Line");
        var target = line["data"]![0]!["values"]!.AsArray();
        var team = line["data"]![1]!["values"]!.AsArray();
        Assert.Equal((8, 8), (target.Count, team.Count));
        // W48: Amina 1, Wei 2, Nadia 2 of 5 days each: 5 / 15, drawn as a whole percentage on a 0–100 axis.
        Assert.Equal(("W48", 33), (team[^1]!["x"]!.GetValue<string>(), team[^1]!["y"]!.GetValue<int>()));
        Assert.Equal((0, 100), (line["yMin"]!.GetValue<int>(), line["yMax"]!.GetValue<int>()));
        Assert.All(target, p => Assert.Equal(40, p!["y"]!.GetValue<int>()));
        Assert.Equal("Target (40%)", line["data"]![0]!["legend"]!.GetValue<string>());
        var bars = CardText.Elements(card).Single(e => e["type"]?.GetValue<string>() == "Chart.HorizontalBar");
        // REQ-1: opened Friday 08:00 in Paris, acknowledged at 14:00: 5 business hours (from 09:00).
        Assert.Equal(("Pumps & Valves", 5.0), (bars["data"]![0]!["x"]!.GetValue<string>(), bars["data"]![0]!["y"]!.GetValue<double>()));
        var donut = CardText.Elements(card).Single(e => e["type"]?.GetValue<string>() == "Chart.Donut");
        Assert.Equal((BotTestBed.Text("en", "objection_DomesticPriority"), 1), (donut["data"]![0]!["legend"]!.GetValue<string>(), donut["data"]![0]!["value"]!.GetValue<int>()));
        var text = CardText.Joined(card);
        Assert.Contains(BotTestBed.Text("en", "digest_response_value", "3", "5", "60%"), text);
        Assert.Contains(BotTestBed.Text("en", "digest_under_line", "Amina Haddad", "20%"), text);
        Assert.Contains(BotTestBed.Text("en", "digest_warning_line", "Wei Lin", "40%", "20%"), text);
        Assert.Contains(BotTestBed.Plural("en", "digest_open_value", 2, "9 days ago"), text);
    }

    [Fact]
    public async Task AnEmptyWeekSaysSoInsteadOfDrawingZeros()
    {
        var cards = await EveryCardAsync();

        var empty = cards["Digests/Cards/digest.json en director empty"];
        Assert.False(CardText.HasElement(empty, "Chart.Line"));
        Assert.False(CardText.HasElement(empty, "Chart.HorizontalBar"));
        Assert.Contains("No check-in answers in these 8 weeks yet", CardText.Joined(empty));
        Assert.Contains(BotTestBed.Text("en", "digest_requests_empty"), CardText.Joined(empty));
        Assert.DoesNotContain("0%", CardText.Joined(empty));
    }

    [Fact]
    public async Task TheSponsorsDigestCoversTheirRegionAndListsWhatWasEscalatedToThem()
    {
        var text = CardText.Joined((await EveryCardAsync())["Digests/Cards/digest.json en sponsor data"]);

        Assert.Contains("Digest for Middle East & Africa, week 48", text);
        Assert.Contains(BotTestBed.Text("en", "digest_escalated_line", "REQ-2", "OCP", "Pumps & Valves", BotTestBed.Plural("en", "ago_days", 9)), text);
        Assert.DoesNotContain("Wei Lin", text);
        Assert.Contains("2 of 3 expected", text);
    }

    [Fact]
    public async Task TheLeadsDigestShowsProgressAgainstTheInternationalObjective()
    {
        var text = CardText.Joined((await EveryCardAsync())["Digests/Cards/lead.json en data"]);

        Assert.Contains(BotTestBed.Text("en", "digest_objective_value", "400,000 EUR", "12,000,000 EUR", "3%", "EUR"), text);
        Assert.Contains("Median time to acknowledge: 5 h over 1 request (business hours", text);
        Assert.Contains("Priority to domestic customers: 1", text);
    }

    [Theory]
    [InlineData("en", "6 October 2026", "30 November 2026", "29 November 2026")]
    [InlineData("fr", "6 octobre 2026", "30 novembre 2026", "29 novembre 2026")]
    public async Task EveryDigestSaysWhichDaysItsFiguresCoverTodayIncluded(string language, string from, string today, string sunday)
    {
        var cards = await EveryCardAsync();
        var texts = new Texts();

        var withData = CardText.Joined(cards[$"Digests/Cards/lead.json {language} data"]);
        var empty = CardText.Joined(cards[$"Digests/Cards/lead.json {language} empty"]);
        var director = CardText.Joined(cards[$"Digests/Cards/digest.json {language} director data"]);

        // Sent on Monday 30 November: requests and coaching to today; presence to the week the check-ins answered.
        Assert.Contains(texts.Format(language, "digest_covers_requests", from, today), withData);
        Assert.Contains(texts.Format(language, "digest_covers_requests", from, today), empty);
        Assert.Contains(texts.Format(language, "digest_covers", 41, 48, sunday, from, today), director);
    }

    [Fact]
    public async Task ADigestRunReadsTheCheckInsTableOnceWhateverTheNumberOfRecipients()
    {
        var checkInReads = 0;
        var storage = new StorageFaults { Fail = request =>
        {
            if (request.Method == Azure.Core.RequestMethod.Get && request.Uri.Path.Contains(CheckInStore.TableName, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref checkInReads);
            }
            return false;
        } };
        // A second sponsor (Asia-Pacific), so the sponsors' campaign has two recipients.
        var secondSponsor = new TeamsUserAccount("Lena Park", "11111111-0000-0000-0000-000000000012", "en-US");
        await using var bed = await BotTestBed.StartDigestsAsync(settings: new Dictionary<string, string?>
        {
            ["Organization:Regions:1:Sponsor:Name"] = secondSponsor.Name,
            ["Organization:Regions:1:Sponsor:AadObjectId"] = secondSponsor.AadObjectId,
        }, services: storage.AddTo);
        await FillAsync(bed);
        await bed.InstallAsync(TestRoster.Sponsor, secondSponsor);
        Interlocked.Exchange(ref checkInReads, 0);

        var result = await bed.Bot.Service<DigestCampaigns>().SendSponsorsAsync(CancellationToken.None);

        Assert.Equal(2, result.Sent);
        Assert.Equal(1, checkInReads);
        Assert.Contains(bed.Bot.Connector.SentTo(secondSponsor.ConversationId), a => CardText.Joined(a.Card).Contains("Digest for Asia-Pacific, week 48"));
    }

    [Fact]
    public async Task TimeToAcknowledgeCountsTheBusinessUnitsBusinessHoursNotTheWeekend()
    {
        await using var bed = await BotTestBed.StartDigestsAsync();
        // Friday 27 November 17:00 in Paris to Monday 30 November 10:00: 1 hour on Friday, 1 on Monday (calendar: 65 hours).
        var request = DigestFiguresTests.Request("REQ-1", "pumps", new DateTimeOffset(2026, 11, 27, 17, 0, 0, TimeSpan.FromHours(1)), acknowledgedAfterHours: 65);

        Assert.Equal(2.0, bed.Bot.Service<DigestService>().HoursToAcknowledge(request), 6);
    }

    [Fact]
    public async Task EveryCardStaysUnder28KilobytesWith200Reps()
    {
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < 200; i++)
        {
            settings[$"Organization:Reps:{5 + i}:Name"] = $"Représentante Numéro {i:D3} Longuenom-Dupont";
            settings[$"Organization:Reps:{5 + i}:Email"] = $"rep{i:D3}@coachbot.example";
            settings[$"Organization:Reps:{5 + i}:Region"] = i % 2 == 0 ? "mea" : "apac";
        }
        await using var bed = await BotTestBed.StartDigestsAsync(settings: settings);
        var organization = bed.Bot.Service<Organization>();
        var reps = organization.Members.Where(m => m.Has(Role.Rep)).ToList();
        var histories = reps.Select((rep, i) => new RepHistory(rep, Enumerable.Range(0, 8).Select(w => new RepWeek(W48.Plus(w - 7), 5, false,
            new WeeklyCheckIn(W48.Plus(w - 7), new CheckInAnswer(3, w == 7 ? (i % 2 == 0 ? 1 : 2) : (i % 2 == 0 ? 1 : 5 - w / 2), 2, "", "", "", 3, false), 5, DateTimeOffset.UnixEpoch, 1))).ToList())).ToList();
        var requests = reps.SelectMany((rep, i) => new[]
        {
            DigestFiguresTests.Request($"REQ-{i}A", i % 2 == 0 ? "pumps" : "automation", BotTestBed.MondayW49.AddDays(-i % 20), acknowledgedAfterHours: i % 30, rep: rep.Id),
            DigestFiguresTests.Request($"REQ-{i}B", "pumps", BotTestBed.MondayW49.AddDays(-i % 40), declined: (ObjectionCategory)(i % 5), rep: rep.Id),
            DigestFiguresTests.Request($"REQ-{i}C", "pumps", BotTestBed.MondayW49.AddDays(-5), escalatedAt: BotTestBed.MondayW49.AddDays(-2), escalation: EscalationLevel.Sponsor, rep: rep.Id, region: rep.RegionId!),
        }).ToList();
        var coaching = reps.Select(rep => DigestFiguresTests.Coaching(rep.Id, "rep", "p1", CoachingOutcome.Done)).ToList();
        var input = new DigestInput(W48, BotTestBed.MondayW49, organization.DirectorTimeZone, 0.4, histories, requests, new CoachingFacts(coaching, _ => 12));
        var figures = DigestFigures.Team(input, CalendarHours);
        var cards = bed.Bot.Service<DigestCards>();
        var director = bed.Member(TestRoster.Director);
        var sponsor = bed.Member(TestRoster.Sponsor);
        Assert.True(figures.UnderTargetTwoWeeks.Count > 50);

        foreach (var language in Languages.All)
        {
            var team = cards.Team(DigestFigures.TeamTable(histories, _ => W48, requests, new CoachingFacts(coaching, _ => 12), "rep"), director, language);
            var digest = cards.Digest(figures, language);
            var sponsorDigest = cards.Digest(figures, language, sponsor, requests.Where(r => r.Escalation == EscalationLevel.Sponsor).ToList(), BotTestBed.MondayW49);
            foreach (var card in new[] { team, digest, sponsorDigest })
            {
                Assert.InRange(DigestCards.SizeOf(card), 1, 28 * 1024);
            }
            Assert.Contains(language == "en" ? "… and" : "… et", CardText.Joined(digest));
        }
    }

    [Fact]
    public async Task TheDirectorsDigestGoesOutOnceAWeekUnderItsCampaignIdEvenWhenRunTwice()
    {
        await using var bed = await BotTestBed.StartDigestsAsync();
        await FillAsync(bed);
        await bed.InstallAsync(TestRoster.Director, TestRoster.Sponsor, TestRoster.Lead);
        var campaigns = bed.Bot.Service<DigestCampaigns>();

        var first = await campaigns.SendDirectorAsync(CancellationToken.None);
        var second = await campaigns.SendDirectorAsync(CancellationToken.None);
        await campaigns.SendSponsorsAsync(CancellationToken.None);
        await campaigns.SendLeadsAsync("pumps", CancellationToken.None);

        Assert.Equal("digest/2026-W48/director", DigestCampaigns.CampaignId(W48, "director"));
        Assert.Equal((1, 0), (first.Sent, second.Sent));
        var directorCards = bed.Bot.Connector.SentTo(TestRoster.Director.ConversationId).Where(a => a.Card is not null).Select(a => a.Card!).ToList();
        Assert.Single(directorCards, c => CardText.Joined(c).Contains("Synthèse de l’équipe, semaine 48")); // Claire's Teams is French
        Assert.Contains(bed.Bot.Connector.SentTo(TestRoster.Sponsor.ConversationId), a => CardText.Joined(a.Card).Contains("Digest for Middle East & Africa, week 48"));
        Assert.Contains(bed.Bot.Connector.SentTo(TestRoster.Lead.ConversationId), a => CardText.Joined(a.Card).Contains("Pumps & Valves: digest of week 48"));
        // One read of each history per run, whatever the number of recipients (3 runs that read: director twice, sponsors, leads).
        Assert.Equal(4, bed.Requests!.Reads);
    }

    /// <summary>Elapsed calendar hours to acknowledgement: the figures take the hours function; the service passes business hours.</summary>
    internal static double CalendarHours(SupportRequestSnapshot request) => request.AcknowledgedAt is { } at ? (at - request.OpenedAt).TotalHours : 0;
}
