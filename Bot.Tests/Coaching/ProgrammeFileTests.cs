using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CoachBot.Coaching;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Coaching;

/// <summary>The programme file: every rule it must keep, each broken case's message, and the shipped file itself.</summary>
public sealed class ProgrammeFileTests
{
    private static JsonObject ThemeOf(JsonObject programme, string id) =>
        programme["themes"]!.AsArray().Select(t => t!.AsObject()).First(t => t["id"]!.GetValue<string>() == id);

    private static JsonObject PromptOf(JsonObject programme, string id) =>
        programme["prompts"]!.AsArray().Select(p => p!.AsObject()).First(p => p["id"]!.GetValue<string>() == id);

    /// <summary>Each way a file can break: what the test does to the test programme, and the message that must name it.</summary>
    public static TheoryData<string, string> BrokenCases() => new()
    {
        { "duplicate-id", "Prompt 'rep-02': the id is used twice." },
        { "missing-french", "Prompt 'rep-01': the prompt in 'fr' is missing." },
        { "blank-english-question", "Prompt 'rep-03': the question in 'en' is missing." },
        { "no-question", "Prompt 'rep-04': the question in 'en' is missing." },
        { "unknown-track", "Prompt 'rep-05': the track 'reps' is unknown (tracks: rep, director, lead, sponsor)." },
        { "unknown-theme", "Prompt 'rep-06': the theme 'golf' is not one of the programme's themes." },
        { "theme-of-another-track", "Prompt 'lead-01': the theme 'steering' is not a theme of the lead track." },
        { "unknown-trigger", "Prompt 'rep-08': the trigger 'rain' is unknown (triggers: presence-low-2w, no-visits-planned, bu-request-declined-14d, confidence-low-2w, rep-under-target-3w, first-4-weeks)." },
        { "trigger-of-another-track", "Prompt 'lead-02': the trigger 'presence-low-2w' does not apply to the lead track." },
        { "track-too-short", "Track 'sponsor': 7 prompts, at least 8 are needed." },
        { "rep-track-too-short", "Track 'rep': 23 prompts, at least 24 are needed." },
        { "blocker-words-missing-fr", "Theme 'prospecting': the blocker words in 'fr' are missing." },
        { "blocker-word-empty", "Theme 'value-selling': the blocker words in 'en' hold an empty word." },
        { "blocker-word-too-long", $"Theme 'value-selling': the blocker words in 'fr' hold '{new string('p', 41)}', longer than 40 characters." },
        { "blocker-word-of-two-themes", "Theme 'visit-planning': the blocker word 'appointment*' is also a word of theme 'value-selling'." },
        { "blocker-words-on-a-lead-theme", "Theme 'export-objections': has blocker words, but only the rep track's themes are given to blockers." },
        { "no-blocker-words-missing", "noBlocker: the words in 'en' are missing." },
        { "prompt-too-long", "Prompt 'rep-08': the prompt in 'fr' has 201 characters, at most 200 are allowed." },
        { "question-too-long", "Prompt 'rep-09': the question in 'en' has 91 characters, at most 90 are allowed." },
        { "bad-id", "Prompt 'Rep 10': the id must be lower-case letters, digits and hyphens, at most 60 characters." },
        { "no-id", "Prompt #11: the id must be lower-case letters, digits and hyphens, at most 60 characters." },
        { "unknown-kind", "Theme 'prospecting': the kind 'soft' is neither 'technical' nor 'behavioural'." },
        { "theme-label-missing", "Theme 'value-selling': the label in 'fr' is missing." },
        { "no-version", "The coaching programme has no version." },
        { "id-too-long", $"Prompt '{new string('r', 61)}': the id must be lower-case letters, digits and hyphens, at most 60 characters." },
        { "null-prompt", "Prompt #3: the id must be lower-case letters, digits and hyphens, at most 60 characters." },
        { "theme-bad-id", "Theme 'Value Selling': the id must be lower-case letters, digits and hyphens, at most 60 characters." },
        { "theme-no-id", "Theme #9: the id must be lower-case letters, digits and hyphens, at most 60 characters." },
        { "theme-duplicate", "Theme 'prospecting': the id is used twice." },
        { "theme-unknown-track", "Theme 'prospecting': tracks must be some of rep, director, lead, sponsor." },
        { "theme-no-tracks", "Theme 'spare': tracks must be some of rep, director, lead, sponsor." },
        { "no-level", "Prompt 'rep-13': the level must be 1 (foundations), 2 (practice) or 3 (mastery)." },
        { "level-four", "Prompt 'rep-13': the level must be 1 (foundations), 2 (practice) or 3 (mastery)." },
        { "level-zero", "Prompt 'rep-13': the level must be 1 (foundations), 2 (practice) or 3 (mastery)." },
        { "welcome-not-level-one", "Prompt 'rep-welcome-1': a prompt of the first four weeks must be of level 1 (foundations), not 2." },
        { "level-gap", "Theme 'value-selling' (rep): a prompt of level 3 and none of level 2 to do before it." },
        { "level-two-without-one", "Theme 'cross-bu' (rep): a prompt of level 2 and none of level 1 to do before it." },
        { "median-too-long", "The prompts in 'fr' have a median length of 161 characters, at most 160 are allowed." },
        { "exclamation", "Prompt 'rep-13': the prompt in 'en' has an exclamation mark: the programme speaks to adults without raising its voice." },
        { "unknown-placeholder", "Prompt 'rep-13': the prompt in 'fr' has the placeholder '{target}', which the code does not fill (placeholders: {presenceTarget})." },
        { "hard-coded-presence", "Prompt 'rep-presence-1': the prompt in 'en' writes the presence target as 'two days in five': use {presenceTarget}, which comes from CheckIns:PresenceTarget." },
        { "hard-coded-presence-fr", "Prompt 'rep-presence-1': the prompt in 'fr' writes the presence target as 'deux jours sur cinq': use {presenceTarget}, which comes from CheckIns:PresenceTarget." },
        { "unnamed-target", "Prompt 'director-under-1': the prompt in 'en' says 'under target' without naming the target: say the presence target." },
        { "unnamed-target-fr", "Prompt 'director-under-1': the question in 'fr' says 'sous l’objectif' without naming the target: say the presence target." },
        { "straight-apostrophe", "Prompt 'rep-14': the prompt in 'fr' has a straight apostrophe: French uses ’." },
        { "plain-space-before-colon", "Prompt 'rep-14': the prompt in 'fr' needs a non-breaking space at ':' (before : ; ? and inside « »)." },
        { "no-space-before-question-mark", "Prompt 'rep-14': the question in 'fr' needs a non-breaking space at 'e?' (before : ; ? and inside « »)." },
        { "plain-space-in-guillemets", "Prompt 'rep-14': the prompt in 'fr' needs a non-breaking space at '«' (before : ; ? and inside « »)." },
        { "english-space-before-question-mark", "Prompt 'rep-15': the question in 'en' has a space before '?': English puts none." },
        { "forward-question", "Prompt 'rep-15': the question in 'en' looks forward ('will you'): the question looks back at what happened, the commitment box looks forward." },
        { "next-week-when-no-visit-planned", "Prompt 'rep-planning-1': the prompt in 'en' says 'next week', which is untrue when it is read: the check-in's next week has already started." },
        { "next-week-when-no-visit-planned-fr", "Prompt 'rep-planning-1': the prompt in 'fr' says 'semaine prochaine', which is untrue when it is read: the check-in's next week has already started." },
    };

