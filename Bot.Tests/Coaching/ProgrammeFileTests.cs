using System.Text.Json.Nodes;
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
        { "unknown-trigger", "Prompt 'rep-07': the trigger 'rain' is unknown (triggers: presence-low-2w, no-visits-planned, bu-request-declined-14d, rep-under-target-3w, first-4-weeks)." },
        { "trigger-of-another-track", "Prompt 'lead-02': the trigger 'presence-low-2w' does not apply to the lead track." },
        { "track-too-short", "Track 'sponsor': 7 prompts, at least 8 are needed." },
        { "rep-track-too-short", "Track 'rep': 23 prompts, at least 24 are needed." },
        { "prompt-too-long", "Prompt 'rep-08': the prompt in 'fr' has 401 characters, at most 400 are allowed." },
        { "question-too-long", "Prompt 'rep-09': the question in 'en' has 201 characters, at most 200 are allowed." },
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
            case "unknown-trigger": PromptOf(programme, "rep-07")["triggers"] = new JsonArray("rain"); break;
            case "trigger-of-another-track": PromptOf(programme, "lead-02")["triggers"] = new JsonArray("presence-low-2w"); break;
            case "track-too-short": prompts.Remove(PromptOf(programme, "sponsor-07")); break;
            case "rep-track-too-short": prompts.Remove(PromptOf(programme, "rep-19")); break;
            case "prompt-too-long": PromptOf(programme, "rep-08")["prompt"]!["fr"] = new string('é', 401); break;
            case "question-too-long": PromptOf(programme, "rep-09")["question"]!["en"] = new string('q', 201); break;
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
        Assert.Equal(broken == "no-question" ? 2 : 1, problems.Count);
    }

    [Fact]
    public void AnEmptyProgrammeSaysEverythingItLacks()
    {
        var (programme, problems) = ProgrammeFile.Parse("""{ "version": "1" }""", "empty");

        Assert.Null(programme);
        Assert.Equal(
        [
            "The coaching programme has no theme.",
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
    [InlineData("rep", "presence-low-2w no-visits-planned bu-request-declined-14d first-4-weeks")]
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
}
