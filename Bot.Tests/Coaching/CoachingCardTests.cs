using System.Text.Json.Nodes;
using CoachBot.Calendar;
using CoachBot.Coaching;
using CoachBot.Features;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Coaching;

public sealed class CoachingCardTests
{
    private static readonly IsoWeek W49 = new(2026, 49);

    /// <summary>
    /// Every coaching card in both languages, filled by the real code with the shipped programme: the prompt card of
    /// every prompt (opening with a follow-up, with every reason line), a refused one, the answered cards, and
    /// <c>my programme</c> empty and filled (through the pipeline).
    /// </summary>
    internal static async Task<Dictionary<string, JsonObject>> EveryCardAsync()
    {
        await using var bed = await BotTestBed.StartCoachingAsync(BotTestBed.TuesdayW49,
            new Dictionary<string, string?> { ["Coaching:ProgrammeFile"] = new CoachingOptions().ProgrammeFile });
        var cards = bed.Bot.Service<CoachingCards>();
        var programme = bed.Bot.Service<CoachingProgramme>();
        var omar = bed.Member(BotTestBed.Omar);
        string[] reasons = [.. CoachingTracks.TriggerPriority, SelectionReason.Programme, SelectionReason.SmallerStep, SelectionReason.NextLevel];
        var previous = Record(omar.Id, W49.Previous, programme.Prompts[0], SelectionReason.Programme) with
        {
            Outcome = CoachingOutcome.Done, Commitment = "Call two distributors in Kenya",
        };

        var byName = new Dictionary<string, JsonObject>();
        foreach (var language in Languages.All)
        {
            foreach (var (prompt, index) in programme.Prompts.Select((p, i) => (p, i)))
            {
                var record = Record(omar.Id, W49, prompt, reasons[index % reasons.Length]) with { Resent = index % 3, LaterCount = index % 3 };
                byName[$"Coaching/Cards/prompt.json {language} {prompt.Id}"] = cards.Prompt(record, prompt, previous, null, null, language);
            }
            var first = programme.Prompts.First(p => p.Commitment);
            var current = Record(omar.Id, W49, first, SelectionReason.Programme);
            byName[$"Coaching/Cards/prompt.json {language} refused"] = cards.Prompt(current, first, previous,
                new Dictionary<string, string?> { ["reflection"] = new string('x', 600), ["followUp"] = "maybe" },
                new FieldError("coaching_error_reflection_too_long", 500, 600), language);
            var done = current with { Outcome = CoachingOutcome.Done, Reflection = "It worked", Commitment = "Visit OCP" };
            byName[$"Coaching/Cards/answered.json {language} done"] = cards.Answered(done, first, previous with { FollowUp = CommitmentFollowUp.Partly }, already: false, language);
            byName[$"Coaching/Cards/answered.json {language} later"] = cards.Answered(current with
            {
                Outcome = CoachingOutcome.Later, LaterCount = 1, LaterDueAt = BotTestBed.TuesdayW49.AddDays(2),
            }, first, null, already: false, language);
            byName[$"Coaching/Cards/answered.json {language} not relevant"] = cards.Answered(current with { Outcome = CoachingOutcome.NotRelevant }, first, null, already: false, language);
            byName[$"Coaching/Cards/answered.json {language} already"] = cards.Answered(done, first, null, already: true, language);
        }

        await bed.InstallAsync(BotTestBed.Omar, BotTestBed.Nadia);
        byName["Coaching/Cards/progress.json en empty"] = (await bed.SayAsync(BotTestBed.Omar, "my programme")).Card!;
        await bed.SendWeekAsync();
        foreach (var (user, language) in new[] { (BotTestBed.Omar, "en"), (BotTestBed.Nadia, "fr") })
        {
            await bed.AnswerAsync(user, bed.LastPromptCard(user), CoachingCards.DoneVerb, new JsonObject { ["commitment"] = "Call two distributors" });
            byName[$"Coaching/Cards/progress.json {language} filled"] = (await bed.SayAsync(user, language == "fr" ? "mon programme" : "my programme")).Card!;
        }
        return byName;
    }

    private static CoachingRecord Record(string memberId, IsoWeek week, CoachingPrompt prompt, string trigger) => new(
        memberId, week, prompt.Track, prompt.Id, prompt.Theme, "behavioural",
        new SelectionReason(trigger, LastRate: 0.2, EarlierRate: 0.1, Target: 0.4, Date: new DateOnly(2026, 11, 26), Name: "Pumps & Valves", Number: 2),
        BotTestBed.TuesdayW49);

