using System.Text.Json.Nodes;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace CoachBot.Teams;

/// <summary>Turns a filled card (System.Text.Json) into a Bot Framework message (Newtonsoft), at the edge.</summary>
public static class CardMessages
{
    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

    public static Attachment Attachment(JsonObject card) => new()
    {
        ContentType = AdaptiveCardContentType,
        Content = JObject.Parse(card.ToJsonString()),
    };

    public static IMessageActivity Message(JsonObject card) => MessageFactory.Attachment(Attachment(card));
}
