using CoachBot.Roster;
using CoachBot.Teams;

namespace CoachBot.Reach;

/// <summary>
/// Reach from what the bot already keeps: a member with an active conversation is reachable; one whose conversation is
/// inactive removed the app; one with none never installed it. A failed installation attempt made since then says why
/// instead. Members known by e-mail only are found through the roster id their conversation was stored with.
/// </summary>
public sealed class ReachDirectory(Organization organization, ConversationReferenceStore references, InstallAttemptStore attempts) : IReachDirectory
{
    public async Task<MemberReach> StatusOfAsync(string memberId, CancellationToken cancellationToken)
    {
        var member = organization.FindById(memberId) ?? throw new KeyNotFoundException($"No roster member '{memberId}'.");
        StoredConversation? conversation = null;
        if (member.AadObjectId is { } objectId)
        {
            conversation = await references.GetAsync(objectId, cancellationToken);
        }
        else
        {
            await foreach (var stored in references.ListAllAsync(cancellationToken))
            {
                if (stored.MemberId == member.Id && (conversation is null || stored.Active))
                {
                    conversation = stored;
                }
            }
        }
        return Of(member, conversation, await attempts.GetAsync(member.Id, cancellationToken));
    }

    public async Task<IReadOnlyList<MemberReach>> ListAsync(CancellationToken cancellationToken)
    {
        var byObjectId = new Dictionary<string, StoredConversation>(StringComparer.Ordinal);
        var byMember = new Dictionary<string, StoredConversation>(StringComparer.Ordinal);
        await foreach (var stored in references.ListAllAsync(cancellationToken))
        {
            byObjectId[stored.AadObjectId] = stored;
            // An e-mail-only member may have had two accounts over time: the active conversation wins.
            if (stored.MemberId is { } memberId && (!byMember.TryGetValue(memberId, out var known) || !known.Active))
            {
                byMember[memberId] = stored;
            }
        }
        var recorded = await attempts.ListAsync(cancellationToken);
        return organization.Members.Select(member =>
        {
            var conversation = member.AadObjectId is { } objectId ? byObjectId.GetValueOrDefault(objectId) : byMember.GetValueOrDefault(member.Id);
            return Of(member, conversation, recorded.GetValueOrDefault(member.Id));
        }).ToList();
    }

    /// <summary>The state from the conversation and the last attempt: a failure made after the conversation last changed is the news.</summary>
    public static MemberReach Of(RosterMember member, StoredConversation? conversation, InstallAttempt? attempt)
    {
        if (conversation is { Active: true })
        {
            return new MemberReach(member, ReachState.Reachable, attempt);
        }
        var failedSince = attempt is { IsFailure: true } && (conversation?.UpdatedAt is not { } changed || attempt.At >= changed);
        var state = failedSince ? ReachState.InstallFailed : conversation is null ? ReachState.NeverInstalled : ReachState.Removed;
        return new MemberReach(member, state, attempt);
    }
}
