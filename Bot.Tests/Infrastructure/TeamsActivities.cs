using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace CoachBot.Tests.Infrastructure;

/// <summary>A Teams user as activities carry them.</summary>
public sealed record TeamsUserAccount(string Name, string? AadObjectId, string Locale = "en-US")
{
    public string UserId { get; } = "29:" + Guid.NewGuid().ToString("N");
    public string ConversationId { get; } = "a:" + Guid.NewGuid().ToString("N");
}

/// <summary>Activities shaped as Teams sends them to a bot, for a personal chat.</summary>
public static class TeamsActivities
{
    public const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public const string BotId = "28:coachbot";

    public static JsonObject Message(TeamsUserAccount user, Uri serviceUrl, string text) =>
        Base("message", user, serviceUrl).Also(a => a["text"] = text);

    public static JsonObject CardSubmit(TeamsUserAccount user, Uri serviceUrl, JsonObject value) =>
        Base("message", user, serviceUrl).Also(a => a["value"] = value);

    /// <summary>A click on an <c>Action.Execute</c> button: an <c>adaptiveCard/action</c> invoke with the verb and the card's data.</summary>
    public static JsonObject CardAction(TeamsUserAccount user, Uri serviceUrl, string verb, JsonObject data, string? replyToId = null) =>
        Invoke(user, serviceUrl, "adaptiveCard/action", new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data },
            ["trigger"] = "manual",
        }).Also(a => a["replyToId"] = replyToId ?? "card-" + Guid.NewGuid().ToString("N"));

    public static JsonObject Invoke(TeamsUserAccount user, Uri serviceUrl, string name, JsonObject value) =>
        Base("invoke", user, serviceUrl).Also(a =>
        {
            a["name"] = name;
            a["value"] = value;
        });

    public static JsonObject InstallationAdd(TeamsUserAccount user, Uri serviceUrl) =>
        Base("installationUpdate", user, serviceUrl).Also(a => a["action"] = "add");

    public static JsonObject InstallationRemove(TeamsUserAccount user, Uri serviceUrl) =>
        Base("installationUpdate", user, serviceUrl).Also(a => a["action"] = "remove");

    public static JsonObject BotAdded(TeamsUserAccount user, Uri serviceUrl) =>
        Base("conversationUpdate", user, serviceUrl).Also(a => a["membersAdded"] = new JsonArray(new JsonObject { ["id"] = BotId }));

    public static Task<HttpResponseMessage> PostAsync(this HttpClient http, JsonObject activity, string? authorization = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(activity) };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        return http.SendAsync(request);
    }

    private static JsonObject Base(string type, TeamsUserAccount user, Uri serviceUrl)
    {
        var from = new JsonObject { ["id"] = user.UserId, ["name"] = user.Name };
        if (user.AadObjectId is not null)
        {
            from["aadObjectId"] = user.AadObjectId;
        }
        return new JsonObject
        {
            ["type"] = type,
            ["id"] = Guid.NewGuid().ToString("N"),
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
            ["channelId"] = "msteams",
            ["serviceUrl"] = serviceUrl.ToString(),
            ["from"] = from,
            ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "CoachBot" },
            ["conversation"] = new JsonObject { ["id"] = user.ConversationId, ["conversationType"] = "personal", ["tenantId"] = TenantId },
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = TenantId } },
            ["locale"] = user.Locale,
        };
    }

    private static JsonObject Also(this JsonObject node, Action<JsonObject> change)
    {
        change(node);
        return node;
    }
}
