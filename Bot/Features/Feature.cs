using System.Text.Json.Nodes;
using CoachBot.Roster;

namespace CoachBot.Features;

/// <summary>
/// Who is acting, resolved by the edge from the activity (never from card data): the roster member, the Entra object id
/// Teams reported for them, and the language to answer in.
/// </summary>
public sealed record Caller(RosterMember Member, string AadObjectId, string Language);

/// <summary>A click on an <c>Action.Execute</c> button: its verb and its data (inputs merged in). The data comes from the client: never trust it for identity.</summary>
public sealed record CardAction(string Verb, JsonObject Data)
{
    /// <summary>One field of the data as text; null when absent.</summary>
    public string? Text(string field) => CardData.Text(Data, field);

    /// <summary>The named fields of the data as text, or every field when none are named.</summary>
    public IReadOnlyDictionary<string, string?> Texts(IEnumerable<string>? fields = null) => CardData.Texts(Data, fields);
}

/// <summary>
/// Card data read as the card sent it: Teams sends every input (numbers and toggles included) as a string; a JSON number
/// or object (tests, other clients) is read as its JSON text, for the feature's own validation to accept or refuse.
/// </summary>
public static class CardData
{
    public static string? Text(JsonObject data, string field) => data[field] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        var other => other.ToJsonString(),
    };

    public static IReadOnlyDictionary<string, string?> Texts(JsonObject data, IEnumerable<string>? fields = null) =>
        (fields ?? data.Select(p => p.Key)).ToDictionary(field => field, field => Text(data, field), StringComparer.Ordinal);
}

/// <summary>What a feature answers: a sentence or a card. For a card action, a card replaces the clicked card in place.</summary>
public abstract record FeatureReply
{
    public static FeatureReply Text(string text) => new TextReply(text);
    public static FeatureReply Card(JsonObject card) => new CardReply(card);
}

public sealed record TextReply(string Value) : FeatureReply;

public sealed record CardReply(JsonObject Value) : FeatureReply;

/// <summary>
/// A feature as the edge sees it: the chat commands it answers (the help card lists them), the card verbs it owns, and
/// what it does for each. Plain records in and out: no Bot Framework types. Register with
/// <c>services.AddSingleton&lt;IFeature, XyzFeature&gt;()</c>.
/// </summary>
public interface IFeature
{
    IReadOnlyList<ChatCommand> Commands { get; }

    /// <summary>The <c>Action.Execute</c> verbs this feature owns, each prefixed with the feature's name (<c>checkin.submit</c>).</summary>
    IReadOnlyList<string> Verbs { get; }

    /// <summary>Answers <paramref name="command"/>; <paramref name="argument"/> is the rest of the line, trimmed.</summary>
    Task<FeatureReply> RunCommandAsync(ChatCommand command, string argument, Caller caller, CancellationToken cancellationToken);

    /// <summary>Answers a click on one of <see cref="Verbs"/>. A card reply replaces the clicked card.</summary>
    Task<FeatureReply> RunActionAsync(CardAction action, Caller caller, CancellationToken cancellationToken);
}