    private static string Break(string broken)
    {
        var programme = TestProgramme.Build();
        var prompts = programme["prompts"]!.AsArray();
        switch (broken)
        {
            case "duplicate-id": PromptOf(programme, "rep-03")["id"] = "rep-02"; break;
            case "missing-french": PromptOf(programme, "rep-01")["prompt"]!.AsObject().Remove("fr"); break;
            case "blank-english-question": PromptOf(programme, "rep-03")["question"]!["en"] = "   "; break;
            case "no-question": PromptOf(programme, "rep-04").Remove("question"); break;
            case "unknown-track": PromptOf(programme, "rep-05")["track"] = "reps"; prompts.Add(TestProgramme.Prompt("rep-20", "rep", "prospecting")); break;
            case "unknown-theme": PromptOf(programme, "rep-06")["theme"] = "golf"; break;
            case "theme-of-another-track": PromptOf(programme, "lead-01")["theme"] = "steering"; break;
            case "unknown-trigger": PromptOf(programme, "rep-08")["triggers"] = new JsonArray("rain"); break;
            case "trigger-of-another-track": PromptOf(programme, "lead-02")["triggers"] = new JsonArray("presence-low-2w"); break;
            case "track-too-short": prompts.Remove(PromptOf(programme, "sponsor-07")); break;
            case "rep-track-too-short": prompts.Remove(PromptOf(programme, "rep-19")); break;
            case "prompt-too-long": PromptOf(programme, "rep-08")["prompt"]!["fr"] = new string('é', 201); break;
            case "question-too-long": PromptOf(programme, "rep-09")["question"]!["en"] = new string('q', 91); break;
            case "bad-id": PromptOf(programme, "rep-10")["id"] = "Rep 10"; break;
            case "no-id": PromptOf(programme, "rep-11").Remove("id"); break;
            case "unknown-kind": programme["themes"]!.AsArray().First(t => t!["id"]!.GetValue<string>() == "prospecting")!["kind"] = "soft"; break;
            case "theme-label-missing": programme["themes"]!.AsArray().First(t => t!["id"]!.GetValue<string>() == "value-selling")!["label"]!["fr"] = ""; break;
            case "no-version": programme.Remove("version"); break;
            case "id-too-long": PromptOf(programme, "rep-12")["id"] = new string('r', 61); break;
            case "null-prompt": prompts[2] = null; prompts.Add(TestProgramme.Prompt("rep-20", "rep", "prospecting")); break;
            case "theme-bad-id": ThemeOf(programme, "value-selling")["id"] = "Value Selling"; PromptOf(programme, "rep-02")["theme"] = "prospecting";
                PromptOf(programme, "rep-07")["theme"] = "prospecting"; PromptOf(programme, "rep-12")["theme"] = "prospecting"; PromptOf(programme, "rep-17")["theme"] = "prospecting"; break;
            case "theme-no-id": programme["themes"]!.AsArray().Add(new JsonObject { ["kind"] = "technical" }); break;
            case "theme-duplicate": programme["themes"]!.AsArray().Add(TestProgramme.Theme("prospecting", "behavioural", ["rep"], "Again", "Encore")); break;
            case "theme-unknown-track": ThemeOf(programme, "prospecting")["tracks"] = new JsonArray("rep", "reps"); break;
            case "theme-no-tracks": programme["themes"]!.AsArray().Add(TestProgramme.Theme("spare", "technical", [], "Spare", "Réserve")); break;
            case "no-level": PromptOf(programme, "rep-13").Remove("level"); break;
            case "level-four": PromptOf(programme, "rep-13")["level"] = 4; break;
            case "level-zero": PromptOf(programme, "rep-13")["level"] = 0; break;
            case "welcome-not-level-one": PromptOf(programme, "rep-welcome-1")["level"] = 2; break;
            case "level-gap": PromptOf(programme, "rep-07")["level"] = 1; break;
            case "level-two-without-one":
                // Every programme prompt of the theme at level 2; its situation prompt (rep-crossbu-1) does not count.
                foreach (var id in new[] { "rep-05", "rep-10", "rep-15" })
                {
                    PromptOf(programme, id)["level"] = 2;
                }
                break;
            case "median-too-long":
                // Half the prompts and one more at 161 characters: the median is 161, each prompt within its 200.
                var french = programme["prompts"]!.AsArray().Select(p => p!["prompt"]!.AsObject()).ToList();
                foreach (var text in french.Take(french.Count / 2 + 1))
                {
                    text["fr"] = new string('é', 161);
                }
                break;
            case "exclamation": PromptOf(programme, "rep-13")["prompt"]!["en"] = "Call two distributors this week!"; break;
            case "unknown-placeholder": PromptOf(programme, "rep-13")["prompt"]!["fr"] = "Votre objectif est de {target}."; break;
            case "hard-coded-presence": PromptOf(programme, "rep-presence-1")["prompt"]!["en"] = "You spent fewer than two days in five with customers."; break;
            case "hard-coded-presence-fr": PromptOf(programme, "rep-presence-1")["prompt"]!["fr"] = "Vous avez passé moins de deux jours sur cinq chez vos clients."; break;
            case "unnamed-target": PromptOf(programme, "director-under-1")["prompt"]!["en"] = "One of your reps has been under target three weeks running."; break;
            case "unnamed-target-fr": PromptOf(programme, "director-under-1")["question"]!["fr"] = "Qui est sous l’objectif depuis trois semaines\u00a0?"; break;
            case "straight-apostrophe": PromptOf(programme, "rep-14")["prompt"]!["fr"] = "Appelez l'acheteur."; break;
            case "plain-space-before-colon": PromptOf(programme, "rep-14")["prompt"]!["fr"] = "Trois faits : où, quoi, quand."; break;
            case "no-space-before-question-mark": PromptOf(programme, "rep-14")["question"]!["fr"] = "Qui décide?"; break;
            case "plain-space-in-guillemets": PromptOf(programme, "rep-14")["prompt"]!["fr"] = "Un « oui\u00a0» veut parfois dire non."; break;
            case "english-space-before-question-mark": PromptOf(programme, "rep-15")["question"]!["en"] = "Who decided ?"; break;
            case "forward-question": PromptOf(programme, "rep-15")["question"]!["en"] = "Which two customers will you call?"; break;
            case "next-week-when-no-visit-planned": PromptOf(programme, "rep-planning-1")["prompt"]!["en"] = "No visit is planned for next week yet."; break;
            case "next-week-when-no-visit-planned-fr": PromptOf(programme, "rep-planning-1")["prompt"]!["fr"] = "Aucune visite n’est prévue la semaine prochaine."; break;
            case "blocker-words-missing-fr": ThemeOf(programme, "prospecting")["blockerWords"]!.AsObject().Remove("fr"); break;
            case "blocker-word-empty": ThemeOf(programme, "value-selling")["blockerWords"]!["en"]!.AsArray().Add(" - "); break;
            case "blocker-word-too-long": ThemeOf(programme, "value-selling")["blockerWords"]!["fr"]!.AsArray().Add(new string('p', 41)); break;
            case "blocker-word-of-two-themes": ThemeOf(programme, "value-selling")["blockerWords"]!["en"]!.AsArray().Add("Appointment*"); break;
            case "blocker-words-on-a-lead-theme": ThemeOf(programme, "export-objections")["blockerWords"] = new JsonObject { ["en"] = new JsonArray("golf"), ["fr"] = new JsonArray("golf") }; break;
            case "no-blocker-words-missing": programme.Remove("noBlocker"); break;
            default: throw new ArgumentException(broken);
        }
        return programme.ToJsonString();
    }

