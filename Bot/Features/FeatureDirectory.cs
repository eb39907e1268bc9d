using CoachBot.Roster;

namespace CoachBot.Features;

/// <summary>
/// Every registered feature's commands and card verbs, indexed once. Two features claiming the same verb, or the same
/// command words, stop the service at start.
/// </summary>
public sealed class FeatureDirectory
{
    private readonly List<(IFeature Feature, ChatCommand Command)> _commands;
    private readonly Dictionary<string, IFeature> _verbs = new(StringComparer.Ordinal);

    public FeatureDirectory(IEnumerable<IFeature> features)
    {
        var all = features.ToList();
        // Longest first: "my stats" must be tried before a command whose words are "my".
        _commands = all.SelectMany(f => f.Commands.Select(c => (f, c))).OrderByDescending(pair => pair.c.Length).ToList();
        foreach (var feature in all)
        {
            foreach (var verb in feature.Verbs)
            {
                if (!_verbs.TryAdd(verb, feature))
                {
                    throw new InvalidOperationException($"Two features claim the card verb '{verb}'.");
                }
            }
        }
        var words = _commands.SelectMany(pair => new[] { pair.Command.English, pair.Command.French }).Concat(
            [Onboarding.Help.English, Onboarding.Help.French, Onboarding.Language.English, Onboarding.Language.French]);
        if (words.GroupBy(w => w).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new InvalidOperationException($"Two commands are both '{twice.Key}'.");
        }
    }

    /// <summary>The feature command <paramref name="text"/> invokes and that <paramref name="member"/> may use, with its argument; null otherwise.</summary>
    public (IFeature Feature, ChatCommand Command, string Argument)? FindCommand(string text, RosterMember member)
    {
        foreach (var (feature, command) in _commands)
        {
            if (command.TryMatch(text, out var argument) && command.Accepts(member))
            {
                return (feature, command, argument);
            }
        }
        return null;
    }

    /// <summary>
    /// The command <paramref name="text"/> names when it exists but is not one <paramref name="member"/> may use (a rep
    /// typing <c>export</c>), so the answer can say whose it is instead of "I did not understand"; null otherwise.
    /// </summary>
    public ChatCommand? FindCommandOfOtherRoles(string text, RosterMember member) =>
        _commands.Where(pair => !pair.Command.IsFor(member) && pair.Command.TryMatch(text, out _)).Select(pair => pair.Command).FirstOrDefault();

    public IFeature? FindVerb(string verb) => _verbs.GetValueOrDefault(verb);
}
