using System.Text.Json.Nodes;

namespace CoachBot.Cards;

/// <summary>
/// The errors of a form card, one per field ("" when none), and whether each is shown. A re-shown form keeps every
/// element of the blank form in its place, an error hidden rather than left out: renderers that match a card's elements
/// by position when it is replaced (the Agents Playground does) would otherwise give an input the choices of the input
/// before it.
/// </summary>
public static class FormErrors
{
    /// <summary><c>isVisible</c> for each field's error line: true where <paramref name="errors"/> holds a text.</summary>
    public static JsonObject Shown(JsonObject errors)
    {
        var shown = new JsonObject();
        foreach (var (field, error) in errors)
        {
            shown[field] = error is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0;
        }
        return shown;
    }
}
