using System.Text.Json.Nodes;
using CoachBot.Roster;

namespace CoachBot.Teams.Delivery;

/// <summary>
/// The people a campaign is meant for and which of them a proactive message can reach
/// (<see cref="ReachableMembers.AudienceAsync"/>): where every feature's campaigns build their recipients, each card or
/// sentence in the person's language (<see cref="ReachableMembers.LanguageAsync"/>).
/// </summary>
public sealed class Audience
{
    private readonly ReachableMembers _reachable;
    private readonly IReadOnlyDictionary<string, string> _objectIds;

    internal Audience(ReachableMembers reachable, IReadOnlyList<RosterMember> members, IReadOnlyDictionary<string, string> objectIds)
    {
        _reachable = reachable;
        _objectIds = objectIds;
        Members = members;
        Reached = members.Where(m => objectIds.ContainsKey(m.Id)).ToList();
    }

    /// <summary>Everyone the campaign is meant for, in the order given.</summary>
    public IReadOnlyList<RosterMember> Members { get; }

    /// <summary>Those of <see cref="Members"/> with an active conversation, in the same order.</summary>
    public IReadOnlyList<RosterMember> Reached { get; }

    /// <summary>How many of <see cref="Members"/> no message can reach.</summary>
    public int Unreached => Members.Count - Reached.Count;

    public bool Reaches(RosterMember member) => _objectIds.ContainsKey(member.Id);

    /// <summary>A new message to a reached member, with the card <paramref name="card"/> builds in their language when it is sent.</summary>
    public Recipient Card(RosterMember member, Func<string, JsonObject> card) =>
        Card(member, (language, _) => ValueTask.FromResult(card(language)));

    /// <inheritdoc cref="Card(RosterMember, Func{string, JsonObject})"/>
    public Recipient Card(RosterMember member, Func<string, CancellationToken, ValueTask<JsonObject>> card) =>
        _reachable.Card(member, ObjectIdOf(member), card);

    /// <summary>A plain text message to each reached member, the sentence in their language.</summary>
    public async Task<List<Recipient>> TextsAsync(Func<string, string> sentence, CancellationToken cancellationToken)
    {
        var recipients = new List<Recipient>();
        foreach (var member in Reached)
        {
            var objectId = ObjectIdOf(member);
            recipients.Add(Recipient.WithText(objectId, sentence(await _reachable.LanguageAsync(member, objectId, cancellationToken))));
        }
        return recipients;
    }

    private string ObjectIdOf(RosterMember member) =>
        _objectIds.TryGetValue(member.Id, out var objectId)
            ? objectId
            : throw new InvalidOperationException($"No message can reach member '{member.Id}'; ask Reaches first.");
}
