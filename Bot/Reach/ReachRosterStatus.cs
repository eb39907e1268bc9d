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
