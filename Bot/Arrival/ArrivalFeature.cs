using CoachBot.Features;

namespace CoachBot.Arrival;

/// <summary>
/// The "what waits for you" card's buttons: Open brings the item's own card in its place (with a button back), Back
/// brings the card again, read anew. No chat command: the card comes on install and re-install.
/// </summary>
public sealed class ArrivalFeature(ArrivalCard card, Localization.Texts texts) : IFeature
{
    public IReadOnlyList<ChatCommand> Commands { get; } = [];

    public IReadOnlyList<string> Verbs { get; } = [ArrivalCard.OpenVerb, ArrivalCard.ShowVerb];

    public Task<FeatureReply> RunCommandAsync(ChatCommand command, string argument, Caller caller, CancellationToken cancellationToken) =>
        throw new ArgumentException($"'{command.English}' is not an arrival command.", nameof(command));

    public async Task<FeatureReply> RunActionAsync(CardAction action, Caller caller, CancellationToken cancellationToken)
    {
        if (action.Verb == ArrivalCard.OpenVerb)
        {
            // The section and the item come from the card: the section decides, for the caller, what they may see.
            if (card.Section(action.Text("section")) is { } section && action.Text("item") is { Length: > 0 } item)
            {
                var reply = await section.OpenAsync(caller, item, cancellationToken);
                return reply is CardReply opened ? FeatureReply.Card(card.WithBackButton(opened.Value, caller.Language)) : reply;
            }
            return FeatureReply.Text(texts.Get(caller.Language, "arrival_gone"));
        }
        var (shown, _) = await card.BuildAsync(caller, texts.Get(caller.Language, "arrival_show_title"), cancellationToken);
        return FeatureReply.Card(shown);
    }
}
