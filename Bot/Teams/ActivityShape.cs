using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace CoachBot.Teams;

/// <summary>
/// What the bot relies on in an activity Teams sends, checked once at the edge so that a malformed one is refused (a
/// message or an invoke: 400) or ignored (an event) instead of failing in a handler and apologising to the user.
/// </summary>
internal static class ActivityShape
{
    /// <summary>Install and membership changes, reactions, events: Teams telling the bot something, not a person asking.</summary>
    public static bool IsEvent(IActivity activity) => activity.Type is not (ActivityTypes.Message or ActivityTypes.Invoke);

    /// <summary>Why the activity cannot be processed, or null when it can.</summary>
    public static string? Problem(Activity activity)
    {
        if (string.IsNullOrWhiteSpace(activity.Conversation?.Id))
        {
            return "no conversation id";
        }
        if (activity.ChannelData is not (null or JObject))
        {
            return "channelData is not an object";
        }
        if (activity.From is { AadObjectId: { Length: > 0 } objectId } && !Guid.TryParse(objectId, out _))
        {
            return "from.aadObjectId is not a GUID";
        }
        if (!IsEvent(activity) && string.IsNullOrWhiteSpace(activity.From?.Id))
        {
            return "no from.id";
        }
        if (HasMemberWithoutId(activity.MembersAdded) || HasMemberWithoutId(activity.MembersRemoved))
        {
            return "a member without an id";
        }
        if (activity.Type == ActivityTypes.Message && activity.Value is JObject value && value["command"] is { Type: not (JTokenType.String or JTokenType.Null) })
        {
            return "value.command is not a string";
        }
        if (activity.Type == ActivityTypes.Invoke && string.IsNullOrWhiteSpace(activity.Name))
        {
            return "an invoke without a name";
        }
        return null;
    }

    private static bool HasMemberWithoutId(IList<ChannelAccount>? members) =>
        members is not null && members.Any(m => string.IsNullOrWhiteSpace(m?.Id));
}

/// <summary>The only channel the bot serves: Teams vouches for the sender's Entra object id and tenant; other channels let the client write them.</summary>
internal static class TeamsChannel
{
    public static bool IsTeams(IActivity activity) => activity.ChannelId == Channels.Msteams;

    /// <summary>The channel id as a log may show it: short, whatever the body said.</summary>
    public static string Shown(string? channelId) =>
        string.IsNullOrEmpty(channelId) ? "(none)" : channelId.Length > 32 ? channelId[..32] : channelId;
}
