using System.Text.Json.Nodes;

namespace CoachBot.Tests.Coaching;

/// <summary>
/// A programme with known prompts for the tests, independent of the shipped content. Each track starts with its plain
/// prompts in order (<c>rep-01</c> … <c>rep-19</c>, odd ones asking for a commitment), then the prompts a trigger
/// brings forward (<c>rep-presence-1</c>, <c>rep-presence-2</c>, <c>rep-planning-1</c>, <c>rep-crossbu-1</c>,
/// <c>rep-welcome-1</c>; <c>director-under-1</c>, <c>director-welcome-1</c>; <c>lead-welcome-1</c>; <c>sponsor-welcome-1</c>).
/// Texts are "Prompt &lt;id&gt;" / "Exercice &lt;id&gt;" and "Question &lt;id&gt;" / "Question FR &lt;id&gt;". Every prompt is of
/// level 1 but two of value selling (<c>rep-02</c>, <c>rep-07</c>, <c>rep-12</c>, <c>rep-17</c>): <c>rep-07</c> is of level 2,
/// <c>rep-12</c> of level 3.
/// </summary>
internal static class TestProgramme
{
    private static readonly Lazy<string> Written = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Coaching", "test-programme.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, Build().ToJsonString());
        return path;
    });

    /// <summary>The programme written to a file of the test output, for <c>Coaching:ProgrammeFile</c>.</summary>
    public static string File => Written.Value;

    public static JsonObject Build()
    {
        var prompts = new JsonArray();
        void Add(string id, string track, string theme, bool commitment = false, params string[] triggers) => prompts.Add(Prompt(id, track, theme, commitment, triggers));
        // Value selling climbs: rep-07 is its level 2 and rep-12 its level 3; every other prompt is of level 1.
        var levels = new Dictionary<string, int> { ["rep-07"] = 2, ["rep-12"] = 3 };

        string[] repThemes = ["product-knowledge", "value-selling", "visit-planning", "prospecting", "cross-bu"];
        for (var i = 1; i <= 19; i++)
        {
            Add($"rep-{i:D2}", "rep", repThemes[(i - 1) % repThemes.Length], commitment: i % 2 == 1);
        }
        foreach (var (id, level) in levels)
        {
            prompts.Select(p => p!.AsObject()).First(p => p["id"]!.GetValue<string>() == id)["level"] = level;
        }
        Add("rep-presence-1", "rep", "visit-planning", true, "presence-low-2w");
        Add("rep-presence-2", "rep", "prospecting", false, "presence-low-2w");
        Add("rep-planning-1", "rep", "visit-planning", true, "no-visits-planned");
        Add("rep-crossbu-1", "rep", "cross-bu", false, "bu-request-declined-14d");
        Add("rep-welcome-1", "rep", "visit-planning", false, "first-4-weeks");
        foreach (var (track, theme) in new[] { ("director", "steering"), ("lead", "export-objections"), ("sponsor", "region-action") })
        {
            for (var i = 1; i <= 6; i++)
            {
                Add($"{track}-{i:D2}", track, theme, commitment: i == 1);
            }
            if (track == "director")
            {
                Add("director-under-1", track, theme, true, "rep-under-target-3w");
            }
            else
            {
                Add($"{track}-07", track, theme);
            }
            Add($"{track}-welcome-1", track, theme, false, "first-4-weeks");
        }

        return new JsonObject
        {
            ["version"] = "test-1",
            ["themes"] = new JsonArray(
                Theme("product-knowledge", "technical", ["rep"], "Product knowledge", "Connaissance produits"),
                Theme("value-selling", "technical", ["rep"], "Value selling", "Vente de la valeur"),
                Theme("visit-planning", "behavioural", ["rep"], "Visit planning", "Planification des visites"),
                Theme("prospecting", "behavioural", ["rep"], "Prospecting", "Prospection"),
                Theme("cross-bu", "behavioural", ["rep"], "Cross-BU collaboration", "Collaboration avec les BU"),
                Theme("steering", "behavioural", ["director"], "Steering", "Pilotage"),
                Theme("export-objections", "behavioural", ["lead"], "Objections", "Objections"),
                Theme("region-action", "behavioural", ["sponsor"], "Acting for the region", "Agir pour la région")),
            ["prompts"] = prompts,
            ["noBlocker"] = Words(["nothing", "none", "no", "blocker"], ["ras", "rien", "aucun", "blocage"]),
        };
    }

    /// <summary>The blocker words of the test programme's rep themes: a few each, enough to tell them apart.</summary>
    private static readonly Dictionary<string, (string[] En, string[] Fr)> BlockerWords = new()
    {
        ["product-knowledge"] = (["technical question*", "product range"], ["questions techniques", "gamme"]),
        ["value-selling"] = (["price", "expensive"], ["prix", "cher"]),
        ["visit-planning"] = (["meeting*", "appointment*"], ["rendez vous", "agenda"]),
        ["prospecting"] = (["prospect*", "new leads"], ["prospect*", "nouveaux clients"]),
        ["cross-bu"] = (["business unit*", "bu"], ["business unit*", "bu"]),
    };

    private static JsonObject Words(string[] en, string[] fr) => new()
    {
        ["en"] = new JsonArray(en.Select(w => (JsonNode)JsonValue.Create(w)!).ToArray()),
        ["fr"] = new JsonArray(fr.Select(w => (JsonNode)JsonValue.Create(w)!).ToArray()),
    };

    public static JsonObject Theme(string id, string kind, string[] tracks, string en, string fr)
    {
        var theme = new JsonObject
        {
            ["id"] = id,
            ["kind"] = kind,
            ["tracks"] = new JsonArray(tracks.Select(t => (JsonNode)JsonValue.Create(t)!).ToArray()),
            ["label"] = new JsonObject { ["en"] = en, ["fr"] = fr },
        };
        if (tracks.Contains("rep"))
        {
            var (wordsEn, wordsFr) = BlockerWords.TryGetValue(id, out var words) ? words : ([$"{id} en"], [$"{id} fr"]);
            theme["blockerWords"] = Words(wordsEn, wordsFr);
        }
        return theme;
    }

    public static JsonObject Prompt(string id, string track, string theme, bool commitment = false, params string[] triggers) => new()
    {
        ["id"] = id,
        ["track"] = track,
        ["theme"] = theme,
        ["prompt"] = new JsonObject { ["en"] = $"Prompt {id}", ["fr"] = $"Exercice {id}" },
        ["question"] = new JsonObject { ["en"] = $"Question {id}", ["fr"] = $"Question FR {id}" },
        ["triggers"] = new JsonArray(triggers.Select(t => (JsonNode)JsonValue.Create(t)!).ToArray()),
        ["commitment"] = commitment,
        ["level"] = 1,
    };
}
