using System.Collections.Concurrent;
using CoachBot.Roster;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;

namespace CoachBot.Teams;

/// <summary>Who sent an activity: their Entra object id and, when they are on it, their roster entry.</summary>
public sealed record TeamsUser(string? AadObjectId, RosterMember? Member);

/// <summary>
/// Matches the sender of an activity to the roster: by Entra object id first; when that fails and the roster has
/// people known only by e-mail, asks Teams for the member's e-mail/UPN (activities do not carry it).
/// Answers are cached per object id: the roster is fixed for the life of the process.
/// </summary>
public sealed class TeamsIdentity(Organization organization, ILogger<TeamsIdentity> logger)
{
    private readonly ConcurrentDictionary<string, TeamsUser> _byObjectId = new(StringComparer.OrdinalIgnoreCase);

    public async Task<TeamsUser> ResolveAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var from = turnContext.Activity.From;
        var objectId = string.IsNullOrWhiteSpace(from?.AadObjectId) ? null : from.AadObjectId;
        if (objectId is not null && _byObjectId.TryGetValue(objectId, out var cached))
        {
            return cached;
        }

        var member = organization.Find(objectId, null);
        if (member is null && from?.Id is { Length: > 0 } userId && (organization.HasMembersWithoutObjectId || objectId is null))
        {
            var account = await TeamsInfo.GetMemberAsync(turnContext, userId, cancellationToken);
            objectId ??= string.IsNullOrWhiteSpace(account.AadObjectId) ? null : account.AadObjectId;
            member = organization.Find(objectId, account.Email) ?? organization.Find(objectId, account.UserPrincipalName);
            Log.MatchedThroughTeams(logger, member is not null);
        }

        var user = new TeamsUser(objectId, member);
        if (objectId is not null)
        {
            _byObjectId[objectId] = user;
        }
        return user;
    }
}
