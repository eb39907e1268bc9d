using System.Text.Json.Nodes;
using CoachBot.Roster;
using CoachBot.Teams.Delivery;

namespace CoachBot.Teams;

/// <summary>
/// Who among some roster members a proactive card can reach, and in which language: what every campaign needs before
/// it hands its recipients to the delivery engine.
/// </summary>
public sealed class ReachableMembers(ConversationReferenceStore references, UserPreferencesStore preferences, MemberPins pins, Organization organization)
{
    /// <summary>The members a campaign is meant for, with who among them it can reach: its recipients are built there.</summary>
    public async Task<Audience> AudienceAsync(IReadOnlyList<RosterMember> members, CancellationToken cancellationToken) =>
        new(this, members, await ObjectIdsAsync(members, cancellationToken));

    /// <summary>
    /// Each member's Entra object id with an active conversation: from the roster, or, for members the roster knows by
    /// e-mail only, from the conversation reference recorded when they were identified, and only the account pinned to
    /// them (<see cref="MemberPins"/>), whatever another reference says. One scan of the references, one query of the pins.
    /// </summary>
    public async Task<Dictionary<string, string>> ObjectIdsAsync(IEnumerable<RosterMember> members, CancellationToken cancellationToken)
    {
        var activeObjectIds = new HashSet<string>(StringComparer.Ordinal);
        var identifiedMembers = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var conversation in references.ListActiveAsync(cancellationToken))
        {
            activeObjectIds.Add(conversation.AadObjectId);
            if (conversation.MemberId is { } memberId)
            {
                identifiedMembers.Add(memberId);
            }
        }
        var pinned = identifiedMembers.Count == 0 ? [] : await pins.AllAsync(cancellationToken);
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            if (member.AadObjectId is { } objectId && activeObjectIds.Contains(objectId))
            {
                found[member.Id] = objectId;
            }
            else if (member.AadObjectId is null && identifiedMembers.Contains(member.Id)
                && pinned.TryGetValue(member.Id, out var pin) && activeObjectIds.Contains(pin))
            {
                found[member.Id] = pin;
            }
        }
        return found;
    }

    /// <summary>
    /// The language of a proactive card, by the rule every turn follows: the member's own choice (<c>language en|fr</c>),
    /// else the Teams locale last seen from them (kept with their conversation reference), else the roster's, else the
    /// organisation's default.
    /// </summary>
    /// <remarks>A member no longer on the roster (null), who still holds a card, is answered by the same rule without the roster step.</remarks>
    public async Task<string> LanguageAsync(RosterMember? member, string objectId, CancellationToken cancellationToken)
    {
        var chosen = Languages.Normalize((await preferences.GetAsync(objectId, cancellationToken)).Language);
        if (chosen is not null)
        {
            return chosen;
        }
        var conversation = await references.GetAsync(objectId, cancellationToken);
        return Languages.Normalize(conversation?.TeamsLocale) ?? member?.Language ?? organization.DefaultLanguage;
    }

    /// <summary>
    /// A new message to <paramref name="member"/> at <paramref name="objectId"/>, with the card <paramref name="card"/>
    /// builds in their language (<see cref="LanguageAsync"/>) when it is sent: a resumed campaign does not rebuild the sent ones.
    /// </summary>
    public Recipient Card(RosterMember? member, string objectId, Func<string, CancellationToken, ValueTask<JsonObject>> card) =>
        new(objectId, async token => await card(await LanguageAsync(member, objectId, token), token));
}