    [Fact]
    public void TheTestProgrammeKeepsEveryRule()
    {
        var (programme, problems) = ProgrammeFile.Parse(TestProgramme.Build().ToJsonString(), "test");

        Assert.Empty(problems);
        Assert.Equal((24, 8, 8, 8), (programme!.Track("rep").Count, programme.Track("director").Count, programme.Track("lead").Count, programme.Track("sponsor").Count));
    }

    [Theory]
    [MemberData(nameof(BrokenCases))]
    public void EachBrokenCaseIsRefusedWithAMessageNamingThePromptAndTheProblem(string broken, string message)
    {
        var (programme, problems) = ProgrammeFile.Parse(Break(broken), "test");

        Assert.Null(programme);
        Assert.Contains(message, problems);
        // Nothing else is blamed: a prompt without its question is missing it in both languages, and says so twice.
        Assert.All(problems, p => Assert.Equal(message.Split(':')[0], p.Split(':')[0]));
        Assert.Equal(broken is "no-question" or "no-blocker-words-missing" ? 2 : 1, problems.Count);
    }

    [Fact]
    public void AnEmptyProgrammeSaysEverythingItLacks()
    {
        var (programme, problems) = ProgrammeFile.Parse("""{ "version": "1" }""", "empty");

        Assert.Null(programme);
        Assert.Equal(
        [
            "The coaching programme has no theme.",
            "noBlocker: the words in 'en' are missing.",
            "noBlocker: the words in 'fr' are missing.",
            "Track 'rep': 0 prompts, at least 24 are needed.",
            "Track 'director': 0 prompts, at least 8 are needed.",
            "Track 'lead': 0 prompts, at least 8 are needed.",
            "Track 'sponsor': 0 prompts, at least 8 are needed.",
        ], problems);
        Assert.Equal("The coaching programme empty is empty.", Assert.Single(ProgrammeFile.Parse("null", "empty").Problems));
    }

