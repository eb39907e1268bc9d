using CoachBot.Features;
using CoachBot.Localization;

namespace CoachBot.Roster;

/// <summary>
/// The answers every roster card action ends with: the roster card (with each person's status lines and the team against
/// the roster), the card after a
/// conflict, the problems of a refused change in the caller's language, and the "who can" answer.
/// </summary>
public sealed class RosterReplies(Organization organization, RosterCards cards, Texts texts, IEnumerable<IRosterStatus> statuses, IEnumerable<IRosterTeam> teams)
{
    private readonly IRosterStatus? _status = statuses.FirstOrDefault();
    private readonly IRosterTeam? _team = teams.FirstOrDefault();

    public async Task<FeatureReply> RosterCardAsync(RosterSnapshot roster, string language, string search, string? banner, bool warning, CancellationToken cancellationToken)
    {
        var people = roster.Members.Concat(roster.Admins).DistinctBy(m => m.Id).ToList();
        var status = _status is null ? new Dictionary<string, string>() : await _status.LinesAsync(people, language, cancellationToken);
        var team = _team is null ? null : await _team.CompareAsync(language, cancellationToken);
        return FeatureReply.Card(cards.Roster(roster, language, search, banner, warning, status, team));
    }

    public Task<FeatureReply> CurrentAsync(string language, string? banner, bool warning, CancellationToken cancellationToken) =>
        RosterCardAsync(organization.Current, language, "", banner, warning, cancellationToken);

    public Task<FeatureReply> ConflictAsync(RosterChangeResult result, string language, CancellationToken cancellationToken) =>
        CurrentAsync(language, texts.Format(language, "roster_conflict", result.Version.ChangedBy, cards.When(result.Version.ChangedAt, language)), true, cancellationToken);

    /// <summary>What the whole roster's validation found, in the caller's language (the service's start-up log has them in English).</summary>
    public IReadOnlyList<string> Problems(RosterChangeResult result, string language) =>
        result.Problems.Select(p => p.In(texts, language)).ToList();

    public FeatureReply WhoCan(string language)
    {
        var roster = organization.Current;
        var names = roster.Members.Where(m => m.Has(Role.Director)).Concat(roster.Admins).DistinctBy(m => m.Id).Select(m => m.Name).ToList();
        return FeatureReply.Text(texts.Format(language, "roster_who_can", string.Join(", ", names)));
    }
}
