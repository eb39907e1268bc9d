using CoachBot.Calendar;
using CoachBot.CheckIns;
using CoachBot.Coaching;
using CoachBot.Digests;
using CoachBot.Localization;
using CoachBot.Roster;
using CoachBot.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CoachBot.Tests.Digests;

/// <summary>
/// What reps wrote, read by those who can act: the director's and the sponsors' weekly digests list the week's wins and
/// blockers (grouped by theme, with the reps' names), and <c>brief</c> shows a rep's last four wins, blockers and
/// confidence scores and flags a drop. Check-ins are submitted through the bot and stored in Azurite.
/// </summary>
public sealed class DigestVoicesTests(ITestOutputHelper output)
{
    private static readonly IsoWeek W48 = new(2026, 48);

    private static async Task AnswerAsync(BotTestBed bed, TeamsUserAccount rep, string win, string blocker, string customers = "OCP (Maroc)")
    {
        await bed.InstallAsync(rep);
        var card = await bed.SubmitAsync(rep, "2026-W48", BotTestBed.Answer(win: win, blocker: blocker, customers: customers));
        Assert.Null(CardText.Input(card, "visits"));
    }

    [Fact]
    public async Task TheDirectorsDigestListsTheWeeksWinsAndBlockersByThemeWithTheRepsNames()
    {
        await using var bed = await BotTestBed.StartDigestsAsync();
        await AnswerAsync(bed, TestRoster.Rep, "Commande de 3 pompes signée", "Le transitaire ne trouve pas de conteneur avant janvier");
        await AnswerAsync(bed, BotTestBed.Nadia, "", "Pas de rendez-vous calé, agenda vide");
        await AnswerAsync(bed, BotTestBed.Omar, "Second order from Sonatrach", "Customers keep cancelling our meetings");
        await AnswerAsync(bed, TestRoster.EnglishRep, "Demo done at PTT", "RAS");
        await bed.InstallAsync(TestRoster.Director);

        await bed.Bot.Service<DigestCampaigns>().SendDirectorAsync(CancellationToken.None);

        var digest = bed.Received(TestRoster.Director).Last().Card!;
        var lines = CardText.Elements(digest).Select(e => e["text"]?.GetValue<string>()).OfType<string>().ToList();
        int At(string text) => lines.FindIndex(l => l.Contains(text, StringComparison.Ordinal));
        Assert.True(At(BotTestBed.Text("fr", "digest_wins_heading")) >= 0);
        Assert.Contains("Amina Haddad\u00a0: «\u00a0Commande de 3 pompes signée\u00a0» · OCP (Maroc)", lines);
        Assert.Contains(lines, l => l.StartsWith("Omar Sy\u00a0: «\u00a0Second order from Sonatrach\u00a0»", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Wei Lin\u00a0: «\u00a0Demo done at PTT\u00a0»", StringComparison.Ordinal));
        // Blockers: the theme with two first, then the one with one; "RAS" is no blocker.
        var planning = At("Présence client et planification des visites\u00a0: 2 points de blocage");
        var logistics = At("Logistique export\u00a0: 1 point de blocage");
        Assert.True(planning > At(BotTestBed.Text("fr", "digest_blockers_heading")) && logistics > planning, string.Join(" | ", lines));
        Assert.True(At("Nadia Amrani\u00a0: «\u00a0Pas de rendez-vous calé, agenda vide\u00a0»") is var nadia && nadia > planning && nadia < logistics);
        Assert.True(At("Omar Sy\u00a0: «\u00a0Customers keep cancelling our meetings\u00a0»") is var omar && omar > planning && omar < logistics);
        Assert.True(At("Amina Haddad\u00a0: «\u00a0Le transitaire ne trouve pas de conteneur avant janvier\u00a0»") > logistics);
        Assert.DoesNotContain(lines, l => l.Contains("RAS", StringComparison.Ordinal));
        Assert.Equal("Bolder", CardText.Elements(digest).First(e => e["text"]?.GetValue<string>() == lines[planning])["weight"]!.GetValue<string>());
        Assert.Empty((await CardValidator.ValidateAsync(new Dictionary<string, System.Text.Json.Nodes.JsonObject> { ["digest"] = digest }))["digest"]);
    }

    [Fact]
    public async Task ASponsorsDigestListsOnlyTheirRegionsWinsAndBlockersInTheirLanguage()
    {
        await using var bed = await BotTestBed.StartDigestsAsync();
        await AnswerAsync(bed, BotTestBed.Omar, "Second order from Sonatrach", "The letter of credit is still not confirmed");
        await AnswerAsync(bed, TestRoster.EnglishRep, "Demo done at PTT", "Our distributor in Thailand has gone silent");
        await bed.InstallAsync(TestRoster.Sponsor);

        await bed.Bot.Service<DigestCampaigns>().SendSponsorsAsync(CancellationToken.None);

        var text = CardText.Joined(bed.Received(TestRoster.Sponsor).Last().Card);
        Assert.Contains("Wins of the week", text);
        Assert.Contains("Omar Sy: «Second order from Sonatrach»", text);
        Assert.Contains("Payment terms: 1 blocker", text);
        Assert.Contains("Omar Sy: «The letter of credit is still not confirmed»", text);
        Assert.DoesNotContain("PTT", text);
        Assert.DoesNotContain("Thailand", text);
    }

    [Fact]
    public async Task AWeekWithoutWinsOrBlockersSaysSo()
    {
        await using var bed = await BotTestBed.StartDigestsAsync();
        await AnswerAsync(bed, BotTestBed.Omar, "", "Nothing in particular");
        await bed.InstallAsync(TestRoster.Sponsor);

        await bed.Bot.Service<DigestCampaigns>().SendSponsorsAsync(CancellationToken.None);

        var text = CardText.Joined(bed.Received(TestRoster.Sponsor).Last().Card);
        Assert.Contains(BotTestBed.Text("en", "digest_wins_none"), text);
        Assert.Contains(BotTestBed.Text("en", "digest_blockers_none"), text);
    }

    [Theory]
    [InlineData(new[] { 4, 4, 4, 2 }, "brief_confidence_drop", 4, 2)]
    [InlineData(new[] { 3, 3, 2, 1 }, "brief_confidence_low", 2, 1)]
    [InlineData(new[] { 2, 3, 4, 3 }, null, 0, 0)]
    [InlineData(new[] { 4, 5, 3, 2 }, null, 0, 0)]
    public async Task BriefShowsTheLastFourWinsBlockersAndConfidenceAndFlagsADrop(int[] confidence, string? flag, int earlier, int latest)
    {
        await using var bed = await BotTestBed.StartDigestsAsync();
        var store = bed.Bot.Service<CheckInStore>();
        var rep = bed.Member(TestRoster.Rep);
        // Five weeks answered (W44 to W48): the brief shows the last four, newest first.
        var scores = new[] { 5 }.Concat(confidence).ToArray();
        for (var i = 0; i < 5; i++)
        {
            var week = W48.Plus(i - 4);
            Assert.True(await store.TryAddAsync(rep.Id, new WeeklyCheckIn(week, new CheckInAnswer(3, 2, 3, "OCP", $"Gain semaine {week.Week}", i == 2 ? "RAS" : $"Blocage semaine {week.Week}",
                scores[i], false), 5, week.Monday.ToDateTime(new TimeOnly(16, 0)), 1), CancellationToken.None));
        }

        var card = (await bed.SayAsync(TestRoster.Director, "bilan amina")).Card!;

        var lines = CardText.Elements(card).Select(e => e["text"]?.GetValue<string>()).OfType<string>().ToList();
        var heading = lines.FindIndex(l => l == BotTestBed.Text("fr", "brief_voice_heading"));
        Assert.True(heading >= 0);
        var shown = lines.Skip(heading + 1).Where(l => l.Contains("confiance ", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, shown.Count);
        Assert.Contains($"confiance {confidence[3]}/5 · succès «\u00a0Gain semaine 48\u00a0» · blocage «\u00a0Blocage semaine 48\u00a0»", shown[0]);
        Assert.Contains("Gain semaine 45", shown[3]);
        Assert.DoesNotContain(shown, l => l.Contains("semaine 44", StringComparison.Ordinal));
        Assert.DoesNotContain("RAS", shown[2]);
        Assert.Contains("Gain semaine 46", shown[2]);
        var flags = new[] { "brief_confidence_drop", "brief_confidence_low" }.Select(k => k == flag ? BotTestBed.Text("fr", k, earlier, latest) : null).OfType<string>().ToList();
        if (flag is null)
        {
            Assert.DoesNotContain(lines, l => l.StartsWith("Confiance ", StringComparison.Ordinal));
        }
        else
        {
            Assert.Contains(Assert.Single(flags), lines);
        }
    }

    [Fact]
    public async Task WithTwoHundredRepsTheDigestListsTheNewestAndHowManyMoreAndStaysUnder28Kilobytes()
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
        var themes = bed.Bot.Service<IBlockerThemes>();
        // Every rep wrote the longest win and blocker the card accepts, submitted a minute apart (the last one newest).
        var histories = reps.Select((rep, i) => new RepHistory(rep, [new RepWeek(W48, 5, false, new WeeklyCheckIn(W48,
            new CheckInAnswer(3, 2, 2, "OCP (Maroc)", $"Win {i:D3} " + new string('w', CheckInRules.MaxTextLength - 8),
                $"Blocker {i:D3}: the transitaire lost the container " + new string('b', CheckInRules.MaxTextLength - 45), 3, false),
            5, BotTestBed.MondayW49.AddDays(-3).AddMinutes(i), 1))])).ToList();
        var input = new DigestInput(W48, BotTestBed.MondayW49, organization.DirectorTimeZone, 0.4, histories, [], CoachingFacts.None);
        var figures = DigestFigures.Team(input, DigestFiguresTests.CalendarHours) with
        {
            Wins = RepVoices.Wins(histories, w => w == W48, []),
            Blockers = RepVoices.Blockers(histories, w => w == W48, themes),
        };
        var cards = bed.Bot.Service<DigestCards>();

        foreach (var language in Languages.All)
        {
            var digest = cards.Digest(figures, language);
            var size = DigestCards.SizeOf(digest);
            output.WriteLine($"Director's digest, {reps.Count} reps each with a {CheckInRules.MaxTextLength}-character win and blocker, {language}: {size:N0} bytes");
            Assert.InRange(size, 1, 28 * 1024);
            var lines = CardText.Elements(digest).Select(e => e["text"]?.GetValue<string>()).OfType<string>().ToList();
            // Newest first: the last rep's win leads, and the rest are counted.
            var firstWin = lines.FindIndex(l => l.Contains("«", StringComparison.Ordinal));
            Assert.Contains($"Win {reps.Count - 1:D3}", lines[firstWin]);
            Assert.Contains(new Texts().Plural(language, "digest_voices_more", reps.Count - DigestCards.MaxWins), lines);
            Assert.Contains(new Texts().Plural(language, "digest_voices_more", reps.Count - DigestCards.MaxBlockers), lines);
            Assert.Empty((await CardValidator.ValidateAsync(new Dictionary<string, System.Text.Json.Nodes.JsonObject> { ["digest"] = digest }))["digest"]);
        }
        Assert.Equal("… et 1 autre dans le tableau de bord.", new Texts().Plural("fr", "digest_voices_more", 1));
        Assert.Equal("… et 190 autres dans le tableau de bord.", new Texts().Plural("fr", "digest_voices_more", 190));
    }
}
