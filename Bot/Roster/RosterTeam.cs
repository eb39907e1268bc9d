namespace CoachBot.Roster;

/// <summary>Someone in a team the app is in who is not on the roster: what the card's Add button fills the person form with.</summary>
public sealed record TeamCandidate(string Name, string? Email, string AadObjectId);

/// <summary>The teams the app is in against the roster, as the <c>roster</c> card shows them, the headings in the reader's language.</summary>
public sealed record RosterTeam(string NotOnRosterHeading, IReadOnlyList<TeamCandidate> NotOnRoster, string NotInTeamHeading, IReadOnlyList<string> NotInTeam);

/// <summary>
/// Who is in the team but not on the roster, and who is on the roster but not in the team, for the <c>roster</c> card.
/// Another feature keeps the team's members and registers it (<c>services.AddSingleton&lt;IRosterTeam, XyzTeam&gt;()</c>).
/// </summary>
public interface IRosterTeam
{
    /// <summary>Null when the app is in no team: the card then says nothing about teams.</summary>
    Task<RosterTeam?> CompareAsync(string language, CancellationToken cancellationToken);
}
