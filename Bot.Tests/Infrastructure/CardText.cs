using System.Text.Json.Nodes;

namespace CoachBot.Tests.Infrastructure;

/// <summary>Reading cards in assertions.</summary>
internal static class CardText
{
    /// <summary>Every text a card shows: text blocks, fact titles and values, labels, input values, button titles.</summary>
    public static List<string> All(JsonNode? node)
    {
        var found = new List<string>();
        Walk(node, found);
        return found;
    }

    public static string Joined(JsonNode? card) => string.Join(" | ", All(card));

    /// <summary>The input with this id, or null.</summary>
    public static JsonObject? Input(JsonNode? card, string id) => Elements(card).FirstOrDefault(e => e["id"]?.GetValue<string>() == id);

    /// <summary>Whether the card has an element of this type (<c>Table</c>, <c>Action.OpenUrl</c>...).</summary>
    public static bool HasElement(JsonNode? card, string type) => Elements(card).Any(e => e["type"]?.GetValue<string>() == type);

    public static IEnumerable<JsonObject> Elements(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                yield return obj;
                foreach (var (_, value) in obj)
                {
                    foreach (var inner in Elements(value))
                    {
                        yield return inner;
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    foreach (var inner in Elements(item))
                    {
                        yield return inner;
                    }
                }
                break;
        }
    }

    private static void Walk(JsonNode? node, List<string> found)
    {
        foreach (var element in Elements(node))
        {
            foreach (var key in (string[])["text", "title", "value", "label"])
            {
                if (element[key] is JsonValue v && v.TryGetValue<string>(out var s))
                {
                    found.Add(s);
                }
            }
        }
    }
}
