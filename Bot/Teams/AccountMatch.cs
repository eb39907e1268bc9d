using CoachBot.Roster;

namespace CoachBot.Teams;

/// <summary>
/// The one rule that says which roster member an Entra account is, for the chat (<see cref="TeamsIdentity"/>, with the
/// UPN Teams reports) and the Dashboard tab (with the token's <c>preferred_username</c> or <c>upn</c>) alike: an account
/// of another tenant is nobody; a member listed with an object id is that account and no other; a member known by
/// e-mail only is the first account whose UPN names them (<see cref="MemberPins"/>), and no later one.
/// </summary>
public sealed class AccountMatch(Organization organization, MemberPins pins, ILogger<AccountMatch> logger)
{
    /// <summary>The roster member the account is, or null (another tenant, not on the roster, or not the pinned account).</summary>
    public async Task<RosterMember?> MemberAsync(string? tenantId, string? objectId, string? userPrincipalName, CancellationToken cancellationToken)
    {
        if (!organization.IsOwnTenant(tenantId))
        {
            Log.ForeignTenant(logger);
            return null;
        }
        var account = RosterIdentity.TryNormalizeObjectId(objectId, out var normalized) ? normalized : null;
        var member = organization.Find(account, userPrincipalName);
        if (member is not { AadObjectId: null })
        {
            return member;
        }
        // Matched by UPN: only an account with an object id can be pinned, and only the pinned one is the member.
        if (account is not null && await pins.PinAsync(member.Id, account, cancellationToken))
        {
            return member;
        }
        Log.NotThePinnedAccount(logger);
        return null;
    }
}