    [Fact]
    public void TextsAtTheirLongestAnIdOfSixtyCharactersCommentsAndTrailingCommasAreAccepted()
    {
        var json = TestProgramme.Build();
        var longest = new string('a', 60);
        PromptOf(json, "rep-01")["id"] = longest;
        PromptOf(json, "rep-02")["prompt"]!["en"] = new string('p', ProgrammeFile.MaxPromptLength);
        PromptOf(json, "rep-02")["question"]!["fr"] = new string('q', ProgrammeFile.MaxQuestionLength);
        var text = "// the test programme\n" + json.ToJsonString().Replace("\"version\":\"test-1\"", "\"version\":\"test-1\"/* a comment */", StringComparison.Ordinal)[..^1] + ",}";

        var (programme, problems) = ProgrammeFile.Parse(text, "lenient");

        Assert.Empty(problems);
        Assert.Equal("Prompt rep-03", programme!.Find("rep-03")!.Prompt.In("en"));
        Assert.Equal("Exercice rep-03", programme.Find("rep-03")!.Prompt.In("fr"));
        Assert.NotNull(programme.Find(longest));
        Assert.Equal("", new LocalizedText("English", null).In("fr"));
    }

    [Theory]
    [InlineData("rep", "presence-low-2w no-visits-planned bu-request-declined-14d confidence-low-2w first-4-weeks")]
    [InlineData("director", "rep-under-target-3w first-4-weeks")]
    [InlineData("lead", "first-4-weeks")]
    [InlineData("sponsor", "first-4-weeks")]
    [InlineData("golfer", "")]
    public void EachTrackAllowsItsOwnTriggersOnly(string track, string allowed)
    {
        var expected = allowed.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(expected.Order(), CoachingTracks.TriggerPriority.Append("rain").Where(t => CoachingTracks.Allows(track, t)).Order());
    }

