using CoachBot.Roster;

namespace CoachBot.Reach;

/// <summary>The teams the app is in, against the roster: who is in a team but not on the roster, and who is on the roster but in no team.</summary>
public sealed record TeamComparison(bool HasTeam, IReadOnlyList<TeamMember> NotOnRoster, IReadOnlyList<RosterMember> NotInTeam)
{
    /// <summary>A team member is a roster member by object id, else (for people the roster knows by e-mail only) by UPN, else by e-mail.</summary>
    public static TeamComparison Of(IReadOnlyList<KnownTeam> teams, Organization organization)
    {
        if (teams.Count == 0)
        {
            return new TeamComparison(false, [], []);
        }
        var matched = new HashSet<string>(StringComparer.Ordinal);
        var strangers = new Dictionary<string, TeamMember>(StringComparer.Ordinal);
        foreach (var member in teams.SelectMany(t => t.Members))
        {
            var onRoster = organization.Find(member.AadObjectId, member.UserPrincipalName) ?? organization.Find(member.AadObjectId, member.Email);
            if (onRoster is not null)
            {
                matched.Add(onRoster.Id);
            }
            else
            {
                strangers.TryAdd(member.AadObjectId, member);
            }
        }
        return new TeamComparison(
            true,
            strangers.Values.OrderBy(m => m.Name, StringComparer.CurrentCulture).ToList(),
            organization.Members.Where(m => !matched.Contains(m.Id)).ToList());
    }
}
