using CoachBot.Reach;
using CoachBot.Roster;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using TeamMember = CoachBot.Reach.TeamMember;

namespace CoachBot.Teams;

/// <summary>
/// The members of a team the app is installed in, read from Teams: the whole list through the paged members API
/// (following continuation tokens) when the app is added, then each membersAdded / membersRemoved event. Kept in
/// <see cref="TeamMemberStore"/> as plain records, so reach can compare the team with the roster. What one event may
/// store is bounded: at most <see cref="MaxTeamMembers"/> per team, names and addresses cut to what Entra ID allows, and
/// an event naming more than <see cref="MaxMembersPerEvent"/> people is answered by reading the team again instead.
/// </summary>
public sealed class TeamMembership(TeamMemberStore store, ILogger<TeamMembership> logger)
{
    /// <summary>Members asked for per page (Teams serves at most 500; the default is 200).</summary>
    public const int PageSize = 200;

    /// <summary>The most members kept for one team; the pages past it are not read.</summary>
    public const int MaxTeamMembers = 5_000;

    /// <summary>The most people one membersAdded or membersRemoved event is taken as it is for; past it, the team is read again.</summary>
    public const int MaxMembersPerEvent = 100;

    /// <summary>Entra ID's longest display name; a longer one is cut.</summary>
    public const int MaxNameLength = 256;

    /// <summary>The longest e-mail address or UPN kept; a longer one is not an address and is dropped.</summary>
    public const int MaxAddressLength = 320;

    /// <summary>The team the activity comes from, or null for a personal or group chat.</summary>
    public static string? TeamOf(IActivity activity) => (activity as Activity)?.GetChannelData<TeamsChannelData>()?.Team?.Id is { Length: > 0 } id ? id : null;

    /// <summary>Reads every member of the team, page after page, and replaces what was kept.</summary>
    public async Task SyncAsync(ITurnContext turnContext, string teamId, CancellationToken cancellationToken)
    {
        var members = new List<TeamMember>();
        string? continuation = null;
        var pages = 0;
        do
        {
            var page = await TeamsInfo.GetPagedTeamMembersAsync(turnContext, teamId, continuation, PageSize, cancellationToken);
            pages++;
            members.AddRange(page.Members.Select(ToMember).OfType<TeamMember>());
            continuation = page.ContinuationToken;
            if (members.Count >= MaxTeamMembers && !string.IsNullOrEmpty(continuation))
            {
                Log.TeamTooLarge(logger, MaxTeamMembers);
                members.RemoveRange(MaxTeamMembers, members.Count - MaxTeamMembers);
                break;
            }
        }
        while (!string.IsNullOrEmpty(continuation));
        await store.ReplaceAsync(teamId, members, pages, cancellationToken);
    }

    public Task AddedAsync(string teamId, IEnumerable<TeamsChannelAccount> added, CancellationToken cancellationToken) =>
        store.AddAsync(teamId, added.Select(ToMember).OfType<TeamMember>(), cancellationToken);

    public Task RemovedAsync(string teamId, IEnumerable<TeamsChannelAccount> removed, CancellationToken cancellationToken) =>
        store.RemoveAsync(teamId, removed.Select(ToMember).OfType<TeamMember>().Select(m => m.AadObjectId), cancellationToken);

    public Task ForgetAsync(string teamId, CancellationToken cancellationToken) => store.ForgetAsync(teamId, cancellationToken);

    /// <summary>A person with an Entra object id; bots and guests Teams lists without one are not kept.</summary>
    private static TeamMember? ToMember(TeamsChannelAccount account) =>
        RosterIdentity.TryNormalizeObjectId(account.AadObjectId, out var objectId)
            ? new TeamMember(objectId, Cut(account.Name ?? ""), Address(account.Email), Address(account.UserPrincipalName))
            : null;

    private static string Cut(string name) => name.Length > MaxNameLength ? name[..MaxNameLength] : name;

    private static string? Address(string? text) => string.IsNullOrWhiteSpace(text) || text.Trim().Length > MaxAddressLength ? null : text.Trim();
}