    [Fact]
    public async Task EveryCoachingCardOfTheShippedProgrammeParsesCleanlyInBothLanguages()
    {
        var cards = await EveryCardAsync();

        var results = await CardValidator.ValidateAsync(cards);

        var failures = results.Where(r => r.Value.Count > 0).Select(r => $"{r.Key}: {string.Join("; ", r.Value)}").ToList();
        Assert.Empty(failures);
        Assert.True(cards.Keys.Count(k => k.StartsWith("Coaching/Cards/prompt.json fr ", StringComparison.Ordinal)) > 90);
        // Every placeholder filled, every reason line written.
        Assert.All(cards, c => Assert.DoesNotContain("{", CardText.Joined(c.Value)));
        Assert.All(cards.Where(c => c.Key.StartsWith("Coaching/Cards/prompt.json", StringComparison.Ordinal)),
            c => Assert.Contains(c.Key.Contains(" fr ", StringComparison.Ordinal) ? "Pourquoi cet exercice\u00a0: " : "Why this one: ", CardText.Joined(c.Value)));
    }

    [Fact]
    public async Task ThePromptCardHasItsInputsAndThreeActionExecuteButtonsCarryingOnlyTheWeekAndThePrompt()
    {
        var card = (await EveryCardAsync())["Coaching/Cards/prompt.json en refused"];

        Assert.NotNull(CardText.Input(card, "reflection"));
        Assert.NotNull(CardText.Input(card, "followUp"));
        Assert.NotNull(CardText.Input(card, "commitment"));
        var actions = card["actions"]!.AsArray().Select(a => a!.AsObject()).ToList();
        Assert.Equal([CoachingCards.DoneVerb, CoachingCards.LaterVerb, CoachingCards.SkipVerb], actions.Select(a => a["verb"]!.GetValue<string>()));
        Assert.All(actions, a => Assert.Equal("Action.Execute", a["type"]!.GetValue<string>()));
        Assert.All(actions, a => Assert.Equal(["week", "prompt"], a["data"]!.AsObject().Select(p => p.Key)));
        Assert.Equal("1.5", card["version"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("en", "Save", "Later", "Not relevant", "Done")]
    [InlineData("fr", "Enregistrer", "Plus tard", "Pas pertinent", "Fait")]
    public async Task TheMainButtonSavesAndDoneIsOnlyTheAnswerToLastWeeksCommitment(string language, string save, string later, string notRelevant, string done)
    {
        var card = (await EveryCardAsync())[$"Coaching/Cards/prompt.json {language} refused"];

        var actions = card["actions"]!.AsArray().Select(a => a!["title"]!.GetValue<string>()).ToList();
        var choices = CardText.Input(card, "followUp")!["choices"]!.AsArray().Select(c => c!["title"]!.GetValue<string>()).ToList();

        Assert.Equal([save, later, notRelevant], actions);
        Assert.Equal(done, choices[0]);
        Assert.DoesNotContain(done, actions);
    }

    [Theory]
    [InlineData("en", "35%")]
    [InlineData("fr", "35\u00a0%")]
    public async Task APromptNamesThePresenceTargetOfTheConfigurationInTheLanguagesWriting(string language, string target)
    {
        await using var bed = await BotTestBed.StartCoachingAsync(BotTestBed.TuesdayW49, new Dictionary<string, string?>
        {
            ["Coaching:ProgrammeFile"] = new CoachingOptions().ProgrammeFile,
            ["CheckIns:PresenceTarget"] = "0.35",
        });
        var programme = bed.Bot.Service<CoachingProgramme>();
        var prompt = programme.Find("rep-time-away-01")!;
        Assert.Contains(CoachingPlaceholders.PresenceTarget, prompt.Prompt.In(language));

        var card = bed.Bot.Service<CoachingCards>().Prompt(Record(bed.Member(BotTestBed.Omar).Id, W49, prompt, CoachingTracks.FirstWeeks), prompt, null, null, null, language);

        var text = CardText.Joined(card);
        Assert.Contains(target, text);
        Assert.DoesNotContain("{presenceTarget}", text);
        Assert.DoesNotContain(language == "fr" ? "40\u00a0%" : "40%", text);
    }
}
