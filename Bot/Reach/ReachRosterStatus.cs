using CoachBot.Roster;

namespace CoachBot.Reach;

/// <summary>Each person's reach, as a line under their entry on the <c>roster</c> card: one read of each reach table per card.</summary>
public sealed class ReachRosterStatus(IReachDirectory directory, ReachCards cards) : IRosterStatus
{
    public async Task<IReadOnlyDictionary<string, string>> LinesAsync(IReadOnlyList<RosterMember> members, string language, CancellationToken cancellationToken)
    {
        var shown = members.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        var everyone = await directory.ListAsync(cancellationToken);
        return everyone.Where(r => shown.Contains(r.Member.Id))
            .ToDictionary(r => r.Member.Id, r => cards.Line(r, language), StringComparer.Ordinal);
    }
}

/// <summary>The teams the app is in against the roster, for the <c>roster</c> card (one read of the team table per card); null when it is in none.</summary>
public sealed class ReachRosterTeam(TeamMemberStore teams, Organization organization, ReachCards cards) : IRosterTeam
{
    public async Task<RosterTeam?> CompareAsync(string language, CancellationToken cancellationToken)
    {
        var team = TeamComparison.Of(await teams.ListAsync(cancellationToken), organization);
        return team.HasTeam ? cards.RosterTeam(team, language) : null;
    }
}
