using System.Text.Json.Nodes;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace CoachBot.Teams;

/// <summary>
/// The one crossing between the features' cards (System.Text.Json) and the Bot Framework's payloads (Newtonsoft), both
/// ways: a filled card into a message or an invoke answer, a click's data into what the features read.
/// </summary>
public static class CardMessages
{
    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

    public static Attachment Attachment(JsonObject card) => new()
    {
        ContentType = AdaptiveCardContentType,
        Content = ToSdk(card),
    };

    public static IMessageActivity Message(JsonObject card) => MessageFactory.Attachment(Attachment(card));

    /// <summary>The answer to an <c>Action.Execute</c> click that replaces the clicked card with this one.</summary>
    public static AdaptiveCardInvokeResponse InvokeResponse(JsonObject card) => new()
    {
        StatusCode = 200,
        Type = AdaptiveCardContentType,
        Value = ToSdk(card),
    };

    /// <summary>The data a click carries (inputs merged in), as the features read it; empty when it is not a JSON object.</summary>
    public static JsonObject ActionData(object? data) =>
        data is JObject given && JsonNode.Parse(given.ToString(Newtonsoft.Json.Formatting.None)) is JsonObject parsed ? parsed : [];

    private static JObject ToSdk(JsonObject card) => JObject.Parse(card.ToJsonString());
}
