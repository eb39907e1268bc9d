using System.Collections.Concurrent;
using System.Net;
using CoachBot.Roster;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;

namespace CoachBot.Teams;

/// <summary>Who sent an activity: their Entra object id and, when they are on it, their roster entry.</summary>
public sealed record TeamsUser(string? AadObjectId, RosterMember? Member);

/// <summary>
/// Matches the sender of an activity to the roster: by Entra object id first; when that fails and the roster has
/// people known only by e-mail, asks Teams for the member's UPN (activities do not carry it). Only the UPN: it is the
/// sign-in name the account's own tenant vouches for (a tenant can only use domains it verified), while the mail
/// attribute is whatever an administrator of any tenant typed. The first account matched to such a member is pinned
/// (<see cref="MemberPins"/>): a later account with the same UPN is not that member. The rule itself is
/// <see cref="AccountMatch"/>'s, the Dashboard's too.
/// Answers are cached per object id for the roster version in force: a change of roster looks them up again. When the organisation's tenant is
/// configured, a sender from another tenant is nobody on the roster, whatever their ids or e-mail say.
/// </summary>
public sealed class TeamsIdentity(Organization organization, AccountMatch accounts, ILogger<TeamsIdentity> logger)
{
    private readonly ConcurrentDictionary<string, (long RosterVersion, TeamsUser User)> _byObjectId = new(StringComparer.OrdinalIgnoreCase);

    public async Task<TeamsUser> ResolveAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var from = turnContext.Activity.From;
        var objectId = string.IsNullOrWhiteSpace(from?.AadObjectId) ? null : from.AadObjectId;
        var tenant = TenantOf(turnContext.Activity);
        if (!organization.IsOwnTenant(tenant))
        {
            Log.ForeignTenant(logger);
            return new TeamsUser(objectId, null);
        }
        var version = organization.Version.Number;
        if (objectId is not null && _byObjectId.TryGetValue(objectId, out var cached) && cached.RosterVersion == version)
        {
            return cached.User;
        }

        var member = await accounts.MemberAsync(tenant, objectId, null, cancellationToken);
        if (member is null && from?.Id is { Length: > 0 } userId && (organization.HasMembersWithoutObjectId || objectId is null))
        {
            if (await GetMemberAsync(turnContext, userId, cancellationToken) is { } account)
            {
                objectId ??= Guid.TryParse(account.AadObjectId, out _) ? account.AadObjectId : null;
                member = await accounts.MemberAsync(tenant, objectId, account.UserPrincipalName, cancellationToken);
            }
            Log.MatchedThroughTeams(logger, member is not null);
        }

        var user = new TeamsUser(objectId, member);
        if (objectId is not null)
        {
            _byObjectId[objectId] = (version, user);
        }
        return user;
    }

    /// <summary>The tenant Teams names for the activity: the conversation's, else the channel data's.</summary>
    public static string? TenantOf(Activity activity) =>
        activity.Conversation?.TenantId ?? activity.GetChannelData<TeamsChannelData>()?.Tenant?.Id;

    /// <summary>The member as Teams knows them; null when Teams says they are not in the conversation. Other failures propagate.</summary>
    private static async Task<TeamsChannelAccount?> GetMemberAsync(ITurnContext turnContext, string userId, CancellationToken cancellationToken)
    {
        try
        {
            return await TeamsInfo.GetMemberAsync(turnContext, userId, cancellationToken);
        }
        catch (ErrorResponseException ex) when (ex.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
