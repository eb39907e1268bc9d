using System.Text.Json.Nodes;
using CoachBot.Cards;
using CoachBot.Features;
using CoachBot.Localization;

namespace CoachBot.Arrival;

/// <summary>
/// The "what waits for you" card: every <see cref="IArrivalSection"/>'s part for the person, in their language, each
/// item with an Open button; a real zero form when nothing waits. A section that fails to read is left out (and
/// logged): the greeting still goes.
/// </summary>
public sealed class ArrivalCard(IEnumerable<IArrivalSection> sections, Texts texts, ILogger<ArrivalCard> logger)
{
    public const string OpenVerb = "arrival.open";
    public const string ShowVerb = "arrival.show";

    private readonly IReadOnlyList<IArrivalSection> _sections = sections.OrderBy(s => s.Order).ToList();

    /// <summary>The section named <paramref name="name"/> (an Open button's), or null.</summary>
    public IArrivalSection? Section(string? name) => _sections.FirstOrDefault(s => s.Name == name);

    /// <summary>
    /// The card: with <paramref name="title"/> a card of its own; without one, the elements to add under another card's
    /// (the welcome's), which then get their own heading.
    /// </summary>
    public async Task<(JsonObject Card, int Items)> BuildAsync(Caller caller, string? title, CancellationToken cancellationToken)
    {
        var language = caller.Language;
        var parts = new JsonArray();
        var count = 0;
        foreach (var section in _sections)
        {
            foreach (var part in (await ReadAsync(section, caller, cancellationToken)).Where(p => p.Items.Count > 0))
            {
                count += part.Items.Count;
                parts.Add(Part(section.Name, part, language));
            }
        }
        var card = CardTemplate.Load("Arrival/Cards/arrival.json").Fill(new JsonObject
        {
            ["hasTitle"] = title is not null,
            ["title"] = title ?? "",
            ["hasHeading"] = title is null,
            ["heading"] = texts.Get(language, "arrival_heading"),
            ["intro"] = texts.Plural(language, "arrival_intro", count),
            ["parts"] = parts,
        });
        Log.Composed(logger, parts.Count, count);
        return (card, count);
    }

    /// <summary>The most items one part lists (in the order its section gives them); the rest are counted, and are in the Dashboard and the chat commands.</summary>
    public const int MaxItemsPerPart = 8;

    private JsonObject Part(string section, ArrivalPart part, string language) => Part(section, part, CardList.Newest(part.Items, MaxItemsPerPart), language);

    private JsonObject Part(string section, ArrivalPart part, (IReadOnlyList<ArrivalItem> Shown, int LeftOut) items, string language) => new()
    {
        ["heading"] = part.Heading,
        ["more"] = CardList.More(texts, language, items.LeftOut),
        ["items"] = new JsonArray(items.Shown.Select(item => (JsonNode)new JsonObject
        {
            ["line"] = item.Line,
            ["detail"] = item.Detail,
            ["open"] = texts.Get(language, "arrival_open"),
            ["section"] = section,
            ["item"] = item.Item,
        }).ToArray()),
    };

    /// <summary><paramref name="card"/> with a button at the end that brings the "what waits for you" card back in its place.</summary>
    public JsonObject WithBackButton(JsonObject card, string language)
    {
        // Every button of the opened card carries the mark, so the card that replaces it after a click (an acknowledgement,
        // a comment) gets the button back too (CoachBotActivityHandler adds it again).
        MarkButtons(card);
        var body = card["body"] as JsonArray ?? [];
        card["body"] = body;
        body.Add(new JsonObject
        {
            ["type"] = "ActionSet",
            ["separator"] = true,
            ["actions"] = new JsonArray(new JsonObject
            {
                ["type"] = "Action.Execute",
                ["title"] = texts.Get(language, "arrival_back"),
                ["verb"] = ShowVerb,
                ["data"] = new JsonObject(),
            }),
        });
        return card;
    }

    /// <summary>The card data field that says a card was opened from the "what waits for you" card.</summary>
    public const string BackField = "openedFrom";

    public const string BackValue = "arrival";

    /// <summary>True when <paramref name="card"/> already ends with the button back.</summary>
    public static bool HasBackButton(JsonObject card) =>
        card["body"] is JsonArray { Count: > 0 } body && body[^1] is JsonObject { } last && last["actions"] is JsonArray actions
        && actions.OfType<JsonObject>().Any(a => a["verb"]?.GetValue<string>() == ShowVerb);

    private static void MarkButtons(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["type"]?.GetValue<string>() == "Action.Execute")
                {
                    var data = obj["data"] as JsonObject ?? new JsonObject();
                    data[BackField] = BackValue;
                    obj["data"] = data;
                }
                foreach (var (_, child) in obj.ToList())
                {
                    MarkButtons(child);
                }
                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    MarkButtons(child);
                }
                break;
        }
    }

    private async Task<IReadOnlyList<ArrivalPart>> ReadAsync(IArrivalSection section, Caller caller, CancellationToken cancellationToken)
    {
        try
        {
            return await section.ReadAsync(caller, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.SectionFailed(logger, ex, section.Name);
            return [];
        }
    }
}