    [Fact]
    public void AFileThatIsNotJsonIsRefusedWithTheParsersReason()
    {
        var (programme, problems) = ProgrammeFile.Parse("{ \"version\": \"1\", \"prompts\": [ ", "broken.json");

        Assert.Null(programme);
        Assert.StartsWith("The coaching programme broken.json is not valid JSON:", Assert.Single(problems));
    }

    [Theory]
    [InlineData("missing-french", "Coaching programme: Prompt 'rep-01': the prompt in 'fr' is missing.")]
    [InlineData("track-too-short", "Coaching programme: Track 'sponsor': 7 prompts, at least 8 are needed.")]
    public async Task TheServiceRefusesToStartWithABrokenProgrammeAndSaysWhy(string broken, string message)
    {
        var file = Path.Combine(Path.GetTempPath(), $"coachbot-broken-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, Break(broken));
        try
        {
            var output = await BotApp.RefusalAsync(new Dictionary<string, string?> { ["Coaching:ProgrammeFile"] = file });

            Assert.Contains(message, output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task TheServiceRefusesToStartWhenTheProgrammeFileIsMissing()
    {
        var file = Path.Combine(Path.GetTempPath(), $"coachbot-missing-{Guid.NewGuid():N}.json");

        var output = await BotApp.RefusalAsync(new Dictionary<string, string?> { ["Coaching:ProgrammeFile"] = file });

        Assert.Contains($"Coaching:ProgrammeFile: the programme file '{file}' does not exist.", output);
    }

    [Fact]
    public void TheShippedProgrammeKeepsEveryRule()
    {
        var (programme, problems) = ProgrammeFile.Load(new CoachingOptions().ProgrammeFile);

        Assert.Empty(problems);
        foreach (var track in CoachingTracks.All)
        {
            Assert.True(programme!.Track(track).Count >= CoachingTracks.MinimumLength(track), track);
        }
    }

    /// <summary>The second edition's coverage (issue 19): its size per track, one welcome prompt per welcome week, enough prompts per situation.</summary>
    [Theory]
    [InlineData("rep")]
    [InlineData("director")]
    [InlineData("lead")]
    [InlineData("sponsor")]
    public void TheShippedProgrammeHasTheSecondEditionsCoverage(string track)
    {
        var prompts = Shipped.Track(track);

        Assert.True(prompts.Count >= CoachingTracks.EditionLength(track), $"{track}: {prompts.Count} prompts, at least {CoachingTracks.EditionLength(track)}");
        var welcome = prompts.Count(p => p.Triggers.Contains(CoachingTracks.FirstWeeks));
        Assert.True(welcome >= CoachingTracks.EditionWelcomePrompts, $"{track}: {welcome} first-4-weeks prompts");
        foreach (var trigger in CoachingTracks.TriggerPriority.Where(t => t != CoachingTracks.FirstWeeks && CoachingTracks.Allows(track, t)))
        {
            var count = prompts.Count(p => p.Triggers.Contains(trigger));
            Assert.True(count >= CoachingTracks.EditionSituationPrompts(trigger), $"{track}: {count} {trigger} prompts, at least {CoachingTracks.EditionSituationPrompts(trigger)}");
        }
        // Every theme of the track has prompts, and the programme's own prompts of each theme start at level 1.
        foreach (var theme in Shipped.Themes.Where(t => t.Tracks.Contains(track)))
        {
            Assert.Contains(prompts, p => p.Theme == theme.Id && !p.IsSituation && p.Level == CoachingLevels.Foundations);
        }
        Assert.Contains(prompts, p => p.Level == CoachingLevels.Practice);
    }

    /// <summary>The themes the case asks for (COACHING.md and issue 19), each in its track.</summary>
    [Theory]
    [InlineData("rep", "product-knowledge value-selling offer-building export-logistics payment-terms visit-planning prospecting negotiation cross-bu-collaboration reporting-upward intercultural-communication time-away agents-distributors tender-go-no-go")]
    [InlineData("director", "reps-under-target coaching-questions comex-preparation delegation peer-influence team-routines team-reputation")]
    [InlineData("lead", "export-objections export-requests export-opportunity domestic-sales")]
    [InlineData("sponsor", "key-customer-call bu-unblocking escalation-review region-knowledge region-visit intercultural-learning strategic-vision")]
    public void TheShippedProgrammeCoversEveryThemeTheCaseAsksFor(string track, string themes)
    {
        foreach (var theme in themes.Split(' '))
        {
            Assert.Contains(track, Shipped.Theme(theme).Tracks);
            Assert.Contains(Shipped.Track(track), p => p.Theme == theme);
        }
    }

    /// <summary>A commitment is something to report on next week: its prompt says by when (a day, this week or month, or the next occasion).</summary>
    [Fact]
    public void EveryCommitmentPromptOfTheShippedProgrammeSaysByWhen()
    {
        var english = new Regex(@"\b(today|this week|this month|by (Monday|Tuesday|Wednesday|Thursday|Friday|the end of the month)|before (Thursday|Friday)|within (two working days|a week)|for the next four weeks|next Monday|(your|the|their) next)\b", RegexOptions.IgnoreCase);
        var french = new Regex(@"aujourd’hui|cette semaine|ce mois-ci|d’ici (lundi|mardi|mercredi|jeudi|vendredi|la fin du mois)|avant (jeudi|vendredi)|sous deux jours|dans la semaine|quatre prochaines semaines|lundi|(votre|la|le|son) prochaine?\b", RegexOptions.IgnoreCase);

        var undated = Shipped.Prompts.Where(p => p.Commitment && (!english.IsMatch(p.Prompt.En!) || !french.IsMatch(p.Prompt.Fr!))).Select(p => p.Id).ToList();

        Assert.Empty(undated);
        Assert.True(Shipped.Prompts.Count(p => p.Commitment) > Shipped.Prompts.Count / 2);
    }

    /// <summary>What the issue measured, on the shipped file: every French prompt within 200 characters and the median within 160, every question within 90.</summary>
    [Fact]
    public void TheShippedProgrammeFitsOnAPhone()
    {
        foreach (var language in Languages.All)
        {
            var lengths = Shipped.Prompts.Select(p => (double)p.Prompt.In(language).Length).Order().ToList();
            Assert.True(lengths[^1] <= 200, $"{language}: longest prompt {lengths[^1]}");
            Assert.True(ProgrammeFile.Median(lengths) <= 160, $"{language}: median {ProgrammeFile.Median(lengths)}");
            Assert.All(Shipped.Prompts, p => Assert.True(p.Question.In(language).Length <= 90, $"{p.Id} {language}"));
        }
    }

    [Fact]
    public void TheMedianOfAnEvenCountIsTheMeanOfTheTwoMiddleLengths()
    {
        Assert.Equal(150, ProgrammeFile.Median([100, 140, 160, 200]));
        Assert.Equal(140, ProgrammeFile.Median([100, 140, 200]));
    }

    private static CoachingProgramme Shipped => ProgrammeFile.Load(new CoachingOptions().ProgrammeFile).Programme!;
}
