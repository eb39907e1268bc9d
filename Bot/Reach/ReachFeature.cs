using CoachBot.Features;
using CoachBot.Roster;

namespace CoachBot.Reach;

/// <summary>
/// <c>reach</c> (<c>joignabilité</c>) for the director: who the bot can reach, who it cannot and why, and the teams it is
/// in against the roster. Until the roster card shows reach, this is where it is seen.
/// </summary>
public sealed class ReachFeature(IReachDirectory directory, TeamMemberStore teams, ReachCards cards, Organization organization) : IFeature
{
    public static readonly ChatCommand Reach = new("reach", "joignabilité", "cmd_reach", new HashSet<Role> { Role.Director });

    public IReadOnlyList<ChatCommand> Commands { get; } = [Reach];

    public IReadOnlyList<string> Verbs { get; } = [];

    public async Task<FeatureReply> RunCommandAsync(ChatCommand command, string argument, Caller caller, CancellationToken cancellationToken)
    {
        var everyone = await directory.ListAsync(cancellationToken);
        var team = TeamComparison.Of(await teams.ListAsync(cancellationToken), organization);
        return FeatureReply.Card(cards.Card(everyone, team, caller.Language));
    }

    public Task<FeatureReply> RunActionAsync(CardAction action, Caller caller, CancellationToken cancellationToken) =>
        throw new ArgumentException($"'{action.Verb}' is not a reach verb.", nameof(action));
}
