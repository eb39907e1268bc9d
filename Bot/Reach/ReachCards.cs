using System.Text.Json.Nodes;
using CoachBot.Cards;
using CoachBot.Localization;
using CoachBot.Roster;
using Microsoft.Extensions.Options;

namespace CoachBot.Reach;

/// <summary>The <c>reach</c> card, and the sentences that say why someone cannot be reached (the digest uses them too).</summary>
public sealed class ReachCards(Texts texts, Organization organization, IOptions<ReachOptions> options)
{
    /// <summary>Names listed per section before "… and N more", so the card stays small whatever the roster's size.</summary>
    public const int MaxNames = 40;

    /// <summary>The most text one section's lines take: names come from Teams, and a display name can be 256 characters.</summary>
    public const int MaxSectionBytes = 6_000;

    public JsonObject Card(IReadOnlyList<MemberReach> everyone, TeamComparison team, string language)
    {
        var unreachable = everyone.Where(r => !r.IsReachable).ToList();
        var data = new JsonObject
        {
            ["text"] = texts.AsJson(language),
            ["title"] = texts.Get(language, "reach_title"),
            ["summary"] = Plural(everyone.Count - unreachable.Count, "reach_summary", language, everyone.Count),
            ["unreachableHeading"] = Count(unreachable.Count, language),
            ["unreachable"] = Lines(unreachable.Select(r => Line(r, language)).ToList(), out var unreachableMore),
            ["unreachableMore"] = CardList.More(texts, language, unreachableMore),
            ["installs"] = options.Value.InstallsEnabled
                ? texts.Format(language, "reach_installs_on", options.Value.InstallTime.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture))
                : texts.Get(language, "reach_installs_off"),
            ["hasTeam"] = team.HasTeam,
            ["notOnRosterHeading"] = Plural(team.NotOnRoster.Count, "reach_not_on_roster", language),
            ["notOnRoster"] = Lines(team.NotOnRoster.Select(NameOf).ToList(), out var notOnRosterMore),
            ["notOnRosterMore"] = CardList.More(texts, language, notOnRosterMore),
            ["notInTeamHeading"] = Plural(team.NotInTeam.Count, "reach_not_in_team", language),
            ["notInTeam"] = Lines(team.NotInTeam.Select(m => m.Name).ToList(), out var notInTeamMore),
            ["notInTeamMore"] = CardList.More(texts, language, notInTeamMore),
        };
        return CardTemplate.Load("Reach/Cards/reach.json").Fill(data);
    }

    /// <summary>The team against the roster for the <c>roster</c> card: the same headings as here, each team member with what the Add button fills in.</summary>
    public RosterTeam RosterTeam(TeamComparison team, string language) => new(
        Plural(team.NotOnRoster.Count, "reach_not_on_roster", language),
        team.NotOnRoster.Select(m => new TeamCandidate(NameOf(m), m.Email ?? m.UserPrincipalName, m.AadObjectId)).ToList(),
        Plural(team.NotInTeam.Count, "reach_not_in_team", language),
        team.NotInTeam.Select(m => m.Name).ToList());

    private static string NameOf(TeamMember member) => member.Name.Length > 0 ? member.Name : member.UserPrincipalName ?? member.Email ?? member.AadObjectId;

    /// <summary>"Nobody…", "1 person…", "3 people cannot be reached": the count with its zero, singular and plural forms.</summary>
    public string Count(int unreachable, string language) => Plural(unreachable, "reach_unreachable", language);

    /// <summary>One person and why they cannot be reached: "Priya Nair: installation refused by an app permission policy on 1 December 2026".</summary>
    public string Line(MemberReach reach, string language)
    {
        var name = reach.Member.Name;
        var attempt = reach.LastAttempt;
        return reach.State switch
        {
            ReachState.Reachable => texts.Format(language, "reach_line_reachable", name),
            ReachState.Removed => texts.Format(language, "reach_line_removed", name),
            ReachState.InstallFailed when attempt is not null => texts.Format(language, "reach_line_failed", name, Why(attempt, language),
                Day(attempt.At, language), Day(attempt.NextAttemptAt, language)),
            _ when attempt is { Outcome: InstallOutcome.Installed or InstallOutcome.AlreadyInstalled } => texts.Format(language,
                attempt.Outcome == InstallOutcome.Installed ? "reach_line_requested" : "reach_line_already", name, Day(attempt.At, language)),
            _ => texts.Format(language, "reach_line_never", name),
        };
    }

    private string Why(InstallAttempt attempt, string language) => attempt.Outcome switch
    {
        InstallOutcome.RefusedByPolicy when attempt.Detail?.StartsWith(ReachInstallRun.LookupRefused, StringComparison.Ordinal) == true =>
            texts.Get(language, "reach_why_lookup_refused"),
        InstallOutcome.RefusedByPolicy => texts.Format(language, "reach_why_policy", attempt.Detail ?? "403"),
        InstallOutcome.NoSuchUser when attempt.Detail == ReachInstallRun.NoUserWithThisEmail => texts.Get(language, "reach_why_no_email"),
        InstallOutcome.NoSuchUser => texts.Get(language, "reach_why_no_user"),
        _ => texts.Format(language, "reach_why_failed", attempt.Detail ?? ""),
    };

    /// <summary>The key's zero, singular or plural form, with the count as <c>{0}</c> and <paramref name="more"/> after it.</summary>
    private string Plural(int count, string key, string language, params object[] more) =>
        texts.Format(language, key + (count switch { 0 => "_zero", 1 => "_one", _ => "_other" }), [count, .. more]);

    private string Day(DateTimeOffset at, string language) =>
        Texts.LongDate(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, organization.DirectorTimeZone).DateTime), language);

    private static JsonArray Lines(IReadOnlyList<string> lines, out int leftOut)
    {
        var (shown, more) = CardList.Newest(lines, MaxNames, MaxSectionBytes);
        leftOut = more;
        return new JsonArray(shown.Select(l => (JsonNode)new JsonObject { ["line"] = l }).ToArray());
    }
}
