using CoachBot.Features;
using CoachBot.Roster;

namespace CoachBot.Coaching;

/// <summary>
/// The coaching programme's chat command and card verbs, for the edge to dispatch. Whose prompt it is always comes
/// from the <see cref="Caller"/>; the card data only names a week and a prompt, checked against the caller's own records.
/// </summary>
public sealed class CoachingFeature(CoachingService service, CoachingCards cards) : IFeature
{
    // Every role has a track, so everyone on the roster may ask.
    public static readonly ChatCommand MyProgramme = new("my programme", "mon programme", "cmd_my_programme");

    public IReadOnlyList<ChatCommand> Commands { get; } = [MyProgramme];

    public IReadOnlyList<string> Verbs { get; } = [CoachingCards.DoneVerb, CoachingCards.LaterVerb, CoachingCards.SkipVerb];

    public async Task<FeatureReply> RunCommandAsync(ChatCommand command, string argument, Caller caller, CancellationToken cancellationToken) =>
        command == MyProgramme
            ? FeatureReply.Card(cards.Progress(await service.ProgressAsync(caller.Member, cancellationToken), caller.Language))
            : throw new ArgumentException($"'{command.English}' is not a coaching command.", nameof(command));

    public async Task<FeatureReply> RunActionAsync(CardAction action, Caller caller, CancellationToken cancellationToken)
    {
        var answer = action.Verb switch
        {
            CoachingCards.DoneVerb => CoachingAnswer.Done,
            CoachingCards.LaterVerb => CoachingAnswer.Later,
            CoachingCards.SkipVerb => CoachingAnswer.NotRelevant,
            _ => throw new ArgumentException($"'{action.Verb}' is not a coaching verb.", nameof(action)),
        };
        var inputs = action.Texts([CoachingService.Reflection, CoachingService.Commitment, CoachingService.FollowUp]);
        var view = await service.AnswerAsync(caller.Member, answer, action.Text("week"), action.Text("prompt"), inputs, cancellationToken);
        return FeatureReply.Card(cards.For(view, caller.Language));
    }
}
